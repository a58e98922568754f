using System.Text.RegularExpressions;

namespace Cme.Parsing;

/// <summary>What the referrer says they have already done: the form's answer, or the sentences that report calls, letters and visits.</summary>
internal static partial class ActionsReader
{
    public static string? Read(Form form, string text)
    {
        var stated = form.Value(Labels.ActionsTaken);
        if (stated is not null)
        {
            return stated.Length > 1000 ? stated[..1000] : stated;
        }

        // Paragraphs first: a wrapped line is not the end of a sentence.
        var paragraphs = WrappedLineBreak().Replace(text, " ");
        var sentences = ParserRegex.SentenceBreak().Split(paragraphs)
            .Where(s => ActionWords().IsMatch(s))
            .Select(s => s.Trim())
            .ToList();
        var joined = string.Join(" ", sentences);
        return joined.Length == 0 ? null : joined.Length > 1000 ? joined[..1000] : joined;
    }

    [GeneratedRegex(@"\b(pupils?|child(ren)?|sons?|daughters?|boys|girls|kids|school|referral|UPN|date of birth|DOB|home[- ]?educat(e|ing|ion)|home[- ]?school(ing)?)\b", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    internal static partial Regex AboutAChild();

    [GeneratedRegex(@"\b(rang|phoned|called|telephoned|texted|emailed|wrote|letters?|home visit|visited|checked|contacted|enquiries)\b", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex ActionWords();

    [GeneratedRegex(@"(?<!\n)\n(?!\n)", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex WrappedLineBreak();
}
