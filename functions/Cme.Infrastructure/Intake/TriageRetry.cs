using Cme.Infrastructure.Mailboxes;
using Cme.Infrastructure.Queues;
using Cme.Infrastructure.Storage;

namespace Cme.Infrastructure.Intake;

/// <summary>Re-runs one triage item: the email goes back through ingestion, or the notification back to delivery.</summary>
public sealed class TriageRetry(TriageStore triage, IMailbox mailbox, MailQueues queues, TimeProvider time)
{
    public async Task<string> RetryAsync(string id, CancellationToken cancellationToken)
    {
        var item = await triage.GetAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new TriageItemNotFoundException($"There is no triage item '{id}'. Run 'cme triage list --all' to see the ids.");

        if (item.Source == "notification")
        {
            await queues.EnqueueRawNotificationAsync(item.SourceId, cancellationToken).ConfigureAwait(false);
            await triage.MarkAsync(item.Id, TriageStatus.Retried, cancellationToken).ConfigureAwait(false);
            return $"Notification re-queued for delivery ({item.Id}).";
        }

        var returned = await mailbox.ReturnForRetryAsync(new MailboxMessage(item.Source, item.SourceId), cancellationToken).ConfigureAwait(false)
            ?? throw new TriageItemNotFoundException($"The email for triage item '{id}' is no longer in the mailbox ({item.Source}); it cannot be retried from here.");
        await queues.EnqueueInboundAsync(new InboundMailMessage(returned.Source, returned.Id, time.GetUtcNow(), Retry: true), cancellationToken).ConfigureAwait(false);
        await triage.MarkAsync(item.Id, TriageStatus.Retried, cancellationToken).ConfigureAwait(false);
        return $"Email re-queued for ingestion ({item.Id}); the running host will process it.";
    }
}

public sealed class TriageItemNotFoundException(string message) : Exception(message);
