using System.Text.RegularExpressions;
using Cme.Core.Cases;
using Cme.Core.Children;
using Cme.Core.Intake;

namespace Cme.Parsing;

/// <summary>
/// Which child the email is about: name, date of birth, UPN, year group, postcode and address,
/// from the child's section of a form first (never a sibling's or a parent's), then the text.
/// </summary>
internal static partial class ChildReader
{
    public static (ChildDetails Child, string? RawUpn) Read(EmailReading email)
    {
        var form = email.Form;
        var text = email.Everything;
        var (first, last) = NameReader.Read(email);
        // A short note often leaves the child's details to the subject line ("CME referral - Ruby SMITH DOB 12/09/2017").
        var dateOfBirth = form.ChildDate(null, Labels.DateOfBirth, LabelMeaning.DateOfBirth()) ?? DobInText(text) ?? DobInText(email.CleanSubject);

        var upnValue = form.ChildValue(Labels.Upn);
        var rawUpn = upnValue?.Split(' ', '(')[0].Trim();
        Upn? upn = null;
        if (rawUpn is not null && !Upn.TryParse(rawUpn, out upn))
        {
            // Typed in groups ("a 1234 5678 9012", "A123-456-789-012"): the value before any bracket, without its spaces and dashes.
            upn = Upn.TryParse(upnValue!.Split('(')[0].Replace("-", "", StringComparison.Ordinal), out var grouped) ? grouped : null;
        }

        if (upn is null)
        {
            foreach (Match candidate in UpnShape().Matches(text + "\n" + email.CleanSubject))
            {
                if (Upn.TryParse(candidate.Value.ToUpperInvariant(), out var found))
                {
                    upn = found;
                    break;
                }

                rawUpn ??= candidate.Value;
            }
        }

        if (upn is not null)
        {
            rawUpn = null;
        }

        var yearText = form.ChildValue(Labels.YearGroup) is { } y && YearNumber().Match(y) is { Success: true } ym ? ym.Value
            : form.ChildValue(Labels.YearGroup) is { } r && Reception().IsMatch(r) ? "R"
            : form.ChildValue(Labels.YearGroup) is { } w && YearInWords().Match(w) is { Success: true } wm ? (Array.IndexOf(YearWords, wm.Groups["word"].Value.ToLowerInvariant()) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)
            : YearInText(text);
        var year = YearGroup.TryParse(yearText, out var yearGroup) ? yearGroup : null;
        var address = form.Value(Labels.Address, static s => s is not FormSection.Referrer and not FormSection.School);
        var child = ChildDetails.Unknown with
        {
            FirstName = first,
            LastName = last,
            DateOfBirth = dateOfBirth,
            Upn = upn,
            YearGroup = year,
            Postcode = ReadPostcode(form, text),
            Address = address,
            Sex = ReadSex(form.ChildValue(Labels.Gender)),
        };
        return (child, rawUpn);
    }

    /// <summary>
    /// How many children a form lists one after another ("Name: Tobi Adebayo  DOB: 11/01/2015" then
    /// "Name: Kemi Adebayo  DOB: 30/09/2018", as housing and family notices write them, or a line a
    /// child in the sender's own words): the different dates of birth given outside a sibling's or a
    /// parent's section. The same child's date quoted twice counts once.
    /// </summary>
    public static int ListedByDateOfBirth(Form form, string ownText, DateOnly? reference)
    {
        var dates = new HashSet<DateOnly>();
        // "Lena Nowak DOB 04/04/2015" on a line of its own, one line a child: a list in a person's words.
        var lines = ownText.Split('\n');
        for (var i = 0; i < lines.Length && dates.Count <= 20; i++)
        {
            if (lines[i].Length < 200 && ListedChildLine().Match(lines[i]) is { Success: true } listed
                && !AnotherPerson().IsMatch(lines[i]) && !lines[Math.Max(0, i - 6)..i].Any(AnotherPerson().IsMatch)
                && UkDate.Find(listed.Groups["date"].Value, reference) is { } date)
            {
                dates.Add(date);
            }
        }

        foreach (var field in form.Fields)
        {
            if (field.Section is not (FormSection.Child or FormSection.None) || dates.Count > 20)
            {
                continue;
            }

            if (Labels.DateOfBirth.Contains(field.Label) && UkDate.Find(field.Value, reference) is { } date)
            {
                dates.Add(date);
            }
            else if (Labels.FullName.Contains(field.Label) && DobCue().Match(field.Value) is { Success: true } cue && UkDate.Find(cue.Groups["date"].Value, reference) is { } inName)
            {
                dates.Add(inName);
            }
        }

        return dates.Count;
    }

    /// <summary>
    /// How many children a parent or carer counts in their own words ("my two boys, Alfie and Reggie",
    /// "our 3 children", "both girls"): each needs a case of their own, so a person should see it.
    /// </summary>
    public static int ChildrenCountedInWords(string ownText)
    {
        if (CountedChildren().Match(ownText) is not { Success: true } counted)
        {
            return 0;
        }

        return counted.Groups["n"].Value.ToLowerInvariant() switch
        {
            "" => 2, // "both"
            "two" or "2" => 2,
            "three" or "3" => 3,
            "four" or "4" => 4,
            "five" or "5" => 5,
            _ => 0,
        };
    }

