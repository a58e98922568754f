using Azure.Storage.Queues;
using Cme.Application.Queues;
using Cme.Core.Notifications;
using Cme.Application.Ports;

namespace Cme.Infrastructure.Queues;

/// <summary>Writes the product's queue messages, creating each queue on first use.</summary>
public sealed class MailQueues(QueueServiceClient queues) : IMailQueues
{
    private readonly Lazy<Task<QueueClient>> _inbound = new(() => CreateAsync(queues, QueueNames.InboundMail));
    private readonly Lazy<Task<QueueClient>> _notifications = new(() => CreateAsync(queues, QueueNames.Notifications));

    public async Task EnqueueInboundAsync(InboundMailMessage message, CancellationToken cancellationToken)
    {
        var queue = await _inbound.Value.ConfigureAwait(false);
        await queue.SendMessageAsync(QueueJson.Serialize(message), cancellationToken).ConfigureAwait(false);
    }

    public async Task EnqueueNotificationAsync(Notification notification, CancellationToken cancellationToken)
    {
        var queue = await _notifications.Value.ConfigureAwait(false);
        await queue.SendMessageAsync(QueueJson.Serialize(NotificationMessage.From(notification)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Re-queues a notification message exactly as it was (a poison message being retried).</summary>
    public async Task EnqueueRawNotificationAsync(string message, CancellationToken cancellationToken)
    {
        var queue = await _notifications.Value.ConfigureAwait(false);
        await queue.SendMessageAsync(message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Queues a notification message exactly as it was, invisible until <paramref name="delay"/> has passed (at most 7 days).</summary>
    public async Task EnqueueRawNotificationAsync(string message, TimeSpan delay, CancellationToken cancellationToken)
    {
        var queue = await _notifications.Value.ConfigureAwait(false);
        await queue.SendMessageAsync(message, visibilityTimeout: delay, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static async Task<QueueClient> CreateAsync(QueueServiceClient service, string name)
    {
        var queue = service.GetQueueClient(name);
        await queue.CreateIfNotExistsAsync().ConfigureAwait(false);
        return queue;
    }
}
