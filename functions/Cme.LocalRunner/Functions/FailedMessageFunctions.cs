using Cme.Application.Intake;
using Cme.Application.Queues;
using Cme.Infrastructure.Queues;
using Microsoft.Azure.WebJobs;

namespace Cme.LocalRunner.Functions;

/// <summary>The poison queues' consumers: a message that failed every attempt is recorded for a person, never lost.</summary>
public sealed class FailedMessageFunctions(FailedMessages failed)
{
    [FunctionName("RecordFailedEmail")]
    public Task FailedEmail([QueueTrigger(QueueNames.InboundMail + QueueNames.PoisonSuffix)] Microsoft.Azure.Storage.Queue.CloudQueueMessage message, CancellationToken cancellationToken) =>
        failed.RecordFailedEmailAsync(QueueMessageText.Of(message), message.Id, cancellationToken);

    [FunctionName("RecordFailedNotification")]
    public Task FailedNotification([QueueTrigger(QueueNames.Notifications + QueueNames.PoisonSuffix)] Microsoft.Azure.Storage.Queue.CloudQueueMessage message, CancellationToken cancellationToken) =>
        failed.RecordFailedNotificationAsync(QueueMessageText.Of(message), message.Id, cancellationToken);
}
