using System.Text;
using System.Text.RegularExpressions;
using Cme.Core.Intake;

namespace Cme.Parsing;

/// <summary>
/// The <c>label: value</c> lines of a referral form, however it arrived (typed text, an HTML
/// table, a Word table), with labels normalised so synonyms meet.
/// </summary>
internal sealed partial class Form
{
    private readonly List<(string Label, string Value, string Raw)> _fields = [];

    public IReadOnlyList<(string Label, string Value, string Raw)> Fields => _fields;

    public static Form Read(string text)
    {
        var form = new Form();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var match = LabelLine().Match(lines[i]);
            string label;
            string value;
            string raw;
            if (match.Success)
            {
                raw = match.Groups["label"].Value.Trim();
                label = Normalise(raw);
                value = match.Groups["value"].Value.Trim();
            }
            // Cheapest tests first: most lines are prose, too long or not followed by a value.
            else if (i + 1 < lines.Length && lines[i].Trim().Length < 60 && lines[i + 1].Trim().Length > 0 && (IsLabelAbove(Normalise(lines[i]), lines[i + 1]) || IsRiskAbove(lines[i].Trim(), lines[i + 1])) && !LabelLine().IsMatch(lines[i + 1]))
            {
                // A label on its own line with the value on the next (Outlook's plain view of a table).
                raw = lines[i].Trim();
                label = Normalise(raw);
                value = lines[++i].Trim();
            }
            else
            {
                continue;
            }

            // Continuation lines: indented, no label of their own (a wrapped address or answer).
            // Joined in a builder: adding to the string each time costs the square of the lines.
            var continued = new StringBuilder(value);
            while (i + 1 < lines.Length && lines[i + 1].StartsWith("     ", StringComparison.Ordinal) && !LabelLine().IsMatch(lines[i + 1]) && lines[i + 1].Trim().Length > 0)
            {
                continued.Append(' ').Append(lines[++i].Trim());
            }

            value = continued.ToString();

            if (label.Length > 0 && label.Length <= 60)
            {
                form._fields.Add((label, value, raw));
            }
        }

