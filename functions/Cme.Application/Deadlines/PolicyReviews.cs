using Cme.Application.Notifications;
using Cme.Application.Ports;
using Cme.Core.Deadlines;
using Cme.Core.Notifications;
using Cme.Core.Profiles;

namespace Cme.Application.Deadlines;

/// <summary>
/// The annual review of the authority's CME policy: due on the profile's date, or a year after it
/// was last recorded as done, whichever is later. The manager is reminded the profile's numbers of
/// days before and on the day; it shows as overdue until <c>cme policy reviewed</c> records it.
/// </summary>
public sealed class PolicyReviews(IPolicyReviewRecords records, NotificationOutbox outbox, AuthorityProfile profile, TimeProvider time)
{
    public async Task<PolicyReviewStatus> StatusAsync(CancellationToken cancellationToken)
    {
        var reviewedOn = await records.LastReviewedOnAsync(cancellationToken).ConfigureAwait(false);
        var dueOn = reviewedOn is { } done && done.AddYears(1) > profile.PolicyReviewDate ? done.AddYears(1) : profile.PolicyReviewDate;
        var today = Today();
        return new PolicyReviewStatus(dueOn, reviewedOn, today > dueOn, dueOn.DayNumber - today.DayNumber);
    }

    /// <summary>Records the review as done on a day; the next is due a year later.</summary>
    public async Task<PolicyReviewStatus> RecordReviewedAsync(DateOnly on, CancellationToken cancellationToken)
    {
        await records.RecordReviewedAsync(on, cancellationToken).ConfigureAwait(false);
        return await StatusAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Queues the latest reminder that has come due, if it was not queued before; true if this call queued one.</summary>
    public async Task<bool> RemindAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var status = await StatusAsync(cancellationToken).ConfigureAwait(false);
        var local = TimeZoneInfo.ConvertTime(now, profile.TimeZone);
        var today = DateOnly.FromDateTime(local.DateTime);
        if (TimeOnly.FromDateTime(local.DateTime) < profile.Deadlines.NotifyAt)
        {
            today = today.AddDays(-1);
        }

        var due = profile.Deadlines.PolicyReviewReminderDaysBefore
            .Where(days => days > 0)
            .Append(0)
            .Where(days => status.DueOn.AddDays(-days) <= today)
            .Order()
            .Cast<int?>()
            .FirstOrDefault();
        return due is { } daysBefore
            && await outbox.QueueAsync(Notices.PolicyReview(profile, status.DueOn, daysBefore), cancellationToken).ConfigureAwait(false);
    }

    private DateOnly Today() => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), profile.TimeZone).DateTime);
}
