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
        (RiskFactor.TemporaryAccommodation, new Regex(@"temporary accommodation|\bhostel\b|\bB&B\b|refuge\b", RegexOptions.IgnoreCase | RegexOptions.Compiled, ParserRegex.Timeout)),
        (RiskFactor.DomesticAbuse, new Regex(@"domestic (abuse|violence)|operation encompass|\bDA\b", RegexOptions.IgnoreCase | RegexOptions.Compiled, ParserRegex.Timeout)),
        (RiskFactor.ChildProtectionPlan, new Regex(@"child protection plan|\bCP plan\b|\bCPP\b|subject to (a )?(child )?protection", RegexOptions.IgnoreCase | RegexOptions.Compiled, ParserRegex.Timeout)),
        (RiskFactor.ChildInNeed, new Regex(@"child in need|\bCIN\b", RegexOptions.IgnoreCase | RegexOptions.Compiled, ParserRegex.Timeout)),
        (RiskFactor.EarlyHelp, new Regex(@"early help", RegexOptions.IgnoreCase | RegexOptions.Compiled, ParserRegex.Timeout)),
        (RiskFactor.GypsyRomaTraveller, new Regex(@"\btravell?ers?\b|\bgypsy\b|\broma\b|\bGRT\b|traveller (site|family)", RegexOptions.IgnoreCase | RegexOptions.Compiled, ParserRegex.Timeout)),
        (RiskFactor.HighlyMobile, new Regex(@"highly mobile", RegexOptions.IgnoreCase | RegexOptions.Compiled, ParserRegex.Timeout)),
        (RiskFactor.CriminalJustice, new Regex(@"youth justice|\bYJS\b|youth offending|\bYOT\b|referral order|criminal justice|in custody", RegexOptions.IgnoreCase | RegexOptions.Compiled, ParserRegex.Timeout)),
        (RiskFactor.HealthNeeds, new Regex(@"(medical|health)( /|/| or)? (health )?needs|healthcare plan|diabetes|epilepsy|medical condition", RegexOptions.IgnoreCase | RegexOptions.Compiled, ParserRegex.Timeout)),
        (RiskFactor.PrivateFostering, new Regex(@"private(ly)? foster", RegexOptions.IgnoreCase | RegexOptions.Compiled, ParserRegex.Timeout)),
        (RiskFactor.SchoolAgedParent, new Regex(@"school[- ]aged (parent|mother|father)|young (parent|mother|father)|\bpregnan", RegexOptions.IgnoreCase | RegexOptions.Compiled, ParserRegex.Timeout)),
        (RiskFactor.ParentalNeeds, new Regex(@"parental (mental health|needs|substance|learning)|parent(al)?'?s? (mental health|substance misuse|learning disabilit)|mum'?s? mental health|community mental health team", RegexOptions.IgnoreCase | RegexOptions.Compiled, ParserRegex.Timeout)),
        (RiskFactor.LookedAfter, new Regex(@"looked[- ]after|\bLAC\b|\bCLA\b|in (local authority )?care\b", RegexOptions.IgnoreCase | RegexOptions.Compiled, ParserRegex.Timeout)),
        (RiskFactor.Send, new Regex(@"\bSEND?\b|\bEHCP?\b|EHC plan|special educational needs|statement of (special )?needs", RegexOptions.CultureInvariant | RegexOptions.Compiled, ParserRegex.Timeout)),
    ];

    private static Regex ParentalPattern => Phrases.First(p => p.Factor == RiskFactor.ParentalNeeds).Pattern;

    public static bool IsRiskLabel(string label) =>
        Phrases.Any(p => p.Pattern.IsMatch(label) || p.Pattern.IsMatch(label.ToUpperInvariant())) || label.Contains("social care", StringComparison.OrdinalIgnoreCase);

    public static IReadOnlyList<RiskFactor> Read(Form form, string text)
    {
        var found = new HashSet<RiskFactor>();
        var answered = new HashSet<RiskFactor>();
        foreach (var (normalised, value, raw) in form.Fields)
        {
            var label = raw.ToLowerInvariant();
            // Labels are normalised to lower case; acronyms (SEND, EHCP, CIN) are matched in upper case.
            var labelFactors = Phrases.Where(p => p.Pattern.IsMatch(label) || p.Pattern.IsMatch(raw.ToUpperInvariant())).Select(p => p.Factor).ToList();
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

        foreach (var sentence in Sentences().Split(text))
        {
            if (FormLine().IsMatch(sentence))
            {
                // Form answers were read above, with their Yes/No.
                continue;
            }

            foreach (var (factor, pattern) in Phrases)
            {
                if (answered.Contains(factor) || found.Contains(factor))
                {
                    continue;
                }

                if (factor == RiskFactor.HealthNeeds && ParentalPattern.IsMatch(sentence))
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

    private static bool Denied(string sentence, int at)
    {
        var before = sentence[..at];
        var clause = before[(Math.Max(before.LastIndexOf(',') , Math.Max(before.LastIndexOf(" and ", StringComparison.Ordinal), before.LastIndexOf(" but ", StringComparison.Ordinal))) + 1)..];
        return Negation().IsMatch(clause) || Regex.IsMatch(sentence[at..], @"^\S+(\s+\S+){0,3}\s*(:|-|–)?\s*(no|none|not known|n/a)\b", RegexOptions.IgnoreCase, ParserRegex.Timeout);
    }

    [GeneratedRegex(@"^\s*(?:(?:yes|y|x|true|known|open|current|active|ticked)\b|[✓✔☒☑■]|\[x\])", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex Affirmative();

    [GeneratedRegex(@"\b(not|no|never|without|isn't|is not|doesn't|does not|don't|nor|neither|ruled out|unaware)\b|n't\b", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex Negation();

    [GeneratedRegex(@"(?<=[.!?])\s+|\n", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex Sentences();

    [GeneratedRegex(@"^\s*[A-Za-z][A-Za-z0-9 '’()/.&\-]{0,58}?\s*(:|\t)", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex FormLine();
}
