using System.Text;
using System.Text.RegularExpressions;

namespace Cme.Parsing;

/// <summary>
/// A table typed or exported as delimited rows — a header of labels, then one row per child —
/// as school information systems send deletion and admission returns (CSV in the body or
/// attached, a spreadsheet's rows, a pipe table): the first row rewritten as <c>label: value</c>
/// lines the form reads, and the rows that name a child counted, so an email that lists several
/// children goes to a person rather than becoming one case for the first.
/// </summary>
internal static partial class DelimitedRows
{
    private const int MaxCells = 40;

    /// <summary>
    /// The text with each table's first row as <c>label: value</c> lines; <paramref name="childRows"/>
    /// gives, for each table whose header names a child, the output line its first label is on and how
    /// many of its rows name one (the form decides, by the section it is in, whether they are children
    /// the email is about or a sibling list).
    /// </summary>
    public static string Rewrite(string text, out Dictionary<int, int> childRows)
    {
        childRows = [];
        if (!MayHoldRows(text))
        {
            return text;
        }

        var lines = text.Split('\n');
        StringBuilder? output = null;
        for (var i = 0; i < lines.Length; i++)
        {
            if (i + 1 >= lines.Length || Header(lines, i) is not { } header)
            {
                output?.Append(lines[i]).Append('\n');
                continue;
            }

            var rows = new List<List<string>>();
            var j = i + 1;
            for (; j < lines.Length && lines[j].Trim().Length > 0; j++)
            {
                if (RuleRow().IsMatch(lines[j]))
                {
                    continue;
                }

                var cells = Cells(lines[j], header.Delimiter);
                if (cells.Count != header.Labels.Count)
                {
                    break;
                }

                rows.Add(cells);
            }

            if (rows.Count == 0)
            {
                output?.Append(lines[i]).Append('\n');
                continue;
            }

            output ??= new StringBuilder(text.Length).AppendJoin('\n', lines.Take(i)).Append(i > 0 ? "\n" : string.Empty);
            if (header.NamesAChild)
            {
                childRows[LineCount(output)] = rows.Count(row => row.Any(cell => cell.Any(char.IsLetter)));
            }

            for (var c = 0; c < header.Labels.Count; c++)
            {
                output.Append(header.Labels[c]).Append(": ").Append(rows[0][c]).Append('\n');
            }

            output.Append('\n');
            i = j - 1;
        }

        return output?.ToString() ?? text;
    }

    /// <summary>A header row: three or more cells, at least two of them labels a form uses, none of them prose.</summary>
    private static (char Delimiter, List<string> Labels, bool NamesAChild)? Header(string[] lines, int at)
    {
        var line = lines[at];
        if (line.Length is < 10 or > 600)
        {
            return null;
        }

        string? next = null;

        foreach (var delimiter in (ReadOnlySpan<char>)['\t', '|', ';', ','])
        {
            if (line.AsSpan().Count(delimiter) < 2)
            {
                continue;
            }

            var cells = Cells(line, delimiter);
            if (cells.Count is < 3 or > MaxCells || cells.Any(cell => cell.Length > 45))
            {
                continue;
            }

            // Prose has commas too, but rarely a next line with as many cells.
            next ??= FirstRow(lines, at + 1);
            if (Cells(next, delimiter).Count != cells.Count)
            {
                continue;
            }

            var normalised = cells.Select(Form.Normalise).ToList();
            var known = normalised.Count(label => Labels.All.Contains(label) || Labels.Other.Contains(label));
            if (known >= 2 && known * 2 >= cells.Count)
            {
                var namesAChild = normalised.Any(label => Labels.FirstName.Contains(label) || Labels.LastName.Contains(label) || Labels.FullName.Contains(label));
                return (delimiter, cells, namesAChild);
            }
        }

        return null;
    }

    /// <summary>The cells of a row; commas inside double quotes belong to the cell (CSV).</summary>
    private static List<string> Cells(string line, char delimiter)
    {
        // A byte-order mark leads a file saved by Excel: it is not part of the first label.
        var trimmed = line.Trim().TrimStart('\uFEFF');
        if (delimiter == '|')
        {
            trimmed = trimmed.Trim('|');
        }

        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var k = 0; k < trimmed.Length; k++)
        {
            var c = trimmed[k];
            if (c == '"' && delimiter != '\t')
            {
                if (quoted && k + 1 < trimmed.Length && trimmed[k + 1] == '"')
                {
                    cell.Append('"');
                    k++;
                }
                else
                {
                    quoted = !quoted;
                }
            }
            else if (c == delimiter && !quoted)
            {
                cells.Add(cell.ToString().Trim());
                cell.Clear();
                if (cells.Count > MaxCells)
                {
                    return cells;
                }
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString().Trim());
        return cells;
    }

    /// <summary>The first line at or after <paramref name="from"/> that is not a rule, or empty.</summary>
    private static string FirstRow(string[] lines, int from)
    {
        for (var k = from; k < lines.Length && k < from + 2; k++)
        {
            if (!RuleRow().IsMatch(lines[k]))
            {
                return lines[k];
            }
        }

        return string.Empty;
    }

    private static int LineCount(StringBuilder text)
    {
        var count = 0;
        foreach (var chunk in text.GetChunks())
        {
            count += chunk.Span.Count('\n');
        }

        return count;
    }

    private static bool MayHoldRows(string text) =>
        text.Contains(',', StringComparison.Ordinal) || text.Contains('\t', StringComparison.Ordinal) || text.Contains('|', StringComparison.Ordinal) || text.Contains(';', StringComparison.Ordinal);

    /// <summary>"|---|---|", "----,----": a rule under a header, not a row.</summary>
    [GeneratedRegex(@"^\s*\|?\s*:?-{3,}:?\s*([|,;\t]\s*:?-{3,}:?\s*)*\|?\s*$", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex RuleRow();
}
