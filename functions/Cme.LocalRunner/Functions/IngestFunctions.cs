using Cme.Application.Intake;
using Cme.Application.Queues;
using Cme.Infrastructure.Queues;
using Microsoft.Azure.WebJobs;

namespace Cme.LocalRunner.Functions;

/// <summary>Ingests each email the mailbox poll queued; a message that keeps failing is recorded by <see cref="FailedMessageFunctions"/>.</summary>
public sealed class IngestFunctions(EmailIngestion ingestion)
{
    [FunctionName("IngestEmail")]
    public Task Ingest([QueueTrigger(QueueNames.InboundMail)] Microsoft.Azure.Storage.Queue.CloudQueueMessage message, CancellationToken cancellationToken) =>
        ingestion.IngestAsync(QueueMessageText.Of(message), cancellationToken);
}
