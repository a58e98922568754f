using System.Text.RegularExpressions;

namespace Cme.Parsing;

/// <summary>
/// What an email says that decides the safeguarding fast path: whether significant concerns are
/// stated, and whether the child's whereabouts are known (true, false, or not said).
/// </summary>
internal static partial class SafeguardingReader
{
    public static bool SignificantConcerns(Form form, string text)
    {
        foreach (var (label, value, _, _) in form.Fields)
        {
            if (ConcernLabel().IsMatch(label))
            {
                return Yes().IsMatch(value) && !No().IsMatch(value);
            }
        }

        return ConcernStated().Matches(text).Any(match => !DeniedBefore(text, match.Index))
            || (ExploitationCue(text) && Exploitation().Matches(text).Any(match => !ExploitationDenied().IsMatch(text.AsSpan(Math.Max(0, match.Index - 50), Math.Min(50, match.Index))) && !AnsweredNo().IsMatch(text.AsSpan(match.Index + match.Length, Math.Min(12, text.Length - match.Index - match.Length)))));
    }

    /// <summary>A cheap look for exploitation's words before the pattern runs: most emails have none.</summary>
    private static bool ExploitationCue(string text) =>
        text.Contains("exploit", StringComparison.OrdinalIgnoreCase) || text.Contains("county lines", StringComparison.OrdinalIgnoreCase)
        || text.Contains("CSE", StringComparison.Ordinal) || text.Contains("CCE", StringComparison.Ordinal) || text.Contains("traffick", StringComparison.OrdinalIgnoreCase);

    public static bool? WhereaboutsKnown(Form form, string text)
    {
        foreach (var (label, value, _, _) in form.Fields)
        {
            if (!label.Contains("whereabouts", StringComparison.Ordinal))
            {
                continue;
            }

            if (Unknown().IsMatch(value) || (label.Contains("known", StringComparison.Ordinal) && No().IsMatch(value)))
            {
                return false;
            }

            return value.Trim().Length > 0;
        }

        if (WhereaboutsUnknown().IsMatch(text))
        {
            return false;
        }

        return WhereaboutsKnownPhrase().IsMatch(text) ? true : null;
    }

    private static bool DeniedBefore(string text, int index)
    {
        var start = Math.Max(0, index - 20);
        return Denial().IsMatch(text[start..index]);
    }

    [GeneratedRegex(@"significant|safeguarding concern", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex ConcernLabel();

    [GeneratedRegex(@"^\s*(yes|y|true|x|☒|✓|✔)\b|\byes\b", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex Yes();

    [GeneratedRegex(@"^\s*(no|none|n/?a|not known|unknown)\b", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex No();

    [GeneratedRegex(@"significant (safeguarding |welfare )?concerns?", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex ConcernStated();

    /// <summary>Exploitation named as a concern (sexual or criminal exploitation, county lines, trafficking): a significant safeguarding concern in itself.</summary>
    [GeneratedRegex(@"\b(CSE|CCE|county lines|(child|sexual|criminal) exploitation|(sexually|criminally) exploited|trafficked|trafficking)\b", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex Exploitation();

    /// <summary>"No concerns regarding", "any risk of", "without evidence of" before the word: exploitation denied or asked about, not stated. A plain "not" ("not attending school and at risk of CSE") denies nothing.</summary>
    [GeneratedRegex(@"\b(no|any|without)\b[^.\n]{0,25}\b(concerns?|risks?|evidence|indications?|suggestions?|issues?)\b[^.\n]*$", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex ExploitationDenied();

    /// <summary>A form's answer after the label: "CSE: No", "County lines - N", "CCE concerns: none".</summary>
    [GeneratedRegex(@"^[^\n\w]*(concerns?|risk)?\s*[:\-–?]?\s*(no|n|none|nil|false|not known)\b", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex AnsweredNo();

    [GeneratedRegex(@"\b(no|not|without|any)\b[^.\n]*$", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex Denial();

    [GeneratedRegex(@"\b(unknown|not known|no idea|cannot be (found|located)|can't be (found|located))\b", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex Unknown();

    [GeneratedRegex(@"whereabouts (are |is )?(currently |still )?(unknown|not known)|(unknown|not known) whereabouts|cannot (be )?(find|found|locate|located) the (child|family)|family (has|have) (disappeared|vanished)", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex WhereaboutsUnknown();

    [GeneratedRegex(@"whereabouts (are |is )?(now )?known", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex WhereaboutsKnownPhrase();
}
