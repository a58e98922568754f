using Cme.Application.Mailboxes;
using Cme.Application.Ports;
using Cme.Application.Queues;
using Cme.Core.Intake;
using Microsoft.Extensions.Logging;

namespace Cme.Application.Intake;

/// <summary>
/// Proves every email the mailbox holds as handled has its record: lists the mailbox's email for
/// a period (<see cref="IMailbox.ListAsync"/>), works out each one's key as ingestion does, and
/// looks it up in the ledger (a case or update, ignored with a reason, or triage). An email
/// without one (storage lost the record after the mailbox hand-over) is queued for ingestion
/// again, marked as recovered, so the weekly digest counts it. Safe to run at any time and twice:
/// ingestion of an email that has its record changes nothing.
/// </summary>
public sealed partial class MailboxReconciliation(
    IMailbox mailbox,
    IEmailParser parser,
    IEmailLedger ledger,
    IMailQueues queues,
    TimeProvider time,
    ILogger<MailboxReconciliation> logger)
{
    /// <summary>How far back the scheduled run looks: a day's run with two days' overlap, so a missed run loses nothing.</summary>
    public static readonly TimeSpan ScheduledPeriod = TimeSpan.FromDays(3);

    private const int ConcurrentChecks = 8;

    /// <summary>The scheduled run: the last <see cref="ScheduledPeriod"/>.</summary>
    public Task<ReconciliationReport> RunAsync(CancellationToken cancellationToken) =>
        RunAsync(time.GetUtcNow() - ScheduledPeriod, cancellationToken);

    public async Task<ReconciliationReport> RunAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var listed = 0;
        var accounted = 0;
        var requeued = 0;
        var gone = 0;
        var now = time.GetUtcNow();
        await Parallel.ForEachAsync(
            mailbox.ListAsync(since, cancellationToken),
            new ParallelOptions { MaxDegreeOfParallelism = ConcurrentChecks, CancellationToken = cancellationToken },
            async (message, token) =>
            {
                Interlocked.Increment(ref listed);
                var mime = await mailbox.ReadMimeAsync(message, token).ConfigureAwait(false);
                if (mime is null)
                {
                    // Moved or deleted between the listing and the read: not ours to account for now.
                    Interlocked.Increment(ref gone);
                    return;
                }

                var identity = EmailKeys.For(parser.Parse(mime).MessageId, mime);
                var (_, entry) = await ledger.FindAsync(identity, token).ConfigureAwait(false);
                if (entry is not null)
                {
                    Interlocked.Increment(ref accounted);
                    return;
                }

                await queues.EnqueueInboundAsync(new InboundMailMessage(message.Source, message.Id, now, Recovered: true), token).ConfigureAwait(false);
                Interlocked.Increment(ref requeued);
                LogUnaccounted(identity.Key);
            }).ConfigureAwait(false);

        var report = new ReconciliationReport(since, listed, accounted, requeued, gone);
        LogReconciled(listed, since, accounted, requeued);
        return report;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Email {EmailKey} is in the mailbox as handled but has no record; queued for ingestion again")]
    private partial void LogUnaccounted(string emailKey);

    [LoggerMessage(Level = LogLevel.Information, Message = "Mailbox reconciliation: {Listed} email(s) since {Since:u}; {Accounted} have their record, {Requeued} had none and were queued for ingestion again")]
    private partial void LogReconciled(int listed, DateTimeOffset since, int accounted, int requeued);
}

/// <summary>
/// What one reconciliation found: how many emails were listed for the period, how many have their
/// record, how many had none and were queued again (recovered), and how many had left the mailbox
/// between the listing and the read.
/// </summary>
public sealed record ReconciliationReport(DateTimeOffset Since, int Listed, int Accounted, int Requeued, int Gone)
{
    public override string ToString() =>
        $"{Listed} email(s) in the mailbox since {Since:yyyy-MM-dd HH:mm} UTC: {Accounted} have their record; " +
        $"recovered={Requeued} had none and were queued for ingestion again" + (Gone > 0 ? $"; {Gone} left the mailbox while being checked" : string.Empty) + ".";
}
