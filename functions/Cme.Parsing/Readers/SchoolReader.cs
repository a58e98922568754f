using System.Text.RegularExpressions;
using Cme.Core.Intake;

namespace Cme.Parsing;

/// <summary>
/// The child's current, previous or allocated school, in the fullest form the email uses. A value
/// ends where the school's name ends: "Salmons Brook Academy (Enfield) – last attended 15 May" is
/// Salmons Brook Academy. For a removal from roll it is the school doing the removing, never the
/// destination.
/// </summary>
internal static partial class SchoolReader
{
    public static string? Read(EmailReading email, EmailKind kind)
    {
        var text = email.Everything;
        var candidates = SchoolNames(text).ToList();
        var labelled = email.Form.Value(Labels.School, static s => s is not FormSection.Referrer and not FormSection.Sibling and not FormSection.ParentCarer)
            ?? email.Form.Value(Labels.School)
            ?? email.Form.ChildValue([], LabelMeaning.School());
        if (labelled is not null && Trim(labelled) is { } named)
        {
            return Fullest(named, candidates);
        }

        var destination = email.Form.Value(Labels.DestinationSchool);
        var usable = candidates.Where(c => destination is null || !destination.Contains(c, StringComparison.OrdinalIgnoreCase)).ToList();
        if (kind is not EmailKind.RemovalFromRoll)
        {
            var placeAt = PlaceAt().Match(text);
            if (placeAt.Success && SchoolNames(placeAt.Groups["school"].Value).FirstOrDefault() is { } allocated)
            {
                return Fullest(allocated, usable);
            }
        }
        else
        {
            // The destination is named after "moving to", "transferred to", "now attending".
            usable = usable.Where(c => !DestinationCue().IsMatch(Before(text, c))).ToList();
        }

        return usable.Count == 0 ? null : Fullest(usable[0], usable);
    }

    /// <summary>The school's name alone: a note in brackets, a town, a dash and what follows are not part of it.</summary>
    internal static string? Trim(string value)
    {
        var name = value.Trim();
        if (NotASchool().IsMatch(name))
        {
            return null;
        }

        name = ValueTail().Replace(name, string.Empty).Trim().TrimEnd('.', ',', ';', ':').Trim();
        if (SchoolName().Match(name) is { Success: true } school && school.Index == 0)
        {
            // "Oakfield Primary School Hertford": up to the school's own word.
            name = LeadingSchoolFiller().Replace(school.Value.Trim(), string.Empty);
        }

        return name.Length < 3 ? null : name;
    }

    private static string Before(string text, string candidate)
    {
        var at = text.IndexOf(candidate, StringComparison.Ordinal);
        return at < 0 ? string.Empty : text[Math.Max(0, at - 40)..at];
    }

    /// <summary>The fullest form of a school's name used anywhere: "Beechcroft Manor" becomes "Beechcroft Manor Primary School".</summary>
    private static string Fullest(string name, IReadOnlyList<string> candidates)
    {
        var best = name;
        foreach (var candidate in candidates)
        {
            if (candidate.Length > best.Length && candidate.StartsWith(best.Split(' ')[0] + " ", StringComparison.Ordinal) &&
                (candidate.StartsWith(best, StringComparison.Ordinal) || SharesLeadingWords(candidate, best)))
            {
                best = candidate;
            }
        }

        return best;
    }

    private static bool SharesLeadingWords(string a, string b)
    {
        var wa = a.Split(' ');
        var wb = b.Split(' ');
        return wa.Length >= 2 && wb.Length >= 2 && wa[0] == wb[0] && wa[1] == wb[1];
    }

    private static IEnumerable<string> SchoolNames(string text)
    {
        foreach (Match match in SchoolName().Matches(text))
        {
            var name = match.Value.Trim();
            name = LeadingSchoolFiller().Replace(name, string.Empty);
            if (name.Split(' ').Length >= 2 && !name.StartsWith("Primary", StringComparison.Ordinal) && !name.StartsWith("School", StringComparison.Ordinal) && !NotSchoolStart().IsMatch(name))
            {
                yield return name;
            }
        }
    }

    [GeneratedRegex(@"(?:\b(?:The|St\.?|Saint|Sir|Our Lady|Bishop)[ \t]+)?(?:\p{Lu}[\p{L}'’\-]*\.?[ \t]+(?:(?:of|and|&|the|de|la|in|on|upon|with)[ \t]+)?){1,6}(?:Primary School|Junior School|Junior Academy|Infant School|Infants School|Nursery School|Secondary School|High School|Grammar School|Free School|Studio School|Special School|Upper School|Middle School|Academy|School|College|Primary|Juniors?|Infants)\b", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex SchoolName();

    [GeneratedRegex(@"\b(?:a place at|allocated a place at|place (?:at|with)|offered a place at|given a place at|admitted to|start(?:ed|ing)? at|on roll at|attend(?:ing)? at)\s+(?<school>[^.\n]{3,100})", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex PlaceAt();

    [GeneratedRegex(@"(moving to|moved to|transferr(ed|ing) to|now attend(s|ing)|new school( is)?|destination( school)?( is)?|place at|registered at|on roll at|starting at|to start at|admitted to)\s*:?\s*$", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex DestinationCue();

    [GeneratedRegex(@"\s*(\(.*|\s[-–—]\s.*|,.*|;.*|\s[-–—]$|\s+(last attended|last seen|since|until|from|where|who|which|but|as of|on roll|dual|DfE|URN|LAESTAB)\b.*|\.\s.*)$", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex ValueTail();

    // A date is no school's name: "Last day in school: 15/10/2026" is a date under a label that says school.
    [GeneratedRegex(@"^(not known|unknown|none|n/?a|not (currently )?on roll.*|no school|home educated|ehe|elective home education|not applicable|-+|[\d\s/.\-]+|\d{1,2}(st|nd|rd|th)?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\p{L}*\.?,?\s+\d{2,4})$", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex NotASchool();

    [GeneratedRegex(@"^(?:The|At|From|To|In|Of|Our|Your|At the|Dear|Hi|Hello)\s+", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex LeadingSchoolFiller();

    [GeneratedRegex(@"^(Dear|Hi|Hello|Thanks|Regards|Kind|Subject|From|Sent|To|Re|Fw|Date|Name|Current|Previous|Last|Allocated|Destination|New|Removing|Admitting)\b", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex NotSchoolStart();
}
