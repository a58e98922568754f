using System.Text.RegularExpressions;
using Cme.Core.Intake;

namespace Cme.Parsing;

/// <summary>
/// Risk factors the email states as present. A form answer of No, Not known or N/A is not a risk
/// factor, and neither is a sentence that denies it ("does not have an EHCP").
/// </summary>
internal static partial class RiskFactorReader
{
    private static readonly (RiskFactor Factor, Regex Pattern)[] Phrases =
    [
        (RiskFactor.TemporaryAccommodation, TemporaryAccommodationPhrase()),
        (RiskFactor.DomesticAbuse, DomesticAbusePhrase()),
        (RiskFactor.ChildProtectionPlan, ChildProtectionPlanPhrase()),
        (RiskFactor.ChildInNeed, ChildInNeedPhrase()),
        (RiskFactor.EarlyHelp, EarlyHelpPhrase()),
        (RiskFactor.GypsyRomaTraveller, GypsyRomaTravellerPhrase()),
        (RiskFactor.HighlyMobile, HighlyMobilePhrase()),
        (RiskFactor.CriminalJustice, CriminalJusticePhrase()),
        (RiskFactor.HealthNeeds, HealthNeedsPhrase()),
        (RiskFactor.PrivateFostering, PrivateFosteringPhrase()),
        (RiskFactor.SchoolAgedParent, SchoolAgedParentPhrase()),
        (RiskFactor.ParentalNeeds, ParentalNeedsPhrase()),
        (RiskFactor.LookedAfter, LookedAfterPhrase()),
        (RiskFactor.Send, SendPhrase()),
    ];

    private const string TemporaryAccommodation = @"temporary accommodation|\bhostel\b|\bB&B\b|refuge\b";

    private const string DomesticAbuse = @"domestic (abuse|violence)|operation encompass|(?-i:\bDA\b)";

    private const string ChildProtectionPlan = @"child protection plan|\bCP plan\b|\bCPP\b|subject to (a )?(child )?protection";

    private const string ChildInNeed = @"child in need|\bCIN\b";

    private const string EarlyHelp = @"early help";

    private const string GypsyRomaTraveller = @"\btravell?ers?\b|\bgypsy\b|\broma\b|\bGRT\b|traveller (site|family)";

    private const string HighlyMobile = @"highly mobile";

    private const string CriminalJustice = @"youth justice|\bYJS\b|youth offending|\bYOT\b|referral order|criminal justice|in custody";

    private const string HealthNeeds = @"(medical|health)( /|/| or)? (health )?needs|healthcare plan|diabetes|epilepsy|medical condition";

    private const string PrivateFostering = @"private(ly)? foster";

    private const string SchoolAgedParent = @"school[- ]aged (parent|mother|father)|young (parent|mother|father)|\bpregnan";

    private const string ParentalNeeds = @"parental (mental health|needs|substance|learning)|parent(al)?'?s? (mental health|substance misuse|learning disabilit)|mum'?s? mental health|community mental health team|\b(mum|mother|dad|father|parents?|carers?)'?s? (has |have |with |suffers from |is receiving support for )?(poor |severe )?(mental health|substance|alcohol|drug|learning disabilit)|\b(mum|mother|dad|father|parents?|carers?)\b[^.\n]{0,60}\b(her|his|their) (own )?(mental health|substance|alcohol|drug)";

    private const string LookedAfter = @"looked[- ]after|\bLAC\b|\bCLA\b|in (local authority )?care\b";

    private const string Send = @"(?-i:\bSEND?\b|\bEHCP?\b|EHC plan|special educational needs|statement of (special )?needs)";

