using Cme.Application.Intake;
using Cme.Application.Queues;
using Microsoft.Azure.Functions.Worker;

namespace Cme.Functions;

/// <summary>Ingests each email the mailbox poll queued; a message that keeps failing is recorded by <see cref="RecordFailedEmail"/>.</summary>
public sealed class IngestEmail(EmailIngestion ingestion)
{
    [Function(nameof(IngestEmail))]
    public Task Run([QueueTrigger(QueueNames.InboundMail)] string message, CancellationToken cancellationToken) =>
        ingestion.IngestAsync(message, cancellationToken);
}
