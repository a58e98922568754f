using System.Text.RegularExpressions;

namespace Cme.Parsing;

/// <summary>
/// A form laid out as a table (HTML or Word), read as <c>label: value</c> lines however it pairs
/// them: side by side in a row (<c>Label | value</c>, or two pairs per row), a row of labels above
/// a row of values, or a grid of questions against Yes / No / Unknown columns where a mark in a
/// column is the answer.
/// </summary>
internal static partial class FormTable
{
    /// <summary>One cell's text, and whether it is marked up as a heading (<c>th</c>, or bold only).</summary>
    public sealed record Cell(string Text, bool IsHeading);

    public sealed record Row(IReadOnlyList<Cell> Cells)
    {
        public int Count => Cells.Count;

        public string this[int index] => Cells[index].Text;
    }

    public static string ToText(IReadOnlyList<Row> rows)
    {
        var lines = new List<string>();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (AnswerColumns(row) is { } answers)
            {
                // A Yes/No grid: each following row of the same width answers its question by a mark in a column.
                var j = i + 1;
                for (; j < rows.Count && rows[j].Count == row.Count && AnswerColumns(rows[j]) is null; j++)
                {
                    lines.Add(GridAnswer(rows[j], answers));
                }

                i = j - 1;
                continue;
            }

            if (IsLabelRow(row) && i + 1 < rows.Count && rows[i + 1].Count == row.Count && !IsLabelRow(rows[i + 1]))
            {
                // Labels across the top, values below (a register extract, an admissions export).
                var j = i + 1;
                if (i + 2 < rows.Count && rows[i + 2].Count == row.Count && !IsLabelRow(rows[i + 2]))
                {
                    // Several rows (a return listing children): tab-separated, as a plain-text table is read.
                    lines.Add(string.Join('\t', row.Cells.Select(c => Flat(c.Text))));
                    for (; j < rows.Count && rows[j].Count == row.Count && !IsLabelRow(rows[j]); j++)
                    {
                        lines.Add(string.Join('\t', rows[j].Cells.Select(c => Flat(c.Text))));
                    }

                    i = j - 1;
                    continue;
                }

                for (; j < rows.Count && rows[j].Count == row.Count && !IsLabelRow(rows[j]); j++)
                {
                    for (var c = 0; c < row.Count; c++)
                    {
                        if (row[c].Length > 0)
                        {
                            lines.Add($"{row[c].TrimEnd(':')}: {rows[j][c]}");
                        }
                    }
                }

                i = j - 1;
                continue;
            }

            lines.Add(RowToText(row.Cells.Select(c => c.Text).ToList()));
        }

        return string.Join('\n', lines.Where(l => l.Length > 0));
    }

    private static string Flat(string cell) => cell.Replace('\t', ' ').Replace('\n', ' ').Trim();

    /// <summary>A table row as text: label and value cells paired, so a form reads as <c>label: value</c>.</summary>
    public static string RowToText(IReadOnlyList<string> cells)
    {
        var filled = cells.Where(c => c.Length > 0).ToList();
        if (filled.Count == 2 && cells.Count > 2 && IsLabel(filled[0].TrimEnd(':')) && !IsLabel(filled[1].TrimEnd(':')))
        {
            // A label and its value with empty spacer cells around them (Outlook and Word layout columns).
            return $"{filled[0].TrimEnd(':')}: {filled[1]}";
        }

        if (cells.Count >= 4 && cells.Count % 2 == 0 && Enumerable.Range(0, cells.Count / 2).Any(p => IsLabel(cells[p * 2])))
        {
            var pairs = new List<string>();
            for (var i = 0; i + 1 < cells.Count; i += 2)
            {
                if (cells[i].Length > 0)
                {
                    pairs.Add($"{cells[i].TrimEnd(':')}: {cells[i + 1]}");
                }
            }

            return string.Join('\n', pairs);
        }

        if (filled.Count >= 2 && filled[0].Contains(": ", StringComparison.Ordinal) && IsLabel(filled[0][..filled[0].IndexOf(':', StringComparison.Ordinal)]))
        {
            // Cells that each hold "Label: value" already.
            return string.Join('\n', filled);
        }

        return filled.Count switch
        {
            0 => string.Empty,
            1 => filled[0],
            _ => $"{filled[0].TrimEnd(':')}: {string.Join(" ", filled.Skip(1))}",
        };
    }

    /// <summary>A field label a form uses (the child's, the referrer's, a risk factor's), as written.</summary>
    public static bool IsLabel(string text)
    {
        var trimmed = text.Trim().TrimEnd(':', '*').Trim();
        if (trimmed.Length is 0 or > 60)
        {
            return false;
        }

        var normal = Form.Normalise(trimmed);
        return Labels.All.Contains(normal) || Labels.Other.Contains(normal) || (trimmed.Length < 50 && RiskFactorReader.IsRiskLabel(trimmed));
    }

    private static bool IsLabelRow(Row row)
    {
        if (row.Count < 2 || row.Cells.All(c => c.Text.Length == 0))
        {
            return false;
        }

        var labels = row.Cells.Count(c => c.Text.Length > 0 && IsLabel(c.Text));
        var headings = row.Cells.All(c => c.Text.Length == 0 || c.IsHeading);
        return labels * 2 > row.Cells.Count(c => c.Text.Length > 0) || (headings && labels > 0);
    }

    /// <summary>The columns of a Yes/No/Unknown header row, by index, with the answer each stands for.</summary>
    private static Dictionary<int, string>? AnswerColumns(Row row)
    {
        var answers = new Dictionary<int, string>();
        for (var c = 0; c < row.Count; c++)
        {
            if (AnswerHeading().Match(row[c]) is { Success: true } match)
            {
                answers[c] = match.Value;
            }
        }

        return answers.Count >= 2 && !answers.ContainsKey(0) ? answers : null;
    }

    private static string GridAnswer(Row row, Dictionary<int, string> answers)
    {
        var label = row[0].TrimEnd(':');
        var marked = answers.Where(a => a.Key < row.Count && Mark().IsMatch(row[a.Key])).Select(a => a.Value).ToList();
        return marked.Count == 1 ? $"{label}: {marked[0]}" : $"{label}: {(marked.Count == 0 ? string.Empty : "unclear")}";
    }

    [GeneratedRegex(@"^\s*(yes|no|unknown|not known|don't know|n/a|not sure)\s*\??\s*$", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex AnswerHeading();

    [GeneratedRegex(@"^\s*(x|✓|✔|☒|☑|■|●|yes|y|\[x\]|ticked)\s*$", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex Mark();
}
