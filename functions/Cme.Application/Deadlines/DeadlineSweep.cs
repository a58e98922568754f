using Cme.Application.Notifications;
using Cme.Application.Ports;
using Cme.Core.Cases;
using Cme.Core.Deadlines;
using Cme.Core.Notifications;
using Cme.Core.Profiles;
using Microsoft.Extensions.Logging;

namespace Cme.Application.Deadlines;

/// <summary>
/// Finds every reminder and escalation that has come due and queues it, once. Reads only the
/// agenda partitions up to today, so its cost follows what is due. Safe to run twice, to crash
/// half way, and to run late: a step whose time passed while the host was down is sent by the
/// next run (the latest step only: a fresh escalation says all an older reminder would have).
/// </summary>
public sealed partial class DeadlineSweep(
    IDeadlineAgenda agenda,
    ICaseStore cases,
    CaseChanges changes,
    NotificationOutbox outbox,
    PolicyReviews policyReviews,
    AuthorityProfile profile,
    TimeProvider time,
    ILogger<DeadlineSweep> logger)
{
    /// <summary>An agenda row whose deadline cannot be found is kept this long (its case may still be being written) before it is removed.</summary>
    public static readonly TimeSpan OrphanGrace = TimeSpan.FromMinutes(30);

    /// <summary>Deadlines handled at once: storage round trips dominate, so overlap them.</summary>
    public const int Parallelism = 8;

    private readonly DeadlineSchedule _schedule = new(profile);

    public async Task<SweepResult> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var today = _schedule.LocalDate(now);
        var examined = 0;
        var queued = 0;
        await Parallel.ForEachAsync(
            agenda.DueAsync(today, cancellationToken),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (entry, token) =>
            {
                Interlocked.Increment(ref examined);
                try
                {
                    if (await SweepOneAsync(entry, now, today, token).ConfigureAwait(false))
                    {
                        Interlocked.Increment(ref queued);
                    }
                }
                catch (ConcurrentCaseUpdateException)
                {
                    // The case changed under us (an email, a command, a duplicate agenda row): the next run sees the new state.
                    LogRaced(entry.DeadlineId);
                }
            }).ConfigureAwait(false);

        queued += await policyReviews.RemindAsync(now, cancellationToken).ConfigureAwait(false) ? 1 : 0;
        LogSwept(examined, queued);
        return new SweepResult(examined, queued);
    }

    private async Task<bool> SweepOneAsync(AgendaEntry entry, DateTimeOffset now, DateOnly today, CancellationToken cancellationToken)
    {
        var (current, deadline) = await cases.GetDeadlineAsync(entry.Case, entry.Rule, entry.Sequence, cancellationToken).ConfigureAwait(false);
        if (current is null || deadline is null)
        {
            if (now - entry.WrittenAt > OrphanGrace)
            {
                await agenda.RemoveAsync(entry, cancellationToken).ConfigureAwait(false);
            }

            return false;
        }

        if (!deadline.IsOpen || !current.Case.IsOpen)
        {
            await agenda.RemoveAsync(entry, cancellationToken).ConfigureAwait(false);
            return false;
        }

        var sent = false;
        if (_schedule.StepDue(deadline, now) is { } step)
        {
            var request = Notices.DeadlineStep(current.Case, deadline, step, _schedule, profile, today);
            await outbox.QueueAsync(request, cancellationToken).ConfigureAwait(false);

            var updated = deadline with { LastStep = step };
            var @case = current.Case;
            var events = new List<CaseEvent>
            {
                new(
                    "step-" + request.Id,
                    CaseEventType.DeadlineStep,
                    now,
                    $"{deadline.Rule.Title()}: {(step.Kind == DeadlineStepKind.Reminder ? "reminder" : $"escalation {step.Number}")} queued to {string.Join(", ", request.To.Select(a => a.Value))} (due {deadline.DueOn:yyyy-MM-dd})",
                    new Dictionary<string, string> { ["deadline"] = deadline.Id, ["step"] = step.Key, ["notificationId"] = request.Id }),
            };
            if (deadline.Rule == DeadlineRule.OnRoll && step.Kind == DeadlineStepKind.Escalation && !@case.Flags.Contains(CaseFlag.AllocatedNotAttending))
            {
                @case = @case.Flag(CaseFlag.AllocatedNotAttending, now);
                events.Add(new CaseEvent(
                    $"flag-{CaseFlag.AllocatedNotAttending.WireName()}-{deadline.Id}",
                    CaseEventType.Flagged,
                    now,
                    "On-roll deadline missed: now a child at risk of missing education (allocated a place, not attending)",
                    new Dictionary<string, string> { ["flag"] = CaseFlag.AllocatedNotAttending.WireName(), ["deadline"] = deadline.Id }));
            }

            await changes.RecordDeadlineStepAsync(current, @case, events, updated, cancellationToken).ConfigureAwait(false);
            deadline = updated;
            sent = true;
        }

        var next = _schedule.NextStep(deadline, now)!;
        var nextDay = AgendaDay(next);
        if (nextDay != entry.Partition)
        {
            // Add before remove: a crash between the two leaves a duplicate row, which is harmless, never none.
            await agenda.ScheduleAsync(deadline, next.On, cancellationToken).ConfigureAwait(false);
            await agenda.RemoveAsync(entry, cancellationToken).ConfigureAwait(false);
        }

        return sent;
    }

    private static string AgendaDay(DeadlineStep step) => AgendaEntry.Day(step.On);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deadline sweep: {Examined} agenda entries due, {Queued} notifications queued")]
    private partial void LogSwept(int examined, int queued);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deadline {DeadlineId} changed during the sweep; the next sweep looks again")]
    private partial void LogRaced(string deadlineId);
}

/// <summary>What one sweep did.</summary>
public sealed record SweepResult(int Examined, int Queued);
