using Cme.Core.Cases;
using Cme.Core.Intake;

namespace Cme.Core.Deadlines;

/// <summary>
/// What an email does to a case's deadlines, by the policies: an in-year offer starts the on-roll
/// clock; a no-show starts the enquiries review; a referral, a removal from roll or a declined
/// place starts the enquiries review with the checklist; an on-roll confirmation meets the on-roll
/// and no-show deadlines; every new case is reviewed on its anniversary while it stays open.
/// </summary>
public sealed class DeadlinePlanner(DeadlineSchedule schedule)
{
    public DeadlineSchedule Schedule => schedule;

    /// <summary>The deadline rule an email of this kind starts, if any.</summary>
    public static DeadlineRule? RuleStartedBy(EmailKind kind) => kind switch
    {
        EmailKind.InYearOffer => DeadlineRule.OnRoll,
        EmailKind.NoShow => DeadlineRule.NoShowReview,
        EmailKind.Referral or EmailKind.RemovalFromRoll or EmailKind.PlaceDeclined => DeadlineRule.EnquiriesReview,
        _ => null,
    };

    /// <summary>
    /// What one email recorded on a case does to its deadlines (and, for an on-roll confirmation
    /// that leaves no enquiry open, to the case itself, which closes).
    /// </summary>
    /// <param name="case">The case after the email was recorded.</param>
    /// <param name="opened">Whether the email opened the case.</param>
    /// <param name="existing">The case's deadlines before the email.</param>
    /// <param name="kind">The email's kind.</param>
    /// <param name="receivedAt">When the email arrived.</param>
    /// <param name="offerDate">For an in-year offer, the date of the offer if the email gives it.</param>
    public EmailPlan ForEmail(Case @case, bool opened, IReadOnlyList<Deadline> existing, EmailKind kind, DateTimeOffset receivedAt, DateOnly? offerDate)
    {
        var receivedOn = schedule.LocalDate(receivedAt);
        var changes = new List<Deadline>();
        var events = new List<CaseEvent>();
        if (opened && !existing.Any(d => d.Rule == DeadlineRule.AnnualReview))
        {
            changes.Add(schedule.Start(@case.Reference, DeadlineRule.AnnualReview, schedule.LocalDate(@case.OpenedAt)));
        }

        if (kind == EmailKind.OnRollConfirmation)
        {
            changes.AddRange(existing
                .Where(d => d.IsOpen && d.Rule is DeadlineRule.OnRoll or DeadlineRule.NoShowReview)
                .Select(d => d.Meet(receivedOn, "on roll: confirmed by the school")));
        }

        if (RuleStartedBy(kind) is { } rule && !existing.Any(d => d.Rule == rule && d.IsOpen))
        {
            var startedOn = rule == DeadlineRule.OnRoll && offerDate is { } offer && offer <= receivedOn ? offer : receivedOn;
            var sequence = existing.Where(d => d.Rule == rule).Select(d => d.Sequence).DefaultIfEmpty(0).Max() + 1;
            changes.Add(schedule.Start(@case.Reference, rule, startedOn, sequence));
        }

        foreach (var deadline in changes)
        {
            var wasOpen = existing.FirstOrDefault(d => d.Id == deadline.Id)?.IsOpen;
            if (deadline.IsOpen && wasOpen is null)
            {
                events.Add(new CaseEvent(
                    "deadline-" + deadline.Id,
                    CaseEventType.DeadlineStarted,
                    receivedAt,
                    $"{deadline.Rule.Title()}: due {deadline.DueOn:yyyy-MM-dd}" + (deadline.Estimated is null ? string.Empty : $" (estimated: {deadline.Estimated})"),
                    new Dictionary<string, string> { ["deadline"] = deadline.Id, ["dueOn"] = deadline.DueOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) }));
            }
            else if (!deadline.IsOpen && wasOpen == true)
            {
                events.Add(Met(deadline, receivedAt));
            }
        }

        var stillOpen = existing.Where(d => d.IsOpen && !changes.Any(c => c.Id == d.Id)).Concat(changes.Where(c => c.IsOpen));
        if (kind == EmailKind.OnRollConfirmation && @case.IsOpen && stillOpen.All(d => d.Rule == DeadlineRule.AnnualReview))
        {
            const string outcome = "on roll: confirmed by the school";
            var annual = stillOpen.Select(d => d.Meet(receivedOn, outcome)).ToList();
            changes.RemoveAll(c => annual.Any(a => a.Id == c.Id));
            changes.AddRange(annual);
            events.AddRange(annual.Where(a => existing.Any(e => e.Id == a.Id)).Select(a => Met(a, receivedAt)));
            return new EmailPlan(@case.Close(outcome, receivedAt, receivedOn), changes, events, outcome);
        }

        return new EmailPlan(@case, changes, events, null);
    }

    private static CaseEvent Met(Deadline deadline, DateTimeOffset at) => new(
        "met-" + deadline.Id,
        CaseEventType.DeadlineMet,
        at,
        $"{deadline.Rule.Title()}: met ({deadline.Resolution})",
        new Dictionary<string, string> { ["deadline"] = deadline.Id });
}

/// <summary>What an email does: the case as it now stands, deadlines added or changed, their events, and the outcome if the case closed.</summary>
public sealed record EmailPlan(Case Case, IReadOnlyList<Deadline> Deadlines, IReadOnlyList<CaseEvent> Events, string? ClosedWith);