    [GeneratedRegex(@"\b(?:(?:my|our) (?<n>two|three|four|five|[2-5]) |both (?:(?:my|our|the) )?(?<n>))(?:boys|girls|children|kids|sons|daughters|little ones)\b(?!['’])", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex CountedChildren();

    /// <summary>
    /// How many children the email's own words give a date of birth for ("Child 1: … DOB …, Child 2:
    /// … DOB …", "Kacper (DOB …) and Lena (DOB …)"): distinct dates a child could have been born on,
    /// outside a sibling's or parent's section and not beside a word naming a sibling or parent.
    /// Twins share a date, so two children born the same day count once.
    /// </summary>
    public static int ChildrenWithDatesOfBirth(EmailReading email)
    {
        var today = email.Reference ?? DateOnly.FromDateTime(DateTime.UtcNow);
        var dates = new HashSet<DateOnly>();
        var section = FormSection.None;
        foreach (var line in email.OwnText.Split('\n'))
        {
            if (Form.SectionOf(line) is { } heading)
            {
                section = heading;
                continue;
            }

            if (section is FormSection.Sibling or FormSection.ParentCarer or FormSection.Referrer)
            {
                continue;
            }

            foreach (Match match in DobCue().Matches(line))
            {
                var around = line[Math.Max(0, match.Index - 60)..Math.Min(line.Length, match.Index + match.Length + 40)];
                if (!RelativeWord().IsMatch(around) && UkDate.Find(match.Groups["date"].Value) is { } born && born <= today && born > today.AddYears(-20))
                {
                    dates.Add(born);
                }
            }
        }

        return dates.Count;
    }

    private static DateOnly? DobInText(string text)
    {
        foreach (Match match in DobCue().Matches(text))
        {
            if (UkDate.Find(match.Groups["date"].Value) is { } date)
            {
                return date;
            }
        }

        return null;
    }

    /// <summary>A form's Gender or Sex answer: Female, F, Girl; Male, M, Boy; Unknown. Anything else is not read.</summary>
    private static Sex? ReadSex(string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (Sexes.TryParse(value, out var sex))
        {
            return sex;
        }

        // "Female (F)", "Male - confirmed by parent": the first word decides.
        var first = value.Trim().Split([' ', '(', '-', ',', '/', ';'], 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return first is not null && first.Length >= 4 && Sexes.TryParse(first, out sex) ? sex : null;
    }

    private static string? YearInText(string text) => YearInProse().Match(text) is { Success: true } m ? m.Groups["year"].Value : null;

    private static Postcode? ReadPostcode(Form form, string text)
    {
        foreach (var value in new[]
        {
            form.Value(Labels.Postcode, static s => s is not FormSection.Referrer and not FormSection.School),
            form.Value(Labels.Address, static s => s is not FormSection.Referrer and not FormSection.School),
            form.Value(Labels.Postcode),
        })
        {
            if (value is not null && FindPostcode(value) is { } labelled)
            {
                return labelled;
            }
        }

        return FindPostcode(text);
    }

    private static Postcode? FindPostcode(string text)
    {
        foreach (Match match in PostcodeShape().Matches(text))
        {
            if (Postcode.TryParse(match.Value, out var postcode))
            {
                return postcode;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether text (a message's own words, without the mail it quotes) identifies a child: a date of
    /// birth given as one, or a UPN. Used to keep an automatic reply or a person's out-of-office
    /// note that also reports a child from being recorded unread.
    /// </summary>
    public static bool IdentifiesAChild(string text, DateOnly? reference)
    {
        foreach (Match cue in DobCue().Matches(text))
        {
            if (UkDate.Find(cue.Groups["date"].Value, reference) is not null)
            {
                return true;
            }
        }

        foreach (Match candidate in UpnShape().Matches(text))
        {
            if (Upn.TryParse(candidate.Value.ToUpperInvariant(), out _))
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"^[ \t]*(?:[-•*·]|\d{1,2}[.)])?[ \t]*\p{Lu}[\p{L}\p{M}'’\-]+(?:[ \t]+\p{Lu}[\p{L}\p{M}'’\-]+){1,3}[ \t]*[,(\-–]?[ \t]*(?:DOB|D\.O\.B\.?|d\.o\.b\.?|born|date of birth)[ \t]*:?[ \t]*(?<date>[^)\n,;]{4,30})", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex ListedChildLine();

    [GeneratedRegex(@"\b(?:siblings?|brothers?|sisters?|mother|father|mum|dad|parents?|carers?|step\w*|half-\w+)\b", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex AnotherPerson();

    [GeneratedRegex(@"\b(?:DOB|D\.O\.B\.?|born(?: on)?|date of birth|birth date)\s*(?:is\s*)?[:\-]?\s*(?<date>[^)\n,;]{4,30})", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex DobCue();

    [GeneratedRegex(@"\b(?:brother|sister|sibling|half-brother|half-sister|step-?brother|step-?sister|mum|mother|dad|father|parent|carer|guardian|grandmother|grandfather|aunt|uncle)s?\b", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex RelativeWord();

    [GeneratedRegex(@"\b[A-Za-z]\d{11}[A-Za-z\d]\b", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex UpnShape();

    [GeneratedRegex(@"\d{1,2}", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex YearNumber();

    [GeneratedRegex(@"^\s*(R|Rec|Reception|YR|(Year|Yr|NC Year) (R|Rec|Reception))\b", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex Reception();

    private static readonly string[] YearWords = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven"];

    /// <summary>A year group written in words, as a parent or a free-text form field does: "Year Seven", "year eleven".</summary>
    [GeneratedRegex(@"^\s*(?:NC\s+)?(?:Year|Yr)\s+(?<word>one|two|three|four|five|six|seven|eight|nine|ten|eleven)\b", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex YearInWords();

    [GeneratedRegex(@"\b(?:Year|Yr|Y)\s?(?<year>\d{1,2})\b", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex YearInProse();

    [GeneratedRegex(@"\b[A-Za-z]{1,2}\d[A-Za-z\d]?\s*\d\s*[A-Za-z]\s*[A-Za-z]\b", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex PostcodeShape();
}
