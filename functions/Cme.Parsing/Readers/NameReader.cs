using System.Globalization;
using System.Text.RegularExpressions;

namespace Cme.Parsing;

/// <summary>
/// The child's first and last name, the way real forms and letters write them: separate fields
/// (<c>SURNAME</c> / <c>Forename(s)</c>, <c>Legal surname</c>), one field (<c>Child's full name</c>,
/// <c>QUINN, Ellie-Mae</c>, <c>QUINN Ellie-Mae</c>), prose ("regarding Poppy-Mae Sutton, DOB …"),
/// or the subject line alone. Names keep their particles and punctuation (van der Berg, O'Neill,
/// Okonkwo-Reid, Nguyễn); a name written in capitals is recorded in ordinary capitalisation. A name
/// is never a year group, a label or a sentence; a sibling or parent named nearby is not the child.
/// </summary>
internal static partial class NameReader
{
    public static (string? First, string? Last) Read(EmailReading email)
    {
        var form = email.Form;
        var first = Clean(form.ChildValue(Labels.FirstName, LabelMeaning.FirstName()), firstOnly: true);
        var last = Clean(form.ChildValue(Labels.LastName, LabelMeaning.LastName()), firstOnly: false);
        if (first is not null && last is not null)
        {
            return (first, last);
        }

        var full = form.ChildValue(Labels.FullName) is { } labelled ? Split(labelled) : null;
        full ??= BothInOneField(form);
        // A police notice names the person it is about as its "Subject": read only when written surname first ("BAKER, Kayden"),
        // so an email's quoted "Subject: Deletion" header is never a name.
        full ??= form.ChildValue(NoticeSubject) is { } subject && SurnameFirst().IsMatch(subject.Trim()) ? Split(subject) : null;
        full ??= InProse(email.OwnText + "\n" + email.Attachments) ?? InProse(email.Everything) ?? InSubject(email.CleanSubject);
        if (full is { } name)
        {
            first ??= name.First;
            last ??= name.Last;
        }

        return (first, last);
    }

    private static readonly string[] NoticeSubject = ["subject", "subject 1", "subject person", "subject details"];

    /// <summary>"Forename(s)/Legal surname: Maya Juliet / OKONJO", "Surname / Forename: OKONJO / Maya": one field, both names, the label saying which is which.</summary>
    private static (string First, string? Last)? BothInOneField(Form form)
    {
        foreach (var field in form.Fields)
        {
            if (field.Section is not (FormSection.Child or FormSection.None) || CombinedNameLabel().Match(field.Label) is not { Success: true } label)
            {
                continue;
            }

            var parts = field.Value.Split('/', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2)
            {
                continue;
            }

            var surnameFirst = label.Groups["surname"].Index < label.Groups["forename"].Index;
            var forenames = Person(surnameFirst ? parts[1] : parts[0]);
            var surname = Person(surnameFirst ? parts[0] : parts[1]);
            if (forenames is not null && surname is not null && !NotALabelledName(forenames) && !NotALabelledName(surname))
            {
                return (Capitalise(forenames.Split(' ')[0]), Capitalise(surname));
            }
        }

        return null;
    }

    /// <summary>A whole name as written in one field: first-name first, or surname first with a comma or in capitals.</summary>
    internal static (string First, string? Last)? Split(string value)
    {
        var trimmed = ParentheticalTail().Replace(Ordinary(value), string.Empty).Trim().Trim('.', ',', ';', ':').Trim();
        trimmed = TrailingDetails().Replace(trimmed, string.Empty).Trim();
        if (trimmed.Length == 0 || NotALabelledName(trimmed))
        {
            return null;
        }

        var comma = trimmed.IndexOf(',', StringComparison.Ordinal);
        if (comma > 0)
        {
            // "QUINN, Ellie-Mae", "Quinn, Ellie-Mae Rose": surname first, as MIS exports write it.
            var surname = Person(trimmed[..comma].Trim());
            var forenames = Person(trimmed[(comma + 1)..].Trim());
            if (surname is not null && forenames is not null)
            {
                return (Capitalise(forenames.Split(' ')[0]), Capitalise(surname));
            }

            trimmed = trimmed[..comma].Trim();
        }

        var whole = PersonName().Match(trimmed);
        if (!whole.Success)
        {
            return null;
        }

        var words = Words(whole.Value);
        if (words.Count == 1)
        {
            return (Capitalise(words[0]), null);
        }

        // "QUINN Ellie-Mae": a surname in capitals before a forename that is not.
        if (IsCapitals(words[0]) && !IsCapitals(words[^1]) && words[0].Length > 1)
        {
            return (Capitalise(words[1]), Capitalise(words[0]));
        }

        return (Capitalise(words[0]), Capitalise(LastNameOf(words)));
    }

