using Azure.Storage.Queues.Models;
using Cme.Application.Intake;
using Cme.Application.Queues;
using Microsoft.Azure.Functions.Worker;

namespace Cme.Functions;

/// <summary>The notifications poison queue's consumer: a notification that failed every attempt is recorded for a person, never lost.</summary>
public sealed class RecordFailedNotification(FailedMessages failed)
{
    [Function(nameof(RecordFailedNotification))]
    public Task Run([QueueTrigger(QueueNames.Notifications + QueueNames.PoisonSuffix)] QueueMessage message, CancellationToken cancellationToken) =>
        failed.RecordFailedNotificationAsync(message.Body.ToString(), message.MessageId, cancellationToken);
}
