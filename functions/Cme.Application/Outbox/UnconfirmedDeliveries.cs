using Cme.Application.Ports;
using Cme.Core.Notifications;
using Microsoft.Extensions.Logging;

namespace Cme.Application.Outbox;

/// <summary>
/// Sends whose answer was lost. SendGrid has no idempotency key: a request whose connection
/// dropped after it was written, or that timed out, may have been accepted, and sending it again
/// could send the mail twice. So the lost answer is recorded (the notification is
/// <see cref="NotificationStatus.Unconfirmed"/>), the queue message is put back invisible for
/// <paramref name="resendAfter"/>, and SendGrid's event webhook decides in the meantime: a
/// processed, delivered, bounce or dropped event for the notification id settles it
/// (<see cref="INotificationLedger.RecordServiceReportAsync"/>) and nothing is sent again. If no
/// event came by the end of the window, the notification is sent once more, and never a third
/// time on a lost answer.
/// </summary>
/// <param name="resendAfter">How long to wait for SendGrid's events before the one resend (the setting Cme:Outbox:SendGrid:UnconfirmedResendAfter).</param>
public sealed partial class UnconfirmedDeliveries(
    INotificationLedger ledger,
    IMailQueues queues,
    TimeSpan resendAfter,
    TimeProvider time,
    ILogger<UnconfirmedDeliveries> logger)
{
    /// <summary>Sends that may lose their answer before the notification is left to SendGrid's events alone: the first and one resend.</summary>
    public const int MostSendsWithLostAnswers = 2;

    /// <summary>
    /// Records that <paramref name="attempt"/>'s answer was lost and brings the message back when
    /// the window for SendGrid's events ends.
    /// </summary>
    public async Task AwaitConfirmationAsync(Notification notification, int attempt, string queueMessage, CancellationToken cancellationToken)
    {
        await ledger.MarkAnswerLostAsync(notification.Id, attempt, cancellationToken).ConfigureAwait(false);
        var record = await ledger.GetAsync(notification.Id, cancellationToken).ConfigureAwait(false);
        if (record is { Status: NotificationStatus.Unconfirmed, LostAnswers: < MostSendsWithLostAnswers })
        {
            await queues.EnqueueRawNotificationAsync(queueMessage, resendAfter, cancellationToken).ConfigureAwait(false);
        }
        else if (record is { Status: NotificationStatus.Unconfirmed })
        {
            LogLeftToEvents(notification.Id, notification.Case?.ToString(), record.LostAnswers);
        }
    }

    /// <summary>
    /// For a notification whose last answer was lost: true when it may be sent again now (no event
    /// came within the window, and it has not been resent yet). Otherwise false, and when the
    /// window is still open the message is put back to come again when it ends.
    /// </summary>
    public async Task<bool> MaySendAgainAsync(NotificationRecord record, string queueMessage, CancellationToken cancellationToken)
    {
        if (record.LostAnswers >= MostSendsWithLostAnswers)
        {
            LogLeftToEvents(record.Id, record.Case, record.LostAnswers);
            return false;
        }

        var waited = time.GetUtcNow() - (record.AnswerLostAt ?? record.DeliveringSince ?? time.GetUtcNow());
        if (waited >= resendAfter)
        {
            LogResending(record.Id, record.Case, waited.TotalMinutes);
            return true;
        }

        // Another copy of the message (a redelivery, a re-queue) came early: bring it back when the window ends.
        await queues.EnqueueRawNotificationAsync(queueMessage, resendAfter - waited, cancellationToken).ConfigureAwait(false);
        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {NotificationId} for case {Case} was sent {Sends} times and each answer was lost; it is not sent again, and SendGrid's events will say whether it arrived")]
    private partial void LogLeftToEvents(string notificationId, string? @case, int sends);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SendGrid reported nothing for notification {NotificationId} (case {Case}) {Minutes:0} minutes after its answer was lost; sending it once more")]
    private partial void LogResending(string notificationId, string? @case, double minutes);
}