        return form;
    }

    /// <summary>The first non-empty value under any of the labels, in the order the labels are given.</summary>
    public string? Value(IReadOnlyList<string> labels)
    {
        foreach (var label in labels)
        {
            foreach (var (fieldLabel, value, _) in _fields)
            {
                if (fieldLabel == label && value.Length > 0)
                {
                    return value;
                }
            }
        }

        return null;
    }

    public DateOnly? Date(DateOnly? reference, IReadOnlyList<string> labels)
    {
        foreach (var label in labels)
        {
            foreach (var (fieldLabel, value, _) in _fields)
            {
                if (fieldLabel == label && UkDate.Find(value, reference) is { } date)
                {
                    return date;
                }
            }
        }

        return null;
    }

    internal static string Normalise(string label)
    {
        var lower = label.Trim().ToLowerInvariant().Replace('’', '\'');
        // "Date of birth (dd/mm/yyyy)", "Surname (as on birth certificate)": the note is not the label.
        lower = LabelNote().Replace(lower, " ");
        lower = LabelPunctuation().Replace(lower, " ");
        lower = LabelFillerWords().Replace(lower, " ");
        var normal = string.Join(' ', lower.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        // "Name", "Child's name", "Name of pupil" all mean the child's full name.
        return normal.Length == 0 && label.Trim().Length > 0 ? "name" : normal;
    }

    /// <summary>
    /// A line that is only a label, with its value on the next line. A risk factor's name counts
    /// only when the next line answers it (a job title such as "GRT Education Officer" does not).
    /// </summary>
    private static bool IsLabelAbove(string normalised, string next) =>
        Labels.All.Contains(normalised) || (Answer().IsMatch(next) && RiskFactorReader.IsRiskLabel(normalised));

    /// <summary>As <see cref="IsLabelAbove(string, string)"/>, for the label as written.</summary>
    private static bool IsRiskAbove(string raw, string next) => Answer().IsMatch(next) && RiskFactorReader.IsRiskLabel(raw);

    [GeneratedRegex(@"\((?!s\))[^)]*\)", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex LabelNote();

    [GeneratedRegex(@"\(s\)|'s\b|[^a-z0-9 /]", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex LabelPunctuation();

    [GeneratedRegex(@"\b(child|pupil|student|young person|legal|the|of|name)\b", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex LabelFillerWords();

    [GeneratedRegex(@"^\s*(yes|no|y|n|not known|unknown|n/a|none|x|☒|☐|\[x?\])\b", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex Answer();

    // "Label: value", "Label:   value", or "Label<tab>value". The label starts a line and is short.
    [GeneratedRegex(@"^\s*(?<label>[A-Za-z][A-Za-z0-9 '’()/.&\-]{0,58}?)\s*(?::|\t)\s*(?<value>.*)$", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex LabelLine();
}

/// <summary>The labels forms use for each field, normalised as <see cref="Form.Normalise"/> does.</summary>
internal static class Labels
{
    public static readonly string[] FirstName = ["forename", "forenames", "first", "first name", "firstname", "given", "given name", "christian"];
    public static readonly string[] LastName = ["surname", "last", "last name", "lastname", "family", "family name"];
    public static readonly string[] FullName = ["name", "full", "full name", "details"];
    public static readonly string[] DateOfBirth = ["date birth", "dob", "d o b", "birth date", "date birth dob"];
    public static readonly string[] Upn = ["upn", "unique number", "unique number upn", "upn number"];
    public static readonly string[] YearGroup = ["year group", "year", "nc year", "year group applied for", "current year group", "yr"];
    public static readonly string[] Address = ["address", "home address", "current address", "last known address", "address we were given", "address on our admission form"];
    public static readonly string[] Postcode = ["postcode", "post code", "postal code"];
    public static readonly string[] School = ["school", "current school", "school offered", "allocated school", "school allocated", "previous school", "last school", "school attended", "school on roll", "school removing"];
    public static readonly string[] DestinationSchool = ["destination school", "new school", "destination", "moving to school"];
    public static readonly string[] LastAttended = ["date last attended", "last attended", "last date attendance", "date last seen", "last day attendance", "last attendance", "last seen in school", "date last in school"];
    public static readonly string[] StartDate = ["agreed start date", "start date", "expected start date", "date started", "planned start date", "start", "date start"];
    public static readonly string[] OfferDate = ["offer date", "date offer", "date offered"];
    public static readonly string[] ReferrerEmail = ["referrer email", "email referrer", "referrer e mail", "email", "e mail", "email address", "your email"];

    public static readonly string[] ParentsCarers = ["parent/carer", "parent/carers", "parent carer", "parents/carers", "parents", "parent", "mum", "mother", "dad", "father", "carer", "parent/carer s", "parent/carer name"];
    public static readonly string[] ContactPhone = ["contact number", "telephone", "phone", "tel", "mobile", "contact telephone", "parent phone", "parent/carer phone"];
    public static readonly string[] ReferrerName = ["referrer name", "referrer", "referrer name / role", "name referrer", "completed by", "your name"];
    public static readonly string[] ReferrerRole = ["role", "referrer role", "job title", "position"];
    public static readonly string[] ReferrerPhone = ["referrer telephone", "referrer phone", "your telephone", "your phone"];
    public static readonly string[] ActionsTaken = ["actions taken", "action taken", "enquiries made", "enquiries made by school", "reasonable enquiries", "what has been done", "actions already taken"];

    public static readonly HashSet<string> All =
    [
        .. FirstName, .. LastName, .. DateOfBirth, .. Upn, .. YearGroup, .. Address, .. Postcode, .. School, .. DestinationSchool,
        .. LastAttended, .. StartDate, .. OfferDate, .. ReferrerEmail, .. ParentsCarers, .. ContactPhone, .. ReferrerName, .. ReferrerRole, .. ReferrerPhone, .. ActionsTaken, "referrer name role",
    ];
}
