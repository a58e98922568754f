using Cme.Application.Ports;
using Cme.Application.Queues;
using Microsoft.Extensions.Logging;

namespace Cme.Application.Outbox;

/// <summary>
/// Delivers one queued notification, once: the ledger row is claimed before delivery and marked
/// delivered after, so a second copy of the message (a sweep run twice, a redelivery, a second
/// host) finds it delivered or being delivered and sends nothing. The claim names the queue
/// message that took it: when that same message comes back (its attempt failed, or storage went
/// away before the delivery was recorded) it takes over at once, rather than waiting out a claim
/// lapse that is longer than the queue's retries last.
/// </summary>
public sealed partial class NotificationSender(
    INotificationDelivery delivery,
    INotificationLedger ledger,
    UnconfirmedDeliveries unconfirmed,
    ICaseActivityLog activity,
    TimeProvider time,
    ILogger<NotificationSender> logger)
{
    /// <summary>A claim older than this belongs to a delivery that crashed; another attempt may take it over.</summary>
    public static readonly TimeSpan ClaimLapse = TimeSpan.FromMinutes(5);

    /// <param name="queueMessage">The notification message as queued.</param>
    /// <param name="queueMessageId">The queue's id for the message, the same on every redelivery of it.</param>
    /// <param name="cancellationToken">Cancels the delivery.</param>
    public async Task SendAsync(string queueMessage, string queueMessageId, CancellationToken cancellationToken)
    {
        var notification = QueueJson.Deserialize<NotificationMessage>(queueMessage).ToNotification();
        var record = await ledger.GetAsync(notification.Id, cancellationToken).ConfigureAwait(false);
        if (record is { Status: NotificationStatus.Delivered })
        {
            LogAlreadyDelivered(notification.Id, notification.Case?.ToString());
            return;
        }

        // A failure SendGrid reported (bounce, dropped) is on the case's timeline; sending again would not help.
        if (record is { Status: NotificationStatus.Failed } ||
            (record is { Status: NotificationStatus.Unconfirmed } && !await unconfirmed.MaySendAgainAsync(record, queueMessage, cancellationToken).ConfigureAwait(false)))
        {
            return;
        }

        if (record is { Status: NotificationStatus.Delivering, DeliveringSince: { } since } &&
            record.ClaimedBy != queueMessageId &&
            time.GetUtcNow() - since < ClaimLapse)
        {
            throw new NotificationBeingDeliveredException(notification.Id);
        }

        if (!await ledger.TryClaimDeliveryAsync(notification.Id, record, notification.Kind.ToString(), notification.Case?.ToString(), queueMessageId, cancellationToken).ConfigureAwait(false))
        {
            // Another copy claimed it between our read and our write: let the queue try again later.
            throw new NotificationBeingDeliveredException(notification.Id);
        }

        DeliveryReceipt receipt;
        try
        {
            receipt = await delivery.DeliverAsync(notification, cancellationToken).ConfigureAwait(false);
        }
        catch (DeliveryFailedException)
        {
            // The service refused it or failed on every attempt: give the claim back, so the ledger
            // says it is waiting, not being delivered, and any copy's next dequeue tries again at once.
            await ledger.ReleaseClaimAsync(notification.Id, (record?.Attempts ?? 0) + 1, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        catch (DeliveryOutcomeUnknownException)
        {
            // SendGrid may have accepted it: never resent blindly, its events decide.
            await unconfirmed.AwaitConfirmationAsync(notification, (record?.Attempts ?? 0) + 1, queueMessage, cancellationToken).ConfigureAwait(false);
            return;
        }

        await ledger.MarkDeliveredAsync(notification.Id, receipt.Channel, receipt.Reference, cancellationToken).ConfigureAwait(false);
        if (notification.Case is not null)
        {
            await activity.RecordDeliveryAsync(notification, receipt, cancellationToken).ConfigureAwait(false);
        }

        if (receipt.AlreadyDelivered)
        {
            LogAlreadyDelivered(notification.Id, notification.Case?.ToString());
        }
        else
        {
            LogDelivered(notification.Kind.ToString(), notification.Id, notification.Case?.ToString(), receipt.Channel);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivered {Kind} {NotificationId} for case {Case} via {Channel}")]
    private partial void LogDelivered(string kind, string notificationId, string? @case, string channel);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification {NotificationId} for case {Case} was already delivered; not sent again")]
    private partial void LogAlreadyDelivered(string notificationId, string? @case);
}

/// <summary>Where delivery outcomes are written into a case's event log.</summary>
public interface ICaseActivityLog
{
    Task RecordDeliveryAsync(Core.Notifications.Notification notification, DeliveryReceipt receipt, CancellationToken cancellationToken);
}

/// <summary>Another attempt is delivering this notification now; the message is retried later and then finds it delivered.</summary>
public sealed class NotificationBeingDeliveredException(string id)
    : Exception($"Notification {id} is being delivered by another attempt; this copy will be retried and then find it delivered.");
