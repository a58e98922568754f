using System.Text;
using System.Text.RegularExpressions;

namespace Cme.Parsing;

/// <summary>
/// A Yes / No / Unknown grid typed in plain text, its answers marked with an X under a column:
/// rewritten as <c>question: answer</c> lines, so a mark in the No column reads as No.
/// </summary>
internal static partial class PlainGrid
{
    public static string Rewrite(string text)
    {
        if (!text.Contains("  ", StringComparison.Ordinal) || !AnswerWord().IsMatch(text))
        {
            return text;
        }

        var lines = text.Split('\n');
        var output = new StringBuilder(text.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            if (Columns(lines[i]) is not { } columns)
            {
                output.Append(lines[i]).Append('\n');
                continue;
            }

            var j = i + 1;
            for (; j < lines.Length && lines[j].Trim().Length > 0; j++)
            {
                var row = RowLine().Match(lines[j]);
                if (!row.Success)
                {
                    break;
                }

                var label = row.Groups["label"].Value.Trim().TrimEnd(':');
                var marks = row.Groups["marks"].Captures;
                if (marks.Count == 0)
                {
                    output.Append(label).Append(": \n");
                    continue;
                }

                var at = marks[0].Index;
                var answer = columns.OrderBy(c => Math.Abs(c.Position - at)).First();
                output.Append(label).Append(": ").Append(Math.Abs(answer.Position - at) <= 6 ? answer.Answer : "unclear").Append('\n');
            }

            i = j - 1;
        }

        return output.ToString();
    }

    /// <summary>The answer columns of a header line ("    Yes   No   Unknown"), by the position each starts at.</summary>
    private static List<(int Position, string Answer)>? Columns(string line)
    {
        var header = HeaderLine().Match(line);
        if (!header.Success)
        {
            return null;
        }

        var columns = new List<(int, string)>();
        foreach (Match word in AnswerWord().Matches(line))
        {
            columns.Add((word.Index + (word.Length / 2), word.Value));
        }

        return columns.Count >= 2 ? columns : null;
    }

    [GeneratedRegex(@"^\s*(?:[\p{L} /()]{0,40}?\s{2,})?(?:yes|no|unknown|not known|n/a)(?:\s{2,}(?:yes|no|unknown|not known|n/a)){1,3}\s*$", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex HeaderLine();

    [GeneratedRegex(@"\b(yes|no|unknown|not known|n/a)\b", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex AnswerWord();

    [GeneratedRegex(@"^(?<label>\s*[\p{L}][^\n]*?)(?:\s{2,}(?<marks>[xX✓✔☒☑■*])\s*)?$", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex RowLine();
}
