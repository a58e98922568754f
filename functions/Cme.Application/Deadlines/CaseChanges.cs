using Cme.Application.Notifications;
using Cme.Application.Ports;
using Cme.Core.Cases;
using Cme.Core.Commands;
using Cme.Core.Deadlines;
using Cme.Core.Notifications;
using Cme.Core.Profiles;

namespace Cme.Application.Deadlines;

/// <summary>
/// Stores a change to a case with its deadlines, the same way for every cause (an email, an
/// officer's command by email, <c>cme case apply</c>): open deadlines go on the agenda before the
/// case is written, so a crash between the two leaves an agenda row the sweep ignores, never a
/// deadline nobody will be reminded of; and a closed case's referrer is told.
/// </summary>
public sealed class CaseChanges(ICaseStore cases, IDeadlineAgenda agenda, IChildIndex children, NotificationOutbox outbox, AuthorityProfile profile)
{
    private readonly DeadlineSchedule _schedule = new(profile);

    public DeadlineSchedule Schedule => _schedule;

    /// <summary>Writes a new case with its events and deadlines; false if an earlier attempt wrote it.</summary>
    public async Task<bool> OpenAsync(Case @case, IReadOnlyList<CaseEvent> events, SourceEmail source, IReadOnlyList<Deadline> deadlines, CancellationToken cancellationToken)
    {
        await ScheduleAsync(deadlines, cancellationToken).ConfigureAwait(false);
        return await cases.OpenAsync(@case, events, source, deadlines, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes a change to a case; false if it was made before (its first event already recorded).</summary>
    public async Task<bool> UpdateAsync(StoredCase current, Case updated, IReadOnlyList<CaseEvent> events, IReadOnlyList<Deadline> deadlines, SourceEmail? source, CancellationToken cancellationToken)
    {
        await ScheduleAsync(deadlines, cancellationToken).ConfigureAwait(false);
        var written = await cases.UpdateAsync(current, updated, events, deadlines, source, cancellationToken).ConfigureAwait(false);
        if (current.Case.IsOpen && !updated.IsOpen)
        {
            await children.RecordAsync(updated, cancellationToken).ConfigureAwait(false);
            if (updated.Referrer is { } referrer && !profile.IsStaff(referrer))
            {
                await outbox.QueueAsync(Notices.CaseClosed(updated, referrer, profile), cancellationToken).ConfigureAwait(false);
            }
        }

        return written;
    }

    /// <summary>
    /// Applies an officer's command to a stored case. Returns what happened (applied or refused,
    /// and why) so the caller can tell the officer.
    /// </summary>
    public async Task<CommandResult> ApplyAsync(CaseWithDeadlines current, OfficerCommand command, string eventId, DateTimeOffset at, IReadOnlyDictionary<string, string> details, SourceEmail? source, CancellationToken cancellationToken)
    {
        var result = CaseCommands.Apply(current.Case, current.Deadlines, command, at, _schedule.LocalDate(at), _schedule, profile.Deadlines.EnquiriesChecklist, profile.Census.Reasons);
        var commandEvent = new CaseEvent(
            eventId,
            result.Applied ? CaseEventType.CommandApplied : CaseEventType.CommandRefused,
            at,
            $"#{command.Describe()}: {result.Summary}",
            details);
        if (!result.Applied)
        {
            await cases.UpdateAsync(current.Stored, current.Case, [commandEvent], [], source, cancellationToken).ConfigureAwait(false);
            return result;
        }

        var events = new List<CaseEvent> { commandEvent };
        events.AddRange(result.Deadlines
            .Where(d => !d.IsOpen && current.Deadlines.Any(e => e.Id == d.Id && e.IsOpen))
            .Select(d => new CaseEvent("met-" + d.Id, CaseEventType.DeadlineMet, at, $"{d.Rule.Title()}: met ({d.Resolution})", new Dictionary<string, string> { ["deadline"] = d.Id })));
        await UpdateAsync(current.Stored, result.Case!, events, result.Deadlines, source, cancellationToken).ConfigureAwait(false);
        return result;
    }

    private Task ScheduleAsync(IReadOnlyList<Deadline> deadlines, CancellationToken cancellationToken) =>
        agenda.ScheduleAsync(
            deadlines
                .Where(d => d.IsOpen)
                .Select(deadline => (deadline, _schedule.Steps(deadline).First(step => step.Index > (deadline.LastStep?.Index ?? -1)).On))
                .ToList(),
            cancellationToken);
}
