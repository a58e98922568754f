using Azure.Storage.Queues.Models;
using Cme.Application.Intake;
using Cme.Application.Queues;
using Microsoft.Azure.Functions.Worker;

namespace Cme.Functions;

/// <summary>The inbound-mail poison queue's consumer: an email that failed every attempt is recorded for a person, never lost.</summary>
public sealed class RecordFailedEmail(FailedMessages failed)
{
    [Function(nameof(RecordFailedEmail))]
    public Task Run([QueueTrigger(QueueNames.InboundMail + QueueNames.PoisonSuffix)] QueueMessage message, CancellationToken cancellationToken) =>
        failed.RecordFailedEmailAsync(message.Body.ToString(), message.MessageId, cancellationToken);
}
