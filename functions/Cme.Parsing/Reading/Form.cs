using System.Text;
using System.Text.RegularExpressions;
using Cme.Core.Intake;

namespace Cme.Parsing;

/// <summary>Which part of a form a field sits in: a form asks for several people's names and emails.</summary>
internal enum FormSection
{
    /// <summary>No heading said (most short forms): taken to be about the child.</summary>
    None,
    Child,
    Referrer,
    ParentCarer,
    Sibling,
    School,
}

/// <summary>One answer on a form: its label normalised, its value, the label as written, and its section.</summary>
internal sealed record FormField(string Label, string Value, string Raw, FormSection Section);

/// <summary>
/// The <c>label: value</c> lines of a referral form, however it arrived (typed text with <c>:</c>,
/// <c>=</c>, <c> - </c> or aligned columns; an HTML or Word table; a label on one line and its
/// value on the next), with labels normalised so synonyms meet, and each answer placed in the
/// section its heading names (the child's details, the referrer's, a parent's, a sibling's).
/// </summary>
internal sealed partial class Form
{
    private readonly List<FormField> _fields = [];

    public IReadOnlyList<FormField> Fields => _fields;

    /// <summary>How many children the email's delimited rows list (a school's deletions return may list several).</summary>
    public int ListedChildren { get; private set; }

    public static Form Read(string text)
    {
        var form = new Form();
        var lines = DelimitedRows.Rewrite(PlainGrid.Rewrite(text), out var tables).Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            if (MayBeNumbered(lines[n]))
            {
                // "1. Child's full name", "Q3) Surname": online forms number their questions.
                lines[n] = QuestionNumber().Replace(lines[n], string.Empty, 1);
            }
        }

        var section = FormSection.None;
        for (var i = 0; i < lines.Length; i++)
        {
            if (tables.Count > 0 && tables.TryGetValue(i, out var rows) && section is FormSection.Child or FormSection.None or FormSection.School)
            {
                // A table of children outside a sibling or parent section: the children the email is about.
                form.ListedChildren += rows;
            }

            var line = lines[i];
            var match = LabelLine().Match(line);
            if (line.Length is > 3 and < 70 && !(match.Success && match.Groups["value"].Length > 0) && SectionOf(line) is { } heading)
            {
                section = heading;
                continue;
            }

            string raw;
            string value;
            if (MayBeTicked(line) && TickLine().Match(line) is { Success: true } tick)
            {
                // "☒ Looked after child", "[ ] Child protection plan": a tick box is a Yes or a No.
                raw = tick.Groups["label"].Value.Trim();
                value = tick.Groups["box"].Value.Trim() is "☐" or "□" or "[ ]" or "[]" or "○" ? "No" : "Yes";
            }
            else if (match.Success)
            {
                raw = match.Groups["label"].Value.Trim();
                value = match.Groups["value"].Value.Trim();
            }
            else if (MayBeSeparated(line) && OtherSeparator().Match(line) is { Success: true } separated && IsKnownLabel(separated.Groups["label"].Value, separated.Groups["value"].Value))
            {
                // "Surname = Okafor", "DOB - 03/04/2015", "Surname        Okafor": only for labels forms use,
                // since prose is full of dashes.
                raw = separated.Groups["label"].Value.Trim();
                value = separated.Groups["value"].Value.Trim();
            }
            // Cheapest tests first: most lines are prose, too long or not followed by a value.
            else if (i + 1 < lines.Length && line.Trim().Length < 60 && lines[i + 1].Trim().Length > 0 && (IsLabelAbove(Normalise(line), lines[i + 1]) || IsRiskAbove(line.Trim(), lines[i + 1])) && !LabelLine().IsMatch(lines[i + 1]) && !IsQuestion(lines[i + 1]))
            {
                // A label on its own line with the value on the next (Outlook's plain view of a table).
                raw = line.Trim().TrimEnd('*').Trim();
                value = lines[++i].Trim();
            }
            else if (i + 2 < lines.Length && lines[i + 1].Trim().Length == 0 && IsLabelAcrossBlank(line, lines[i + 2]))
            {
                // An online form's question and answer in blocks of their own, a blank line between.
                raw = line.Trim().TrimEnd('*').Trim();
                value = lines[i + 2].Trim();
                i += 2;
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

            var label = Normalise(raw.TrimEnd('*').Trim());
            if (label.Length > 0 && label.Length <= 60)
            {
                // "Referrer's email", "Parent's name": the label names its own section.
                // ("School" alone names the school, not whose details these are.)
                var own = SectionInLabel(raw) is { } named and not FormSection.School ? named : section;
                form._fields.Add(new FormField(label, continued.ToString().Trim().TrimStart('*').Trim(), raw, own));
            }
        }

        return form;
    }

