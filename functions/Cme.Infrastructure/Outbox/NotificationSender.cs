using Cme.Infrastructure.Queues;
using Microsoft.Extensions.Logging;

namespace Cme.Infrastructure.Outbox;

/// <summary>Delivers one queued notification and records the outcome.</summary>
public sealed partial class NotificationSender(INotificationDelivery delivery, ICaseActivityLog activity, ILogger<NotificationSender> logger)
{
    public async Task SendAsync(string queueMessage, CancellationToken cancellationToken)
    {
        var notification = QueueJson.Deserialize<NotificationMessage>(queueMessage).ToNotification();
        var receipt = await delivery.DeliverAsync(notification, cancellationToken).ConfigureAwait(false);
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
