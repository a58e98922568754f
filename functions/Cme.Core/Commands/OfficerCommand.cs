using Cme.Core.Children;
using Cme.Core.Intake;

namespace Cme.Core.Commands;

/// <summary>
/// A command an officer or manager writes on its own line in a reply to the CME mailbox (or an
/// administrator gives to <c>cme case apply</c>): <c>#onroll Oakfield Primary 2026-11-20</c>,
/// <c>#located</c>, <c>#socialcare</c>, <c>#lostpupil</c>, <c>#ehe</c>, <c>#close reason</c>,
/// <c>#done checklist-item</c>, <c>#note text</c>, <c>#reviewed</c>; and the facts the DfE's
/// return counts: <c>#reason slug</c>, <c>#sex f</c>, <c>#year 7</c>, <c>#cmesince 2026-10-03</c>,
/// <c>#cmeuntil 2026-11-20</c>.
/// </summary>
public abstract record OfficerCommand
{
    public const string Usage =
        "#onroll <school> <date>, #located, #socialcare, #lostpupil, #ehe, #close <reason>, #done <checklist item>, #note <text>, #reviewed, " +
        "#reason <reason>, #sex <f|m|u>, #year <R|1-11>, #cmesince <date>, #cmeuntil <date>";

    private const int MaxTextLength = 1000;

    private OfficerCommand()
    {
    }

    /// <summary>The command as written, without the leading #, for the event log.</summary>
    public abstract string Describe();

    /// <summary>The child is on roll at a school from a date: the case closes.</summary>
    public sealed record OnRoll(string School, DateOnly From) : OfficerCommand
    {
        public override string Describe() => $"onroll {School} {From:yyyy-MM-dd}";
    }

    /// <summary>Located and in education: the case closes.</summary>
    public sealed record Located : OfficerCommand
    {
        public override string Describe() => "located";
    }

    /// <summary>Passed to Children's Social Care: the case closes.</summary>
    public sealed record SocialCare : OfficerCommand
    {
        public override string Describe() => "socialcare";
    }

    /// <summary>Enquiries exhausted: a lost pupil, kept open and reviewed every year.</summary>
    public sealed record LostPupil : OfficerCommand
    {
        public override string Describe() => "lostpupil";
    }

    /// <summary>Pending an elective home education decision: kept open and reviewed every year.</summary>
    public sealed record Ehe : OfficerCommand
    {
        public override string Describe() => "ehe";
    }

    /// <summary>Closed for a reason the officer gives.</summary>
    public sealed record Close(string Reason) : OfficerCommand
    {
        public override string Describe() => $"close {Reason}";
    }

    /// <summary>An enquiry on the checklist is done.</summary>
    public sealed record Done(string Item) : OfficerCommand
    {
        public override string Describe() => $"done {Item}";
    }

    /// <summary>A note for the case's record.</summary>
    public sealed record Note(string Text) : OfficerCommand
    {
        public override string Describe() => $"note {Text}";
    }

    /// <summary>This year's review of a long-running case is done; the next is due on the next anniversary.</summary>
    public sealed record Reviewed : OfficerCommand
    {
        public override string Describe() => "reviewed";
    }

    /// <summary>The main reason the child is missing education, by its slug in the profile's list (checked when applied).</summary>
    public sealed record MainReason(string Slug) : OfficerCommand
    {
        public override string Describe() => $"reason {Slug}";
    }

    /// <summary>The child's sex.</summary>
    public sealed record SexIs(Sex Sex) : OfficerCommand
    {
        public override string Describe() => $"sex {Sex.Label().ToLowerInvariant()}";
    }

    /// <summary>The child's year group.</summary>
    public sealed record Year(YearGroup YearGroup) : OfficerCommand
    {
        public override string Describe() => $"year {YearGroup.Code}";
    }

    /// <summary>Corrects the day the child became missing education (by default the day the case opened).</summary>
    public sealed record CmeSince(DateOnly On) : OfficerCommand
    {
        public override string Describe() => $"cmesince {On:yyyy-MM-dd}";
    }

    /// <summary>Records the first day the child was no longer missing education.</summary>
    public sealed record CmeUntil(DateOnly On) : OfficerCommand
    {
        public override string Describe() => $"cmeuntil {On:yyyy-MM-dd}";
    }