    /// <summary>Every factor's phrase at once: one match tells whether a label names any factor.</summary>
    [GeneratedRegex("(?:" + TemporaryAccommodation + ")" + "|" + "(?:" + DomesticAbuse + ")" + "|" + "(?:" + ChildProtectionPlan + ")" + "|" + "(?:" + ChildInNeed + ")" + "|" + "(?:" + EarlyHelp + ")" + "|" + "(?:" + GypsyRomaTraveller + ")" + "|" + "(?:" + HighlyMobile + ")" + "|" + "(?:" + CriminalJustice + ")" + "|" + "(?:" + HealthNeeds + ")" + "|" + "(?:" + PrivateFostering + ")" + "|" + "(?:" + SchoolAgedParent + ")" + "|" + "(?:" + ParentalNeeds + ")" + "|" + "(?:" + LookedAfter + ")" + "|" + "(?:" + Send + ")", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex AnyPhrase();

    public static bool IsRiskLabel(string label)
    {
        return AnyPhrase().IsMatch(label) || AnyPhrase().IsMatch(label.ToUpperInvariant()) || label.Contains("social care", StringComparison.OrdinalIgnoreCase);
    }

    public static IReadOnlyList<RiskFactor> Read(Form form, string text)
    {
        var found = new HashSet<RiskFactor>();
        var answered = new HashSet<RiskFactor>();
        foreach (var (normalised, value, raw, _) in form.Fields)
        {
            var label = raw.ToLowerInvariant();
            var upper = raw.ToUpperInvariant();
            if (!AnyPhrase().IsMatch(label) && !AnyPhrase().IsMatch(upper) && !label.Contains("social care", StringComparison.Ordinal) && !label.Contains("vulnerab", StringComparison.Ordinal) && !label.Contains("risk", StringComparison.Ordinal))
            {
                continue;
            }

            // Labels are normalised to lower case; acronyms (SEND, EHCP, CIN) are matched in upper case.
            var labelFactors = Phrases.Where(p => p.Pattern.IsMatch(label) || p.Pattern.IsMatch(upper)).Select(p => p.Factor).ToList();
            var isAnswer = labelFactors.Count > 0 || label.Contains("social care", StringComparison.Ordinal) || label.Contains("vulnerab", StringComparison.Ordinal) || label.Contains("risk", StringComparison.Ordinal);
            if (!isAnswer)
            {
                continue;
            }

            answered.UnionWith(labelFactors);
            if (!Affirmative().IsMatch(value))
            {
                continue;
            }

            found.UnionWith(labelFactors);
            // "Social care: Yes – Child in Need plan open": the answer names the factor.
            foreach (var (factor, pattern) in Phrases)
            {
                if (pattern.IsMatch(value))
                {
                    found.Add(factor);
                }
            }
        }

        // A phrase found nowhere in the text is in none of its sentences (no phrase is anchored, and sentences
        // are cut at whitespace, which no phrase's word boundary can tell from the end of the text): one scan
        // of the text each rules most phrases out before the sentence-by-sentence reading.
        var inText = Phrases.Where(p => !answered.Contains(p.Factor) && !found.Contains(p.Factor) && p.Pattern.IsMatch(text)).ToList();
        if (inText.Count == 0)
        {
            return found.Order().ToList();
        }

        foreach (var sentence in ParserRegex.SentenceBreak().Split(text))
        {
            if (FormLine().IsMatch(sentence) || IsHeading(sentence))
            {
                // Form answers were read above, with their Yes/No; a heading or a job title names a factor without answering it.
                continue;
            }

            foreach (var (factor, pattern) in inText)
            {
                if (answered.Contains(factor) || found.Contains(factor))
                {
                    continue;
                }

                if (factor == RiskFactor.HealthNeeds && ParentalNeedsPhrase().IsMatch(sentence))
                {
                    // "parental mental health needs" are the parent's, not the child's.
                    continue;
                }

                var match = pattern.IsMatch(sentence) ? pattern.Match(sentence) : Match.Empty;
                if (match.Success && !Denied(sentence, match.Index))
                {
                    found.Add(factor);
                }
            }
        }

        return found.Order().ToList();
    }

    /// <summary>"Safeguarding (CP plan, CIN, Early Help)", "Child Protection and Early Help Lead": short, and says nothing about the child.</summary>
    private static bool IsHeading(string sentence)
    {
        var trimmed = sentence.Trim();
        return trimmed.Length < 70 && !trimmed.EndsWith('.') && !StatementWord().IsMatch(trimmed);
    }

    private static bool Denied(string sentence, int at)
    {
        var before = sentence[..at];
        var clause = before[(Math.Max(before.LastIndexOf(',') , Math.Max(before.LastIndexOf(" and ", StringComparison.Ordinal), before.LastIndexOf(" but ", StringComparison.Ordinal))) + 1)..];
        return Negation().IsMatch(clause) || AnsweredNo().IsMatch(sentence[at..]) || Ended().IsMatch(sentence);
    }

    [GeneratedRegex(TemporaryAccommodation, RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex TemporaryAccommodationPhrase();

    [GeneratedRegex(DomesticAbuse, RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex DomesticAbusePhrase();

    [GeneratedRegex(ChildProtectionPlan, RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex ChildProtectionPlanPhrase();

    [GeneratedRegex(ChildInNeed, RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex ChildInNeedPhrase();

    [GeneratedRegex(EarlyHelp, RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex EarlyHelpPhrase();

    [GeneratedRegex(GypsyRomaTraveller, RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex GypsyRomaTravellerPhrase();

    [GeneratedRegex(HighlyMobile, RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex HighlyMobilePhrase();

    [GeneratedRegex(CriminalJustice, RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex CriminalJusticePhrase();

    [GeneratedRegex(HealthNeeds, RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex HealthNeedsPhrase();

    [GeneratedRegex(PrivateFostering, RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex PrivateFosteringPhrase();

    [GeneratedRegex(SchoolAgedParent, RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex SchoolAgedParentPhrase();

    [GeneratedRegex(ParentalNeeds, RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex ParentalNeedsPhrase();

    [GeneratedRegex(LookedAfter, RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex LookedAfterPhrase();

    [GeneratedRegex(Send, RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex SendPhrase();

    [GeneratedRegex(@"^\s*(?:(?:yes|y|x|true|known|open|current|active|ticked)\b|[✓✔☒☑■]|\[x\])", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex Affirmative();

    /// <summary>"Previously on a child protection plan, which ended in 2024": a factor in the past is not present.</summary>
    [GeneratedRegex(@"\b(previously|formerly|used to be|in the past|historic(al(ly)?)?|no longer|ended|was closed|were closed|has closed|closed in|stepped down|until last)\b", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex Ended();

    [GeneratedRegex(@"\b(not|no|never|without|isn't|is not|doesn't|does not|don't|nor|neither|ruled out|unaware)\b|n't\b", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex Negation();

    /// <summary>"SEND - no", "EHCP: N/A": the phrase followed, within a few words, by a negative answer.</summary>
    [GeneratedRegex(@"^\S+(\s+\S+){0,3}\s*(:|-|–)?\s*(no|none|not known|n/a)\b", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex AnsweredNo();

    [GeneratedRegex(@"\b(is|are|was|were|has|have|had|been|being|subject|open|known|living|lives|live|on|under|receiving|attends|involved|involvement|concerns?|there|she|he|they|we|mum|dad|in place|place|yes|current|currently|active|ongoing|allocated|social worker)\b", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex StatementWord();

    [GeneratedRegex(@"^\s*[A-Za-z][A-Za-z0-9 '’()/.&,\-]{0,58}?\??\s*(:|\t)", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex FormLine();
}
