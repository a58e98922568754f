using Cme.Core.Cases;
using Cme.Core.Census;
using Cme.Core.Children;
using Cme.Core.Deadlines;
using Cme.Core.Profiles;

namespace Cme.Core.Commands;

/// <summary>
/// What an officer's command does to a case and its deadlines. Pure: the caller stores the
/// result in one change to the case.
/// </summary>
public static class CaseCommands
{
    private static readonly DeadlineRule[] Enquiries = [DeadlineRule.OnRoll, DeadlineRule.NoShowReview, DeadlineRule.EnquiriesReview];

    /// <summary>
    /// Applies a command; a command the case's state does not allow is refused with the reason.
    /// The facts the DfE's return counts (<c>#reason</c>, <c>#sex</c>, <c>#year</c>,
    /// <c>#cmesince</c>, <c>#cmeuntil</c>) may be corrected on a closed case too: the return
    /// counts children missing education at any time in the year, closed cases included.
    /// </summary>
    public static CommandResult Apply(
        Case @case,
        IReadOnlyList<Deadline> deadlines,
        OfficerCommand command,
        DateTimeOffset at,
        DateOnly today,
        DeadlineSchedule schedule,
        IReadOnlyList<ChecklistItem> checklist,
        CmeReasonList? reasons = null)
    {
        if (CensusFact(@case, command, at, today, schedule.TimeZone, reasons ?? CmeReasonList.Default) is { } fact)
        {
            return fact;
        }

        if (!@case.IsOpen)
        {
            return CommandResult.Refused($"case {@case.Reference} is closed ({@case.Outcome}); commands apply to open cases only");
        }

        switch (command)
        {
            case OfficerCommand.OnRoll onRoll:
                return Closing(@case, deadlines, $"on roll at {onRoll.School} from {onRoll.From:d MMMM yyyy}", at, today, onRoll.From);
            case OfficerCommand.Located:
                return Closing(@case, deadlines, "located and in education", at, today, today);
            case OfficerCommand.SocialCare:
                return Closing(@case, deadlines, "passed to Children's Social Care", at, today, today);
            case OfficerCommand.Close close:
                return Closing(@case, deadlines, close.Reason, at, today, today);
            case OfficerCommand.LostPupil:
                return Keeping(@case.Flag(CaseFlag.LostPupil, at), deadlines, "lost pupil: record the child on the School to School lost pupils database; the case stays open and is reviewed every year", today);
            case OfficerCommand.Ehe:
                return Keeping(@case.Flag(CaseFlag.AwaitingEheDecision, at), deadlines, "awaiting an elective home education decision; the case stays open and is reviewed every year", today);
            case OfficerCommand.Note note:
                return new CommandResult(@case.RecordActivity(at), [], $"note: {note.Text}", null);
            case OfficerCommand.Done done:
                return Tick(@case, deadlines, done.Item, at, checklist);
            case OfficerCommand.Reviewed:
                var review = deadlines.Where(d => d.Rule == DeadlineRule.AnnualReview && d.IsOpen).OrderBy(d => d.Sequence).FirstOrDefault();
                if (review is null)
                {
                    return CommandResult.Refused($"case {@case.Reference} has no annual review open");
                }

                var next = schedule.Start(@case.Reference, DeadlineRule.AnnualReview, review.StartedOn, review.Sequence + 1);
                return new CommandResult(
                    @case.RecordActivity(at),
                    [review.Meet(today, "reviewed"), next],
                    $"annual review {review.Sequence} done; the next is due {next.DueOn:d MMMM yyyy}",
                    null);
            default:
                return CommandResult.Refused($"{command.Describe()} is not a command this version knows");
        }
    }

    private static CommandResult Closing(Case @case, IReadOnlyList<Deadline> deadlines, string outcome, DateTimeOffset at, DateOnly today, DateOnly cmeEndedOn)
    {
        var met = deadlines.Where(d => d.IsOpen).Select(d => d.Meet(today, outcome)).ToList();
        return new CommandResult(@case.Close(outcome, at, cmeEndedOn), met, $"closed: {outcome}", outcome);
    }

