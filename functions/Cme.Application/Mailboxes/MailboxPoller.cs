using Cme.Application.Ports;
using Cme.Application.Queues;
using Microsoft.Extensions.Logging;

namespace Cme.Application.Mailboxes;

/// <summary>Hands every new email in the mailbox to the ingest queue, one message each.</summary>
public sealed partial class MailboxPoller(IMailbox mailbox, IMailQueues queues, IMailboxStateStore state, TimeProvider time, ILogger<MailboxPoller> logger)
{
    public const string StatePartition = "poller";

    public const string LastSuccessfulPollKey = "last-successful-poll";

    private const int ConcurrentSends = 16;

    public async Task<int> PollAsync(CancellationToken cancellationToken)
    {
        var found = await mailbox.PollAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        // Several sends at once: one at a time, a large mailbox would feed the ingest trigger no
        // faster than one queue round trip per email. Order does not matter (queues do not keep it).
        await Parallel.ForEachAsync(
            found,
            new ParallelOptions { MaxDegreeOfParallelism = ConcurrentSends, CancellationToken = cancellationToken },
            (message, token) => new ValueTask(queues.EnqueueInboundAsync(new InboundMailMessage(message.Source, message.Id, now), token))).ConfigureAwait(false);

        await state.SetAsync(StatePartition, LastSuccessfulPollKey, now.ToString("O"), cancellationToken).ConfigureAwait(false);
        if (found.Count > 0)
        {
            LogEnqueued(found.Count);
        }

        return found.Count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Mailbox poll found {Count} new email(s); each is queued for ingestion")]
    private partial void LogEnqueued(int count);
}
