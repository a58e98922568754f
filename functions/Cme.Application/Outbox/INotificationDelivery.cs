using Cme.Core.Notifications;

namespace Cme.Application.Outbox;

/// <summary>Sends one notification: SendGrid in production, the local pickup folder by default.</summary>
public interface INotificationDelivery
{
    string Description { get; }

    /// <summary>
    /// Delivers the notification, or does nothing if a notification with the same id was already
    /// delivered through this channel. Throws when delivery failed and should be retried.
    /// </summary>
    Task<DeliveryReceipt> DeliverAsync(Notification notification, CancellationToken cancellationToken);
}

/// <summary>What happened to one delivery, for the case's event log.</summary>
public sealed record DeliveryReceipt(string Channel, string Reference, bool AlreadyDelivered);

/// <summary>The delivery service refused the notification or failed on every attempt; the queue tries it again later.</summary>
public sealed class DeliveryFailedException(string message) : Exception(message);

/// <summary>
/// The request went out but its answer was lost (the connection dropped after it was written, or
/// it timed out): the service may have accepted it. Not retried blindly; see <see cref="UnconfirmedDeliveries"/>.
/// </summary>
public sealed class DeliveryOutcomeUnknownException(string notificationId, Exception inner)
    : Exception($"The answer to notification {notificationId} was lost after it was sent; it may have been accepted.", inner);