    /// <summary>The first non-empty value under any of the labels, in the order the labels are given.</summary>
    public string? Value(IReadOnlyList<string> labels) => Value(labels, static _ => true);

    /// <summary>As <see cref="Value(IReadOnlyList{string})"/>, in the sections the filter allows.</summary>
    public string? Value(IReadOnlyList<string> labels, Func<FormSection, bool> inSection)
    {
        foreach (var label in labels)
        {
            foreach (var field in _fields)
            {
                if (field.Label == label && field.Value.Length > 0 && inSection(field.Section) && !IsBlankAnswer(field.Value))
                {
                    return field.Value;
                }
            }
        }

        return null;
    }

    /// <summary>A value about the child: in the child's section, or where no section was named.</summary>
    public string? ChildValue(IReadOnlyList<string> labels) =>
        Value(labels, static s => s is FormSection.Child or FormSection.None or FormSection.School);

    public DateOnly? Date(DateOnly? reference, IReadOnlyList<string> labels) => Date(reference, labels, static _ => true);

    public DateOnly? Date(DateOnly? reference, IReadOnlyList<string> labels, Func<FormSection, bool> inSection)
    {
        foreach (var label in labels)
        {
            foreach (var field in _fields)
            {
                if (field.Label == label && inSection(field.Section) && UkDate.Find(field.Value, reference) is { } date)
                {
                    return date;
                }
            }
        }

        return null;
    }

    public DateOnly? ChildDate(DateOnly? reference, IReadOnlyList<string> labels) =>
        Date(reference, labels, static s => s is FormSection.Child or FormSection.None or FormSection.School);

    /// <summary>A date about the child under the synonyms, else under any label that means the same (<see cref="LabelMeaning"/>).</summary>
    public DateOnly? ChildDate(DateOnly? reference, IReadOnlyList<string> labels, Regex meaning) =>
        ChildDate(reference, labels) ?? _fields
            .Where(f => f.Section is FormSection.Child or FormSection.None or FormSection.School && meaning.IsMatch(f.Label))
            .Select(f => UkDate.Find(f.Value, reference))
            .FirstOrDefault(d => d is not null);

    /// <summary>A value about the child under the synonyms, else under any label that means the same.</summary>
    public string? ChildValue(IReadOnlyList<string> labels, Regex meaning) =>
        ChildValue(labels) ?? _fields
            .FirstOrDefault(f => f.Section is FormSection.Child or FormSection.None or FormSection.School && f.Value.Length > 0 && !IsBlankAnswer(f.Value) && meaning.IsMatch(f.Label))?.Value;

