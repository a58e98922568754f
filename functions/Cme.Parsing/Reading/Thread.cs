using System.Text.RegularExpressions;
using Cme.Core.Mail;

namespace Cme.Parsing;

/// <summary>
/// An email body split into what the sender wrote now and what came before: a forwarded message
/// (the content of a forward), or quoted history (context for a reply, never a new referral).
/// </summary>
internal sealed partial record Thread(string NewText, string Forwarded, string Quoted, EmailAddress? FirstForwardedAuthor, bool IsForward)
{
    /// <summary>The From and Subject of each header block in the history, newest first (Outlook's From:/Sent:/Subject: blocks).</summary>
    public IReadOnlyList<(EmailAddress? From, string? Subject)> HeaderBlocks { get; init; } = [];

    public static Thread Split(string body, bool subjectSaysForward = false)
    {
        var lines = body.Split('\n');
        var marker = Array.FindIndex(lines, l => ForwardMarker().IsMatch(l.Trim()) || OriginalMarker().IsMatch(l.Trim()) || WroteMarker().IsMatch(l.Trim()));
        if (marker >= 0)
        {
            // Apple Mail and Gmail quote what they forward with '>': the forwarded message is the same text unquoted.
            for (var i = marker + 1; i < lines.Length; i++)
            {
                lines[i] = Unquote(lines[i]);
            }
        }

        var start = -1;
        var forward = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (ForwardMarker().IsMatch(line))
            {
                // Only "Forwarded message" says forward; Outlook's "Original Message" and its rule head replies and forwards alike (the subject tells).
                start = i;
                forward = ExplicitForward().IsMatch(line) || subjectSaysForward;
                break;
            }

            if (OriginalMarker().IsMatch(line) || WroteMarker().IsMatch(line))
            {
                start = i;
                break;
            }

            if (IsHeaderBlock(lines, i))
            {
                // Outlook and OWA forward with a From:/Sent:/To:/Subject: block and no marker line: a FW: subject says it is a forward.
                start = i;
                forward = subjectSaysForward;
                break;
            }
        }

        if (start < 0)
        {
            // Plain '>' quoting: the quoted lines are history.
            var quoted = string.Join('\n', lines.Where(l => l.TrimStart().StartsWith('>')).Select(Unquote));
            var fresh = string.Join('\n', lines.Where(l => !l.TrimStart().StartsWith('>')));
            return new Thread(fresh, string.Empty, quoted, null, false) { HeaderBlocks = Blocks(lines, 0) };
        }

        var newText = string.Join('\n', lines.Take(start));
        var rest = string.Join('\n', lines.Skip(start));
        var author = FirstAuthor(lines, start);
        // A forward's content is the forwarded message up to any older history inside it.
        var restLines = rest.Split('\n');
        var next = -1;
        for (var i = 4; i < restLines.Length; i++)
        {
            if (IsHeaderBlock(restLines, i) || OriginalMarker().IsMatch(restLines[i].Trim()))
            {
                next = i;
                break;
            }
        }

        var first = next < 0 ? rest : string.Join('\n', restLines.Take(next));
        var older = next < 0 ? string.Empty : string.Join('\n', restLines.Skip(next));
        // A reply's history is quoted context, never the sender's own words; a forward's first message is what it forwards.
        return forward
            ? new Thread(newText, first, older, author, true) { HeaderBlocks = Blocks(lines, start) }
            : new Thread(newText, string.Empty, rest, author, false) { HeaderBlocks = Blocks(lines, start) };
    }

    /// <summary>A line without its quoting: "> > Surname: Okafor" is "Surname: Okafor".</summary>
    private static string Unquote(string line) => QuoteMarks().Replace(line, string.Empty);

    private static List<(EmailAddress? From, string? Subject)> Blocks(string[] lines, int start)
    {
        var blocks = new List<(EmailAddress? From, string? Subject)>();
        for (var i = start; i < lines.Length && blocks.Count < 20; i++)
        {
            var line = lines[i].Trim();
            if (!FromLine().IsMatch(line))
            {
                continue;
            }

            EmailAddress? from = ReferrerReader.Address(line);
            string? subject = null;
            for (var j = i + 1; j < Math.Min(lines.Length, i + 8); j++)
            {
                var next = lines[j].Trim();
                if (next.StartsWith("Subject:", StringComparison.OrdinalIgnoreCase))
                {
                    subject = next["Subject:".Length..].Trim();
                    break;
                }
            }

            if (subject is not null || from is not null)
            {
                blocks.Add((from, subject));
            }
        }

        return blocks;
    }

    private static bool IsHeaderBlock(string[] lines, int index)
    {
        if (!FromLine().IsMatch(lines[index].Trim()))
        {
            return false;
        }

        var window = lines.Skip(index + 1).Take(6).Select(l => l.Trim()).ToList();
        return window.Any(l => SentLine().IsMatch(l)) && window.Any(l => l.StartsWith("Subject:", StringComparison.OrdinalIgnoreCase) || l.StartsWith("To:", StringComparison.OrdinalIgnoreCase));
    }

    private static EmailAddress? FirstAuthor(string[] lines, int start)
    {
        for (var i = start; i < Math.Min(lines.Length, start + 8); i++)
        {
            var line = lines[i].Trim();
            if (FromLine().IsMatch(line) && ReferrerReader.EmailIn().Match(line) is { Success: true } match && EmailAddress.TryParse(match.Value, out var author))
            {
                return author;
            }
        }

        return null;
    }

    [GeneratedRegex(@"forwarded message", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex ExplicitForward();

    [GeneratedRegex(@"^\s*(?:>[ \t]?)+", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex QuoteMarks();

    [GeneratedRegex(@"^(-{2,}\s*Forwarded message\s*-{2,}|Begin forwarded message:|-{2,}\s*Original Message\s*-{2,}|_{5,})$", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex ForwardMarker();

    [GeneratedRegex(@"^-{2,}\s*Original Message\s*-{2,}$", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex OriginalMarker();

    [GeneratedRegex(@"^On .{5,120} wrote:$", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex WroteMarker();

    [GeneratedRegex(@"^\*?(From|De|Von)\s*:\*?\s", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex FromLine();

    [GeneratedRegex(@"^\*?(Sent|Date|Envoyé|Gesendet)\s*:", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex SentLine();
}
