using Cme.Application.Outbox;
using Cme.Application.Ports;
using Cme.Core.Cases;
using Cme.Core.Notifications;

namespace Cme.Application.Deadlines;

/// <summary>Writes delivery outcomes into the case's event log, once per notification.</summary>
public sealed class CaseActivityLog(ICaseStore cases, TimeProvider time) : ICaseActivityLog
{
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
}