    /// <summary>
    /// Finds the first line of <paramref name="text"/> that starts with <c>#</c> and reads it.
    /// Null when no line does (the email is correspondence, not a command).
    /// </summary>
    public static CommandReading? FindIn(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.StartsWith('#') && line.Length > 1 && char.IsAsciiLetter(line[1]))
            {
                return Read(line);
            }
        }

        return null;
    }

    /// <summary>Reads one command line; the reading says what is wrong when it cannot be read.</summary>
    public static CommandReading Read(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        line = line.Trim();
        if (line.Length > MaxTextLength)
        {
            line = line[..MaxTextLength];
        }

        if (!line.StartsWith('#'))
        {
            return CommandReading.Invalid(line, $"a command starts with #; the commands are {Usage}");
        }

        var space = line.IndexOf(' ');
        var verb = (space < 0 ? line[1..] : line[1..space]).ToLowerInvariant();
        var rest = space < 0 ? string.Empty : line[(space + 1)..].Trim();

        return verb switch
        {
            "onroll" => ReadOnRoll(line, rest),
            "located" => CommandReading.Valid(line, new Located()),
            "socialcare" => CommandReading.Valid(line, new SocialCare()),
            "lostpupil" => CommandReading.Valid(line, new LostPupil()),
            "ehe" => CommandReading.Valid(line, new Ehe()),
            "reviewed" => CommandReading.Valid(line, new Reviewed()),
            "close" when rest.Length > 0 => CommandReading.Valid(line, new Close(rest)),
            "close" => CommandReading.Invalid(line, "#close needs a reason, e.g. #close moved abroad, confirmed by the embassy"),
            "done" when rest.Length > 0 => CommandReading.Valid(line, new Done(rest.ToLowerInvariant())),
            "done" => CommandReading.Invalid(line, "#done needs the checklist item, e.g. #done housing"),
            "note" when rest.Length > 0 => CommandReading.Valid(line, new Note(rest)),
            "note" => CommandReading.Invalid(line, "#note needs the text of the note"),
            "reason" when rest.Length > 0 => CommandReading.Valid(line, new MainReason(rest.ToLowerInvariant())),
            "reason" => CommandReading.Invalid(line, "#reason needs the DfE reason's short name, e.g. #reason moved-in-from-another-la ('cme profile check' lists them)"),
            "sex" when rest.Length == 0 => CommandReading.Invalid(line, $"#sex needs the child's sex: {Sexes.Accepted}, e.g. #sex f"),
            "year" when rest.Length == 0 => CommandReading.Invalid(line, $"#year needs the child's year group: {YearGroup.Accepted}, e.g. #year 7 or #year R"),
            "sex" => Sexes.TryParse(rest, out var sex)
                ? CommandReading.Valid(line, new SexIs(sex))
                : CommandReading.Invalid(line, $"'{Shown(rest)}' is not a sex the return counts; type #sex followed by {Sexes.Accepted}, e.g. #sex f"),
            "year" => YearGroup.TryParse(rest, out var year)
                ? CommandReading.Valid(line, new Year(year.Value))
                : CommandReading.Invalid(line, $"'{Shown(rest)}' is not a year group the return counts; type #year followed by {YearGroup.Accepted}, e.g. #year 7 or #year R"),
            "cmesince" => ReadDate(line, rest, "cmesince", "the day the child became missing education", d => new CmeSince(d)),
            "cmeuntil" => ReadDate(line, rest, "cmeuntil", "the first day the child was no longer missing education", d => new CmeUntil(d)),
            _ => CommandReading.Invalid(line, $"#{verb} is not a command; the commands are {Usage}"),
        };
    }

    private static CommandReading ReadDate(string line, string rest, string verb, string what, Func<DateOnly, OfficerCommand> command)
    {
        var words = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (DateOnly.TryParseExact(rest, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var iso))
        {
            return CommandReading.Valid(line, command(iso));
        }

        if (words.Length is >= 1 and <= 3 && char.IsAsciiDigit(rest[0]) && UkDate.Find(rest) is { } date)
        {
            return CommandReading.Valid(line, command(date));
        }

        return CommandReading.Invalid(
            line,
            rest.Length == 0
                ? $"#{verb} needs {what}; type it as YYYY-MM-DD or DD/MM/YYYY, e.g. #{verb} 2026-10-03"
                : $"'{Shown(rest)}' is not a date; type {what} as YYYY-MM-DD or DD/MM/YYYY, e.g. #{verb} 2026-10-03");
    }

    // What the officer typed, bounded, to quote back in the reply (never logged).
    private static string Shown(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static CommandReading ReadOnRoll(string line, string rest)
    {
        // The date is the last one to three words ("2026-11-20", "20/11/2026", "20 November 2026").
        var words = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var dateWords = Math.Min(3, words.Length - 1); dateWords >= 1; dateWords--)
        {
            var tail = string.Join(' ', words[^dateWords..]);
            if (char.IsAsciiDigit(tail[0]) && UkDate.Find(tail) is { } from)
            {
                return CommandReading.Valid(line, new OnRoll(string.Join(' ', words[..^dateWords]), from));
            }
        }

        return CommandReading.Invalid(line, "#onroll needs the school and the date the child started, e.g. #onroll Oakfield Primary 2026-11-20");
    }
}

/// <summary>A command line as read: the command, or why it could not be read.</summary>
public sealed record CommandReading(string Line, OfficerCommand? Command, string? Problem)
{
    public static CommandReading Valid(string line, OfficerCommand command) => new(line, command, null);

    public static CommandReading Invalid(string line, string problem) => new(line, null, problem);

    /// <summary>
    /// The command's verb alone (<c>#note</c>), or <c>an unreadable command</c>: what may be logged
    /// or shown beside the case. The line itself is an officer's free text and may name the child.
    /// </summary>
    public string Name => Command is null ? "an unreadable command" : "#" + Command.Describe().Split(' ', 2)[0];
}
