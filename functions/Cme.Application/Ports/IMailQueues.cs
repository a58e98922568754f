using Cme.Application.Queues;
using Cme.Core.Notifications;

namespace Cme.Application.Ports;

/// <summary>The queues between the steps: an email to ingest, a notification to deliver.</summary>
public interface IMailQueues
{
    Task EnqueueInboundAsync(InboundMailMessage message, CancellationToken cancellationToken);

    Task EnqueueNotificationAsync(Notification notification, CancellationToken cancellationToken);

    /// <summary>Re-queues a notification message exactly as it was (a poison message being retried).</summary>
    Task EnqueueRawNotificationAsync(string message, CancellationToken cancellationToken);

    /// <summary>Queues a notification message exactly as it was, invisible until <paramref name="delay"/> has passed (at most 7 days).</summary>
    Task EnqueueRawNotificationAsync(string message, TimeSpan delay, CancellationToken cancellationToken);
}
