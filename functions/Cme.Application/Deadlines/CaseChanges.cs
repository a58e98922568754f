using Cme.Application.Notifications;
using Cme.Application.Outbox;
using Cme.Application.Ports;
using Cme.Core.Cases;
using Cme.Core.Commands;
using Cme.Core.Deadlines;
using Cme.Core.Notifications;
using Cme.Core.Profiles;

namespace Cme.Application.Deadlines;

/// <summary>
/// The one writer of cases: every change to a case, whatever its cause (an email, an officer's
/// command by email or <c>cme case apply</c>, a deadline step the sweep sent, a delivery outcome),
/// is stored here, the same way, keeping the case, its timeline, its agenda of deadlines and the
/// child index in step. Open deadlines go on the agenda before the case is written, so a crash
/// between the two leaves an agenda row the sweep ignores, never a deadline nobody will be reminded
/// of; a closed case is recorded in the child index and its referrer is told.
/// </summary>
public sealed class CaseChanges(ICaseStore cases, IDeadlineAgenda agenda, IChildIndex children, NotificationOutbox outbox, AuthorityProfile profile, TimeProvider time) : ICaseActivityLog
{
    private readonly DeadlineSchedule _schedule = new(profile);

    public DeadlineSchedule Schedule => _schedule;

    /// <summary>
    /// Writes a new case with its events and deadlines and records it in the child index. Returns
    /// the case as stored: this one, or the one an earlier attempt at the same email wrote (which
    /// may have stopped before the index), with whether this call wrote it.
    /// </summary>
    public async Task<CaseWritten> OpenAsync(Case @case, IReadOnlyList<CaseEvent> events, SourceEmail source, IReadOnlyList<Deadline> deadlines, CancellationToken cancellationToken)
    {
        await ScheduleAsync(deadlines, cancellationToken).ConfigureAwait(false);
        var written = await cases.OpenAsync(@case, events, source, deadlines, cancellationToken).ConfigureAwait(false);
        var stored = written
            ? @case
            : (await cases.GetAsync(@case.Reference, cancellationToken).ConfigureAwait(false))?.Case
                ?? throw new InvalidOperationException($"Case {@case.Reference} was written by an earlier attempt but is not in storage now; the email will be processed again.");
        await children.RecordAsync(stored, cancellationToken).ConfigureAwait(false);
        return new CaseWritten(stored, written);
    }

    /// <summary>
    /// Writes a later email's details into its case and records the case in the child index again
    /// (the email may add a UPN or a date of birth to find the child by, and an earlier attempt may
    /// have stopped before the index). Returns the case as stored, with whether this call wrote it.
    /// </summary>
    public async Task<CaseWritten> AttachAsync(StoredCase current, Case updated, IReadOnlyList<CaseEvent> events, IReadOnlyList<Deadline> deadlines, SourceEmail source, CancellationToken cancellationToken)
    {
        var written = await UpdateAsync(current, updated, events, deadlines, source, cancellationToken).ConfigureAwait(false);
        var stored = written ? updated : current.Case;
        await children.RecordAsync(stored, cancellationToken).ConfigureAwait(false);
        return new CaseWritten(stored, written);
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
        var description = $"#{command.Describe()}: {result.Summary}";
        if (!result.Applied)
        {
            await RefuseAsync(current, eventId, at, description, details, source, cancellationToken).ConfigureAwait(false);
            return result;
        }

        var commandEvent = new CaseEvent(eventId, CaseEventType.CommandApplied, at, description, details);
        var events = new List<CaseEvent> { commandEvent };
        events.AddRange(result.Deadlines
            .Where(d => !d.IsOpen && current.Deadlines.Any(e => e.Id == d.Id && e.IsOpen))
            .Select(d => new CaseEvent("met-" + d.Id, CaseEventType.DeadlineMet, at, $"{d.Rule.Title()}: met ({d.Resolution})", new Dictionary<string, string> { ["deadline"] = d.Id })));
        await UpdateAsync(current.Stored, result.Case!, events, result.Deadlines, source, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>
    /// Records a command that was not applied (refused by the case's rules, or by intake: an
    /// untrusted sender, a command that could not be read) in the case's timeline, leaving the
    /// case as it was. The one place a refusal is written.
    /// </summary>
    public Task RefuseAsync(CaseWithDeadlines current, string eventId, DateTimeOffset at, string description, IReadOnlyDictionary<string, string> details, SourceEmail? source, CancellationToken cancellationToken) =>
        cases.UpdateAsync(current.Stored, current.Case, [new CaseEvent(eventId, CaseEventType.CommandRefused, at, description, details)], [], source, cancellationToken);

    /// <summary>
    /// Records a deadline step the sweep has queued (and any flag it raised on the case). The sweep
    /// moves the deadline's agenda row itself, adding the next before removing the old, so only the
    /// case, its timeline and the deadline are written here.
    /// </summary>
    public Task RecordDeadlineStepAsync(StoredCase current, Case updated, IReadOnlyList<CaseEvent> events, Deadline deadline, CancellationToken cancellationToken) =>
        cases.UpdateAsync(current, updated, events, [deadline], source: null, cancellationToken);

    /// <summary>Writes a delivery outcome into the case's timeline, once per notification; the case itself is unchanged.</summary>
    public Task RecordDeliveryAsync(Notification notification, DeliveryReceipt receipt, CancellationToken cancellationToken)
    {
        if (notification.Case is null)
        {
            return Task.CompletedTask;
        }

        var delivered = new CaseEvent(
            "notification-" + notification.Id,
            CaseEventType.NotificationDelivered,
            time.GetUtcNow(),
            $"{notification.Kind} sent to {string.Join(", ", notification.To.Select(a => a.Value))} via {receipt.Channel}",
            new Dictionary<string, string>
            {
                ["notificationId"] = notification.Id,
                ["kind"] = notification.Kind.ToString(),
                ["channel"] = receipt.Channel,
                ["reference"] = receipt.Reference,
            });
        return cases.AppendEventAsync(notification.Case, delivered, cancellationToken);
    }

    /// <summary>Writes what the mail service reported about a notification (a bounce, a late confirmation) into the case's timeline, once per event id.</summary>
    public Task RecordMailServiceEventAsync(CaseReference reference, CaseEvent reported, CancellationToken cancellationToken) =>
        cases.AppendEventAsync(reference, reported, cancellationToken);

    private Task ScheduleAsync(IReadOnlyList<Deadline> deadlines, CancellationToken cancellationToken) =>
        agenda.ScheduleAsync(
            deadlines
                .Where(d => d.IsOpen)
                .Select(deadline => (deadline, _schedule.Steps(deadline).First(step => step.Index > (deadline.LastStep?.Index ?? -1)).On))
                .ToList(),
            cancellationToken);
}

/// <summary>A case as storage now holds it after a write, and whether that write made it so (false: an earlier attempt had).</summary>
public sealed record CaseWritten(Case Case, bool Written);
