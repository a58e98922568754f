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

        return ConcernStated().Matches(text).Any(match => !DeniedBefore(text, match.Index));
    }

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

    [GeneratedRegex(@"\b(no|not|without|any)\b[^.\n]*$", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex Denial();

    [GeneratedRegex(@"\b(unknown|not known|no idea|cannot be (found|located)|can't be (found|located))\b", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex Unknown();

    [GeneratedRegex(@"whereabouts (are |is )?(currently |still )?(unknown|not known)|(unknown|not known) whereabouts|cannot (be )?(find|found|locate|located) the (child|family)|family (has|have) (disappeared|vanished)", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex WhereaboutsUnknown();

    [GeneratedRegex(@"whereabouts (are |is )?(now )?known", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex WhereaboutsKnownPhrase();
}