    private static CommandResult? CensusFact(Case @case, OfficerCommand command, DateTimeOffset at, DateOnly today, TimeZoneInfo zone, CmeReasonList reasons)
    {
        try
        {
            return command switch
            {
                OfficerCommand.MainReason reason => reasons.Find(reason.Slug) is { } found
                    ? Fact(@case.RecordReason(found, at), $"main reason for CME: {found.Label}")
                    : CommandResult.Refused($"'{reason.Slug}' is not one of the DfE's reasons in the profile; type #reason followed by one of: {reasons.Slugs}"),
                OfficerCommand.SexIs sex => Fact(@case.RecordSex(sex.Sex, at), $"sex: {sex.Sex.Label()}"),
                OfficerCommand.Year year => Fact(@case.RecordYearGroup(year.YearGroup, at), $"year group: {year.YearGroup}"),
                OfficerCommand.CmeSince since when since.On > today =>
                    CommandResult.Refused($"{since.On:yyyy-MM-dd} is after today ({today:yyyy-MM-dd}); type the day the child became missing education, e.g. #cmesince {today:yyyy-MM-dd}"),
                OfficerCommand.CmeSince since => Fact(@case.CorrectBecameCme(since.On, at, zone), $"missing education since {since.On:d MMMM yyyy}"),
                OfficerCommand.CmeUntil until when until.On > today && @case.IsOpen =>
                    CommandResult.Refused($"{until.On:yyyy-MM-dd} is after today ({today:yyyy-MM-dd}); record it on or after the day, or close the case with #onroll <school> {until.On:yyyy-MM-dd}"),
                OfficerCommand.CmeUntil until => Fact(@case.RecordStoppedCme(until.On, at, zone), $"no longer missing education from {until.On:d MMMM yyyy}"),
                _ => null,
            };
        }
        catch (CaseTransitionException exception)
        {
            return CommandResult.Refused(exception.Message);
        }

        static CommandResult Fact(Case updated, string summary) => new(updated, [], summary, null);
    }

    private static CommandResult Keeping(Case @case, IReadOnlyList<Deadline> deadlines, string summary, DateOnly today)
    {
        var met = deadlines.Where(d => d.IsOpen && Enquiries.Contains(d.Rule)).Select(d => d.Meet(today, summary)).ToList();
        return new CommandResult(@case, met, summary, null);
    }

    private static CommandResult Tick(Case @case, IReadOnlyList<Deadline> deadlines, string item, DateTimeOffset at, IReadOnlyList<ChecklistItem> checklist)
    {
        var review = deadlines.FirstOrDefault(d => d.Rule == DeadlineRule.EnquiriesReview && d.IsOpen);
        if (review is null)
        {
            return CommandResult.Refused($"case {@case.Reference} has no enquiries review open, so there is no checklist to tick");
        }

        var entry = checklist.FirstOrDefault(c => c.Id == item)
            ?? checklist.Where(c => c.Id.StartsWith(item, StringComparison.Ordinal) || c.Text.Contains(item, StringComparison.OrdinalIgnoreCase)).ToList() switch
            {
                [var only] => only,
                _ => null,
            };
        if (entry is null)
        {
            return CommandResult.Refused($"'{item}' is not one item on the enquiries checklist; the items are {string.Join(", ", checklist.Select(c => c.Id))}");
        }

        var done = review.ChecklistDone.ToHashSet(StringComparer.Ordinal);
        done.Add(entry.Id);
        var remaining = checklist.Count(c => !done.Contains(c.Id));
        return new CommandResult(
            @case.RecordActivity(at),
            [review with { ChecklistDone = done }],
            $"enquiry done: {entry.Text} ({remaining} of {checklist.Count} still to do)",
            null);
    }

}

/// <summary>A command's result: the case and deadlines to store, or why it was refused.</summary>
/// <param name="Case">The case after the command (null when refused).</param>
/// <param name="Deadlines">Deadlines added or changed.</param>
/// <param name="Summary">What happened, or why not, for the event log and the officer.</param>
/// <param name="ClosedWith">The outcome, when the command closed the case (the referrer is told).</param>
public sealed record CommandResult(Case? Case, IReadOnlyList<Deadline> Deadlines, string Summary, string? ClosedWith)
{
    public bool Applied => Case is not null;

    public static CommandResult Refused(string reason) => new(null, [], reason, null);
}