    private static string? Clean(string? value, bool firstOnly)
    {
        if (value is null)
        {
            return null;
        }

        var cleaned = ParentheticalTail().Replace(Ordinary(value), string.Empty).Trim().Trim('.', ',', ';', ':', '(', ')', '*').Trim();
        cleaned = TrailingDetails().Replace(cleaned, string.Empty).Trim();
        if (cleaned.Length == 0 || NotALabelledName(cleaned) || Person(cleaned) is not { } person)
        {
            return null;
        }

        return Capitalise(firstOnly ? person.Split(' ')[0] : person);
    }

    /// <summary>
    /// A labelled name as the child's legal name: a preferred name in the middle ("Alexander (known as
    /// Alfie) Turner", "Alexander 'Alfie' Turner") left out, and a name typed all in lower case
    /// ("harvey o'connor") given its capitals, particles kept lower ("maria de la cruz").
    /// </summary>
    private static string Ordinary(string value)
    {
        var text = value.Trim();
        if (text.Contains("known as", StringComparison.OrdinalIgnoreCase) || text.Contains("prefer", StringComparison.OrdinalIgnoreCase) || text.Contains("aka", StringComparison.OrdinalIgnoreCase) || text.Contains('\'') || text.Contains('"'))
        {
            text = PreferredName().Replace(text, " ").Trim();
        }

        if (text.Length is 0 or > 80 || text.Any(char.IsUpper) || !text.Any(char.IsLetter))
        {
            return text;
        }

        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var w = 0; w < words.Length; w++)
        {
            if (w < words.Length - 1 && Particle().IsMatch(words[w]))
            {
                continue;
            }

            var chars = words[w].ToCharArray();
            for (var i = 0; i < chars.Length; i++)
            {
                if (i == 0 || chars[i - 1] is '-' or '\'' or '’')
                {
                    chars[i] = char.ToUpperInvariant(chars[i]);
                }
            }

            words[w] = new string(chars);
        }

