
using Cme.Application.Queues;
using Cme.Application.Ports;
using Cme.Application.Mailboxes;

namespace Cme.Application.Intake;

/// <summary>Re-runs one triage item: the email goes back through ingestion, or the notification back to delivery.</summary>
public sealed class TriageRetry(ITriageStore triage, IMailbox mailbox, IMailQueues queues, TimeProvider time)
{
    public async Task<string> RetryAsync(string id, CancellationToken cancellationToken)
    {
        if (id.Length > 256 || id.Any(char.IsControl))
        {
            throw new TriageItemNotFoundException("That is not a triage item id (ids are at most 256 characters, with no control characters). Run 'cme triage list --all' to see the ids.");
        }

        var item = await triage.GetAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new TriageItemNotFoundException($"There is no triage item '{id}'. Run 'cme triage list --all' to see the ids.");

        if (item.Source == "notification")
        {
            await queues.EnqueueRawNotificationAsync(item.SourceId, cancellationToken).ConfigureAwait(false);
            await triage.MarkAsync(item.Id, TriageStatus.Retried, cancellationToken).ConfigureAwait(false);
            return $"Notification re-queued for delivery ({item.Id}).";
        }

        if (MailboxMessage.Problem(item.Source, item.SourceId, mailbox.Source) is { } problem)
        {
            throw new TriageItemCannotBeRetriedException(
                $"Triage item '{id}' cannot be retried: {problem}. There is no email to send through processing again; " +
                "what arrived is kept in the item ('cme triage list --all'). If an email is missing from the records, run 'cme mailbox reconcile'.");
        }

        var returned = await mailbox.ReturnForRetryAsync(new MailboxMessage(item.Source, item.SourceId), cancellationToken).ConfigureAwait(false)
            ?? throw new TriageItemNotFoundException($"The email for triage item '{id}' is no longer in the mailbox ({item.Source}); it cannot be retried from here.");
        await queues.EnqueueInboundAsync(new InboundMailMessage(returned.Source, returned.Id, time.GetUtcNow(), Retry: true), cancellationToken).ConfigureAwait(false);
        await triage.MarkAsync(item.Id, TriageStatus.Retried, cancellationToken).ConfigureAwait(false);
        return $"Email re-queued for ingestion ({item.Id}); the running host will process it.";
    }
}

public sealed class TriageItemNotFoundException(string message) : Exception(message);

/// <summary>The triage item names nothing that can be processed again (an unreadable or hostile queue message); the message says why.</summary>
public sealed class TriageItemCannotBeRetriedException(string message) : Exception(message);
