using Azure.Storage.Queues.Models;
using Cme.Application.Outbox;
using Cme.Application.Queues;
using Microsoft.Azure.Functions.Worker;

namespace Cme.Functions;

/// <summary>Delivers each queued notification.</summary>
public sealed class SendNotification(NotificationSender sender)
{
    [Function(nameof(SendNotification))]
    public Task Run([QueueTrigger(QueueNames.Notifications)] QueueMessage message, CancellationToken cancellationToken) =>
        sender.SendAsync(message.Body.ToString(), message.MessageId, cancellationToken);
}