        return string.Join(' ', words);
    }

    /// <summary>The value when it reads as a person's name (capitalised words, particles allowed), else null.</summary>
    private static string? Person(string text)
    {
        var match = PersonName().Match(text);
        return match.Success && match.Length == text.Length ? match.Value : null;
    }

    private static string LastNameOf(IReadOnlyList<string> words)
    {
        // The last word and the particles before it: "Daan van der Berg" is van der Berg.
        var start = words.Count - 1;
        while (start > 1 && Particle().IsMatch(words[start - 1]))
        {
            start--;
        }

        return string.Join(' ', words.Skip(start));
    }

    private static (string First, string? Last)? InProse(string text)
    {
        foreach (var pattern in new[] { NameBeforeDob(), NameBeforePossessive(), NameAfterCue() })
        {
            foreach (Match match in pattern.Matches(text))
            {
                var name = match.Groups["name"].Value;
                var before = text[Math.Max(0, match.Index - 30)..match.Index];
                if (NotAName(name) || OtherPerson().IsMatch(before))
                {
                    continue;
                }

                if (Split(name) is { Last: not null } found)
                {
                    return found;
                }
            }
        }

        return null;
    }

    private static (string First, string? Last)? InSubject(string subject)
    {
        if (InProse(subject) is { } cued)
        {
            // "Referral for Ellie-Mae Quinn", "… regarding Ellie-Mae Quinn".
            return cued;
        }

        var clean = CaseReferenceShape().Replace(subject, " - ");
        foreach (var segment in SubjectSeparator().Split(clean))
        {
            var trimmed = Parenthetical().Replace(segment.Trim(), string.Empty).Trim();
            trimmed = SubjectNoise().Replace(trimmed, string.Empty).Trim();
            if (trimmed.Length > 0 && SubjectName().IsMatch(trimmed) && !NotAName(trimmed) && Split(trimmed) is { Last: not null } found)
            {
                return found;
            }
        }

        return null;
    }

    private static bool NotAName(string candidate) => NonNameWord().IsMatch(candidate) || candidate.Any(char.IsDigit);

    /// <summary>A form's answer in a name field that is no name: a year group, a label, "not known", a sentence.</summary>
    private static bool NotALabelledName(string candidate) =>
        candidate.Any(char.IsDigit) || LabelInName().IsMatch(candidate) || MoreWordsThan(candidate, 5);

    /// <summary>Counts words only as far as it needs to: a pasted paragraph in a name field is not split into thousands of strings.</summary>
    private static bool MoreWordsThan(string text, int limit)
    {
        var words = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != ' ' && (i == 0 || text[i - 1] == ' ') && ++words > limit)
            {
                return true;
            }
        }

        return false;
    }

    private static List<string> Words(string name) => name.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();

    private static bool IsCapitals(string word) => word.Any(char.IsLetter) && !word.Any(char.IsLower);

    /// <summary>A name written in capitals, in ordinary capitalisation: O'NEILL is O'Neill, VAN DER BERG is van der Berg, MCDONALD is McDonald.</summary>
    internal static string Capitalise(string name)
    {
        if (!IsCapitals(name.Replace(" ", string.Empty, StringComparison.Ordinal)) || name.Count(char.IsLetter) < 2)
        {
            return name;
        }

        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var w = 0; w < words.Length; w++)
        {
            var lower = words[w].ToLower(CultureInfo.InvariantCulture);
            if (w < words.Length - 1 && Particle().IsMatch(lower))
            {
                words[w] = lower;
                continue;
            }

            var chars = lower.ToCharArray();
            for (var i = 0; i < chars.Length; i++)
            {
                var startsPart = i == 0 || chars[i - 1] is '-' or '\'' or '’';
                var afterMc = i == 2 && lower.StartsWith("mc", StringComparison.Ordinal) && chars.Length > 3;
                if (startsPart || afterMc)
                {
                    chars[i] = char.ToUpper(chars[i], CultureInfo.InvariantCulture);
                }
            }

            words[w] = new string(chars);
        }

        return string.Join(' ', words);
    }

    private const string Word = @"(?:(?:al|el|ad|ar|as|ash|at|az|d)[-'’])?\p{Lu}[\p{L}\p{M}'’\-]*";
    private const string ParticleWords = "van|von|de|der|den|da|di|du|del|della|la|le|bin|binti|ibn|al|el|ter|ten|dos|das|do|st";

    [GeneratedRegex(@"^(?:" + ParticleWords + @")$", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex Particle();

    [GeneratedRegex(@"^(?:(?:" + ParticleWords + @")\s+)*" + Word + @"(?:\s+(?:(?:" + ParticleWords + @")\s+)*" + Word + @"){0,3}", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex PersonName();

    [GeneratedRegex(@"(?<name>\p{Lu}[\p{Ll}\p{M}'’]+(?:-\p{Lu}?[\p{Ll}\p{M}'’]+)*(?:\s+(?:(?:" + ParticleWords + @")\s+)*\p{Lu}[\p{L}\p{M}'’\-]+){1,3})\s*(?:[,(\-–]\s*)?(?:\d{1,2}\s*(?:years?|yrs?)(?:\s*old)?\s*[,(\-–]?\s*)?(?:DOB|D\.O\.B\.?|d\.o\.b|dob|born(?: on)?|date of birth|\(?Year \d|\(?Y\d{1,2}\b|aged? \d)", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex NameBeforeDob();

    [GeneratedRegex(@"(?<name>\p{Lu}[\p{Ll}\p{M}'’]+(?:-\p{Lu}?[\p{Ll}\p{M}'’]+)*(?:\s+(?:(?:" + ParticleWords + @")\s+)*\p{Lu}[\p{L}\p{M}'’\-]+){1,3})'s\s+(?:mum|mother|dad|father|parents?|carers?|family|grandmother|grandfather|nan|aunt|uncle|attendance|school|place|social worker|whereabouts)\b", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex NameBeforePossessive();

    [GeneratedRegex(@"\b(?:regarding|concerning|re:?|about|called|named|(?<=\b(?:[Hh]is|[Hh]er|[Tt]heir|child's|son's|daughter's) (?:full )?)name is|daughter|son|grandson|granddaughter|nephew|niece|pupil|child|student|learner|for|refer|referring)\s+(?<name>\p{Lu}[\p{Ll}\p{M}'’]+(?:-\p{Lu}?[\p{Ll}\p{M}'’]+)*(?:\s+(?:(?:" + ParticleWords + @")\s+)*\p{Lu}[\p{L}\p{M}'’\-]+){1,3})", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex NameAfterCue();

    [GeneratedRegex(@"^(?:(?<forename>forenames?|first names?|first|given names?)\s*/\s*(?<surname>surname|last name|last|family name)|(?<surname>surname|last name|last|family name)\s*/\s*(?<forename>forenames?|first names?|first|given names?))$", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex CombinedNameLabel();

    [GeneratedRegex(@"^\p{Lu}[\p{Lu}'’\-]+(?:\s+\p{Lu}[\p{Lu}'’\-]+){0,3}\s*,\s*\p{Lu}\p{Ll}", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex SurnameFirst();

    [GeneratedRegex(@"(?:brother|sister|sibling|mother|father|mum|dad|parent|carer|aunt|uncle|grandmother|grandfather|grandparent|step-?\w+|Mrs?\.?|Ms\.?|Miss|Dr\.?)\s*(?:is|was|called|named|,)?\s*$", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex OtherPerson();

    [GeneratedRegex(@"^(?:(?:" + ParticleWords + @")\s+)*\p{Lu}[\p{L}\p{M}'’\-]+(?:,?\s+(?:(?:" + ParticleWords + @")\s+)*\p{Lu}[\p{L}\p{M}'’\-]+){1,3}$", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex SubjectName();

    [GeneratedRegex(@"\b(Referral|Form|School|Academy|Primary|Secondary|Infants?|Juniors?|College|Nursery|Year|Yr|Reception|Pupil|Child|Children|Missing|Education|Removal|Removed|Roll|Notification|Notice|Offer|Offered|Confirmation|Update|Request|Information|Enquiries|Enquiry|Housing|Check|Place|Team|Council|Borough|County|Service|Services|Mrs?|Ms|Miss|Dr|Admissions?|Attendance|CME|Non|Arrival|Deletion|Register|Declined|The|Dear|Hi|Hello|Thanks|Thank|Regards|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|June|July|August|September|October|November|December|Not|Known|Unknown|None|Surname|Forename|First|Last|Name|Date|Birth|Address|Postcode|Gender|Male|Female|Yes|No|Social|Care|Plan|Safeguarding|Concern|Concerns|Police|Health|Officer|Headteacher|Deputy|Lead|DSL|Designated|Manager|Coordinator|Co-ordinator|Family|Support|Worker|Please|Urgent|Re|Fw|Fwd|Started|Starting|Start|Today|Attending|New|Pupils|Students|Student|Parent|Carer|Leaver|Leavers|Transfer|Admission|Summary|Report|Weekly|Daily|Update|Schools|Bulletin|Newsletter|Masterclass|Training|Workshop|Briefing)\b", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex NonNameWord();

    [GeneratedRegex(@"\s*\(.*$", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex ParentheticalTail();

    [GeneratedRegex(@"\s+(?:\((?:known as|aka|a\.k\.a\.?|prefers?|preferred(?: name)?:?)\s+[^()]{1,40}\)|['‘""“]\p{L}[\p{L}\-]{0,20}['’""”])(?=\s+\p{L})", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex PreferredName();

    [GeneratedRegex(@"^(not known|unknown|n/?a|none|tbc|see (above|below|attached)|as above)$|\b(surname|forename|first name|last name|year group|date of birth|not known|unknown)\b", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex LabelInName();

    [GeneratedRegex(@"\s*(?:[,;\-–]\s*)?(?:DOB|D\.O\.B\.?|born|date of birth|Year \d+|Y\d+|UPN|aged?)\b.*$", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex TrailingDetails();

    [GeneratedRegex(@"CME-\d{4}-\d{5}", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex CaseReferenceShape();

    [GeneratedRegex(@"\s[-–—|:/]\s|\s[-–—]|[-–—]\s|:|\|", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex SubjectSeparator();

    [GeneratedRegex(@"\(.*?\)", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex Parenthetical();

    [GeneratedRegex(@"\b(DOB|D\.O\.B\.?)\b.*$|\bY(ea)?r\s*\d+\b.*$", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex SubjectNoise();
}