    internal static string Normalise(string label)
    {
        var lower = label.Trim().ToLowerInvariant().Replace('’', '\'');
        // "Date of birth (dd/mm/yyyy)", "Surname (as on birth certificate)": the note is not the label.
        lower = LabelNote().Replace(lower, " ");
        lower = LabelPunctuation().Replace(lower, " ");
        lower = LabelFillerWords().Replace(lower, " ");
        var normal = string.Join(' ', lower.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        // "Name", "Child's name", "Name of pupil" all mean the child's full name.
        return normal.Length == 0 && label.Any(char.IsLetter) ? "name" : normal;
    }

    /// <summary>Cheap tests before the patterns: most lines have no tick box and no separator but a colon.</summary>
    private static bool MayBeTicked(string line)
    {
        var first = line.AsSpan().TrimStart();
        return first.Length > 1 && (first[0] == '[' || first[0] > '\u2000');
    }

    private static bool MayBeNumbered(string line)
    {
        var first = line.AsSpan().TrimStart();
        return first.Length > 3 && (char.IsAsciiDigit(first[0]) || first[0] is 'Q' or 'q');
    }

    private static bool MayBeSeparated(string line) =>
        line.Length < 200 && (line.Contains('=', StringComparison.Ordinal) || line.Contains(" - ", StringComparison.Ordinal) || line.Contains('–', StringComparison.Ordinal)
            || line.Contains('—', StringComparison.Ordinal) || line.Contains("   ", StringComparison.Ordinal) || line.Contains(" -", StringComparison.Ordinal));

    private static bool IsKnownLabel(string raw, string value)
    {
        var trimmed = raw.Trim();
        return trimmed.Length is > 0 and < 50 && trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 6
            && (Labels.All.Contains(Normalise(trimmed)) || (RiskFactorReader.IsRiskLabel(trimmed) && Answer().IsMatch(value)));
    }

    /// <summary>"N/A", "Not known", "-": the form was answered with nothing.</summary>
    private static bool IsBlankAnswer(string value) => BlankAnswer().IsMatch(value);

    /// <summary>A heading line that opens a section: "CHILD'S DETAILS", "Section 3 – Referrer", "Details of person making the referral".</summary>
    internal static FormSection? SectionOf(string line)
    {
        var trimmed = line.Trim().Trim('*', '#', '=', '-', '_', ':').Trim();
        if (trimmed.Length is < 4 or > 60)
        {
            return null;
        }

        if (!SectionHeading().IsMatch(trimmed))
        {
            return null;
        }

        return SectionInLabel(trimmed);
    }

    private static FormSection? SectionInLabel(string label)
    {
        var lower = label.ToLowerInvariant();
        if (SiblingWords().IsMatch(lower))
        {
            return FormSection.Sibling;
        }

        if (ReferrerWords().IsMatch(lower))
        {
            return FormSection.Referrer;
        }

        if (ParentWords().IsMatch(lower))
        {
            return FormSection.ParentCarer;
        }

        if (ChildWords().IsMatch(lower))
        {
            return FormSection.Child;
        }

        return SchoolWords().IsMatch(lower) ? FormSection.School : null;
    }

    /// <summary>
    /// A line that is only a label, with its value on the next line. A risk factor's name counts
    /// only when the next line answers it (a job title such as "GRT Education Officer" does not).
    /// </summary>
    private static bool IsLabelAbove(string normalised, string next) =>
        Labels.All.Contains(normalised.TrimEnd('*').Trim()) || (Answer().IsMatch(next) && RiskFactorReader.IsRiskLabel(normalised));

    /// <summary>
    /// A known label alone on its line, a blank line, then a short answer that is neither a label nor
    /// a heading: the answer is the label's. Only labels forms use, since prose has blank lines too.
    /// </summary>
    private static bool IsLabelAcrossBlank(string line, string answer)
    {
        var label = line.Trim();
        var value = answer.Trim();
        if (label.Length is 0 or >= 60 || value.Length is 0 or > 120 || label[^1] is '.' or ',' or ';' || !Labels.All.Contains(Normalise(label.TrimEnd('*', '?').Trim())))
        {
            return false;
        }

        return !LabelLine().IsMatch(label) && !LabelLine().IsMatch(value) && !Labels.All.Contains(Normalise(value)) && SectionOf(value) is null;
    }

    /// <summary>
    /// A line that is itself a form's question of more than one word ("Child's first name"): a form
    /// printed or saved with its answers blank puts one question under another, and the second is
    /// no answer to the first.
    /// </summary>
    private static bool IsQuestion(string line)
    {
        var question = line.Trim().TrimEnd('*', ':', '?').Trim();
        return question.Contains(' ', StringComparison.Ordinal) && Labels.All.Contains(Normalise(question));
    }

    /// <summary>As <see cref="IsLabelAbove(string, string)"/>, for the label as written.</summary>
    private static bool IsRiskAbove(string raw, string next) => Answer().IsMatch(next) && RiskFactorReader.IsRiskLabel(raw);

    [GeneratedRegex(@"^\s*(?:(?:q|question)\s*\d{1,2}\s*[.):\-–]?|\d{1,2}\s*[.)])\s+(?=\p{L})", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex QuestionNumber();

    [GeneratedRegex(@"\((?!s\))[^)]*\)", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex LabelNote();

    [GeneratedRegex(@"\(s\)|'s\b|s'(?=\s|$)|[^\p{L}0-9 /]", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex LabelPunctuation();

    [GeneratedRegex(@"\b(child|pupil|student|learner|young person|cyp|patient|legal|the|of|name|child's|pupil's)\b", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex LabelFillerWords();

    [GeneratedRegex(@"^\s*(yes|no|y|n|not known|unknown|n/a|none|x|☒|☐|\[x?\])\b", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex Answer();

    [GeneratedRegex(@"^\s*(n/?a|not known|unknown|not applicable|tbc|tba|none given|-+|\?+|\.+)\s*$", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex BlankAnswer();

    // "Label: value", "Label:   value", or "Label<tab>value". The label starts a line and is short.
    [GeneratedRegex(@"^\s*(?<box>[☐☒☑□■○●✓✔]|\[[ xX✓]?\])\s*(?<label>[\p{L}][^\n☐☒☑□■]{1,80}?)\s*$", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex TickLine();

    [GeneratedRegex(@"^\s*\*{0,2}(?<label>[\p{L}][\p{L}0-9 '’()/.&,\-]{0,58}?\??)\*{0,2}\s*(?::|\t)\s*\*{0,2}(?<value>.*)$", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex LabelLine();

    [GeneratedRegex(@"^\s*(?<label>[\p{L}][\p{L}0-9 '’()/.&,]{0,58}?\??)(?:\s*=\s*|\s+[-–—]\s+|\s{3,})(?<value>\S.*)$", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex OtherSeparator();

    [GeneratedRegex(@"^(?:(?:section|part|step)\s*[a-z0-9]{1,2}\s*[:.)\-–]?\s*)?(?:[\p{L}'’/()]+\s+){0,4}(?:details|information|particulars)(?:\s+[\p{L}'’/()]+){0,5}$|^(?:(?:section|part|step)\s*[a-z0-9]{1,2}\s*[:.)\-–]?\s*)?(?:about (?:the )?)?(?:the )?(?:child|pupil|young person|referrer|parent|parents|carer|carers|parent/carer|parents/carers|parent\(s\)/carer\(s\)|sibling|siblings|school|your details|person (?:making|completing) (?:the|this) (?:referral|form))(?:'s|’s|\(s\))?$", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex SectionHeading();

    [GeneratedRegex(@"\bsibling|\bbrother|\bsister", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex SiblingWords();

    [GeneratedRegex(@"\breferr(er|ing|al made by)|\byour (details|name|email|e-mail|role|contact|telephone|phone|organisation)|\bperson (making|completing)|\bcompleted by|\breported by|\bsubmitted by|\bcontact details of (the )?(person|professional)", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex ReferrerWords();

    [GeneratedRegex(@"\bparent|\bcarer|\bmother|\bfather|\bmum\b|\bdad\b|\bguardian|\bfamily details|\bhousehold", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex ParentWords();

    [GeneratedRegex(@"\bschool|\bacademy|\beducation provider", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex SchoolWords();

    [GeneratedRegex(@"\bchild|\bpupil|\bstudent|\byoung person|\blearner|\bcyp\b", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex ChildWords();
}
