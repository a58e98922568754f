using Cme.Infrastructure.Mailboxes;
using Cme.Infrastructure.Queues;
using Cme.Infrastructure.Storage;
using Microsoft.Extensions.Logging;

namespace Cme.Infrastructure.Intake;

/// <summary>
/// Records a message that failed every attempt (the host moved it to a <c>-poison</c> queue):
/// the email is moved aside in the mailbox with the reason, and a triage record makes it visible
/// in <c>cme triage list</c> and the digest. Nothing is dropped.
/// </summary>
public sealed partial class FailedMessages(IMailbox mailbox, TriageStore triage, TimeProvider time, ILogger<FailedMessages> logger)
{
    public async Task RecordFailedEmailAsync(string queueMessage, string poisonMessageId, CancellationToken cancellationToken)
    {
        InboundMailMessage? message = null;
        try
        {
            message = QueueJson.Deserialize<InboundMailMessage>(queueMessage);
        }
        catch (InvalidQueueMessageException)
        {
            // Recorded below with what there is.
        }

        var reason = $"Processing failed on every attempt (see the host log for {QueueNames.InboundMail} around {time.GetUtcNow():yyyy-MM-dd HH:mm} UTC). Fix the cause, then run: cme triage retry {poisonMessageId}";
        if (message is not null)
        {
            await mailbox.MarkFailedAsync(new MailboxMessage(message.Source, message.Id), reason, cancellationToken).ConfigureAwait(false);
        }

        await triage.RecordAsync(
            new TriageItem(poisonMessageId, message?.Source ?? "unknown", message?.Id ?? queueMessage, reason, Kind: null, time.GetUtcNow(), TriageStatus.Waiting, IsPoison: true),
            cancellationToken).ConfigureAwait(false);
        LogPoison(QueueNames.InboundMail, poisonMessageId);
    }

    public async Task RecordFailedNotificationAsync(string queueMessage, string poisonMessageId, CancellationToken cancellationToken)
    {
        string? notificationId = null;
        string? caseReference = null;
        try
        {
            var notification = QueueJson.Deserialize<NotificationMessage>(queueMessage);
            notificationId = notification.Id;
            caseReference = notification.Case;
        }
        catch (InvalidQueueMessageException)
        {
            // Recorded below with what there is.
        }

        var reason = $"Notification {notificationId ?? "(unreadable)"} for case {caseReference ?? "(none)"} could not be delivered on any attempt. Check the delivery settings, then run: cme triage retry {poisonMessageId}";
        await triage.RecordAsync(
            new TriageItem(poisonMessageId, "notification", queueMessage, reason, Kind: "notification", time.GetUtcNow(), TriageStatus.Waiting, IsPoison: true),
            cancellationToken).ConfigureAwait(false);
        LogPoison(QueueNames.Notifications, poisonMessageId);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A message on {Queue} failed every attempt and is waiting in triage as {TriageId}")]
    private partial void LogPoison(string queue, string triageId);
}
