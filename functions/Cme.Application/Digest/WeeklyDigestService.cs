using System.Globalization;
using Cme.Application.Deadlines;
using Cme.Application.Mailboxes;
using Cme.Application.Notifications;
using Cme.Application.Ports;
using Cme.Core.Cases;
using Cme.Core.Digest;
using Cme.Core.Notifications;
using Cme.Core.Profiles;
using Microsoft.Extensions.Logging;

namespace Cme.Application.Digest;

/// <summary>
/// Builds the managers' weekly digest from the store and sends it through the notification path,
/// once per recipient per week: the timer may fire hourly, twice, or after a restart; the
/// notification id (profile, ISO week, recipient) makes every send after the first a no-op.
/// </summary>
public sealed partial class WeeklyDigestService(
    ICaseStore cases,
    INotificationLedger notifications,
    IEmailLedger emails,
    ITriageStore triage,
    IMailboxStateStore mailboxState,
    PolicyReviews policyReviews,
    NotificationOutbox outbox,
    AuthorityProfile profile,
    DigestOptions options,
    TimeProvider time,
    ILogger<WeeklyDigestService> logger)
{
    /// <summary>Gathers the figures as they stand now.</summary>
    public async Task<DigestModel> BuildAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var weekStart = now.AddDays(-7);
        var allCases = cases.ListAsync(cancellationToken);
        var allDeadlines = cases.ListDeadlinesAsync(cancellationToken);
        var sent = notifications.ListSinceAsync(weekStart, cancellationToken);
        var counts = emails.CountSinceAsync(weekStart, cancellationToken);
        var recovered = emails.CountRecoveredSinceAsync(weekStart, cancellationToken);
        var waiting = triage.ListAsync(includeResolved: false, cancellationToken);
        var lastPoll = mailboxState.GetAsync(MailboxPoller.StatePartition, MailboxPoller.LastSuccessfulPollKey, cancellationToken);
        var policy = policyReviews.StatusAsync(cancellationToken);

        var byOutcome = await counts.ConfigureAwait(false);
        var inTriage = await waiting.ConfigureAwait(false);
        var intake = new IntakeHealth(
            byOutcome.Values.Sum(),
            byOutcome[EmailOutcome.Recorded],
            byOutcome[EmailOutcome.Ignored],
            byOutcome[EmailOutcome.Triage],
            inTriage.Count(t => !t.IsPoison),
            inTriage.Count(t => t.IsPoison),
            DateTimeOffset.TryParse(await lastPoll.ConfigureAwait(false), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var polled) ? polled : null,
            await recovered.ConfigureAwait(false));
        var notices = (await sent.ConfigureAwait(false))
            .Select(n => new NoticeRecord(n.Id, Enum.TryParse<NotificationKind>(n.Kind, out var kind) ? kind : NotificationKind.Reminder, CaseReference.TryParse(n.Case, out var reference) ? reference : null)
            {
                Failure = n.Status == NotificationStatus.Failed ? Outbox.MailServiceReport.Describe(n.ServiceReport ?? "failed") : null,
                FailedTo = n.FailedRecipient,
            })
            .ToList();

        return WeeklyDigest.Build(profile, new DigestInputs(
            now,
            await allCases.ConfigureAwait(false),
            await allDeadlines.ConfigureAwait(false),
            notices,
            intake,
            await policy.ConfigureAwait(false)));
    }

    /// <summary>The digest as the manager would receive it now, for <c>cme digest preview</c>.</summary>
    public async Task<Notification> PreviewAsync(CancellationToken cancellationToken) =>
        outbox.Render(DigestNotice.For(await BuildAsync(cancellationToken).ConfigureAwait(false), profile.Manager, profile, "preview"));

    /// <summary>
    /// Queues this week's digest if its time has come (the configured day and time, local) and it
    /// was not queued before. A host that was down at the time sends it on its next run that week.
    /// </summary>
    public async Task<bool> SendIfDueAsync(CancellationToken cancellationToken)
    {
        var local = TimeZoneInfo.ConvertTime(time.GetUtcNow(), profile.TimeZone);
        var today = DateOnly.FromDateTime(local.DateTime);
        var daysSince = ((int)today.DayOfWeek - (int)options.Day + 7) % 7;
        var sendDay = today.AddDays(-daysSince);
        if (daysSince == 0 && TimeOnly.FromDateTime(local.DateTime) < options.Time)
        {
            return false;
        }

        var week = DigestNotice.WeekOf(sendDay);
        var digest = await BuildAsync(cancellationToken).ConfigureAwait(false);
        var queued = await outbox.QueueAsync(DigestNotice.For(digest, profile.Manager, profile, week), cancellationToken).ConfigureAwait(false);
        if (queued)
        {
            LogQueued(week, digest.OpenNow, digest.Overdue.Count);
        }

        return queued;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Weekly digest for {Week} queued: {Open} open cases, {Overdue} overdue deadlines")]
    private partial void LogQueued(string week, int open, int overdue);
}
