using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Cme.Application.Mailboxes;
using Cme.Application.Queues;
using Cme.Core.Profiles;
using Cme.Infrastructure;
using Cme.Infrastructure.Mailboxes;
using Cme.Infrastructure.Queues;
using Cme.Infrastructure.Storage;
using Cme.LocalRunner.Functions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Cme.LocalRunner.Benchmarks;

/// <summary>
/// `cme-host-bench ingest`: the ingestion pipeline's rate against the rate of the least storage work a
/// queued message can cost (send, receive, one table insert, delete), both measured in this run,
/// on one private Azurite, at the concurrency of the host's queue trigger; and the storage round
/// trips each email costs, counted per HTTP request.
/// </summary>
public sealed class IngestBenchmark(PrivateStore store, TextWriter output)
{
    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(120);

    public static Command Create()
    {
        var emails = new Option<int>("--emails") { Description = "Emails in the timed run (default 2000).", DefaultValueFactory = _ => 2_000 };
        var ingest = new Command("ingest", "Emails ingested per second by the host's pipeline against the raw storage round trip's rate (baseline), and storage round trips per email.") { emails };
        ingest.SetAction(async (parseResult, cancellationToken) =>
        {
            var count = parseResult.GetValue(emails);
            if (count < 1)
            {
                parseResult.InvocationConfiguration.Error.WriteLine("--emails must be 1 or more.");
                return 2;
            }

            // In memory for both runs, as for the sweep: on disk, Azurite's whole-database save grows with every row.
            await using var store = await PrivateStore.StartAsync(null, TimeProvider.System, cancellationToken, inMemory: true);
            return await new IngestBenchmark(store, parseResult.InvocationConfiguration.Output).RunAsync(count, cancellationToken);
        });
        return ingest;
    }

    public async Task<int> RunAsync(int emails, CancellationToken cancellationToken)
    {
        var concurrency = QueueTriggerConcurrency(store.Configuration);
        var warmUp = concurrency;
        using var roundTrips = new StorageRoundTrips(store.Ports);

        output.WriteLine($"Azurite in memory (see README: on disk its periodic whole-database save swamps both runs). Concurrency {concurrency} (host.json queues batchSize + newBatchThreshold).");
        var baseline = new Baseline(store.Services, concurrency);
        await baseline.RunAsync(warmUp, cancellationToken).ConfigureAwait(false);
        var before = roundTrips.Take();
        var stopwatch = Stopwatch.StartNew();
        await baseline.RunAsync(emails, cancellationToken).ConfigureAwait(false);
        stopwatch.Stop();
        var baselineTrips = roundTrips.Take() - before;
        var baselinePerSecond = emails / stopwatch.Elapsed.TotalSeconds;
        output.WriteLine($"baseline: {emails} messages, each sent, received, inserted as one table row and deleted: {Seconds(stopwatch.Elapsed)} s");
        output.WriteLine($"baseline_per_s={baselinePerSecond.ToString("0.0", CultureInfo.InvariantCulture)}");
        output.WriteLine($"baseline_roundtrips_per_message={PerEmail(baselineTrips.Total, emails)}");

        using var host = BuildHost();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var pipeline = new Pipeline(host.Services);
            await pipeline.RunAsync(0, warmUp, cancellationToken).ConfigureAwait(false);
            var staged = pipeline.Stage(warmUp, emails);
            before = roundTrips.Take();
            var (elapsed, half) = await pipeline.RunStagedAsync(staged, warmUp, emails, cancellationToken).ConfigureAwait(false);
            // The trigger deletes each message after its function returns, so the last few deletes
            // come after the clock stops: wait for them, and leave the asking out of the count.
            var asked = await pipeline.WaitForInboundDeletesAsync(cancellationToken).ConfigureAwait(false);
            var pipelineTrips = roundTrips.Take() - before;
            var pipelineTotal = pipelineTrips.Total - asked;
            var problem = await pipeline.CheckAsync(warmUp + emails, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                output.WriteLine($"The pipeline did not record every email: {problem}. The figures would mean nothing.");
                return 1;
            }

            var pipelinePerSecond = emails / elapsed.TotalSeconds;
            output.WriteLine($"pipeline: {emails} invented referrals (each a different child), folder mailbox → poll → inbound-mail → the host's IngestEmail trigger → case recorded → acknowledgement queued: {Seconds(elapsed)} s");
            output.WriteLine($"pipeline_emails_per_s={pipelinePerSecond.ToString("0.0", CultureInfo.InvariantCulture)} (first half {Rate(emails / 2, half)}/s, second half {Rate(emails - (emails / 2), elapsed - half)}/s)");
            output.WriteLine($"ratio={(pipelinePerSecond / baselinePerSecond).ToString("0.00", CultureInfo.InvariantCulture)} (goal >= 0.5)");
            output.WriteLine($"storage_roundtrips_per_email={PerEmail(pipelineTotal, emails)} (goal <= 3)");
            // The machine is shared: the same baseline again shows how much the load moved meanwhile.
            // The acknowledgements are cleared first: Azurite finds a queue's messages among every
            // queue's, so a backlog slows every queue request (a sender would have drained them).
            await host.Services.GetRequiredService<QueueServiceClient>().GetQueueClient(QueueNames.Notifications).ClearMessagesAsync(cancellationToken).ConfigureAwait(false);
            stopwatch.Restart();
            await baseline.RunAsync(emails, cancellationToken).ConfigureAwait(false);
            output.WriteLine($"baseline_again_per_s={(emails / stopwatch.Elapsed.TotalSeconds).ToString("0.0", CultureInfo.InvariantCulture)} (the baseline re-run after the pipeline: if far from baseline_per_s, the machine's load changed and the ratio is noisy)");
            output.WriteLine("roundtrips_per_email_by_request " + string.Join(' ',
                from service in StorageRoundTrips.Services
                from method in StorageRoundTrips.Methods
                let count = pipelineTrips.Of(service, method) - (service == "queue" && method == "GET" ? asked : 0)
                where count > 0
                select $"{service}_{method}={PerEmail(count, emails)}"));
            return 0;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>How many messages the host's queue trigger works on at once: a batch, and the next batch fetched when fewer than the threshold remain.</summary>
    private static int QueueTriggerConcurrency(IConfiguration configuration)
    {
        var queues = configuration.GetSection("AzureWebJobs:extensions:queues");
        var batchSize = queues.GetValue("batchSize", 16);
        return batchSize + queues.GetValue("newBatchThreshold", batchSize / 2);
    }

    private IHost BuildHost()
    {
        var configuration = new ConfigurationBuilder()
            .AddConfiguration(store.Configuration)
            .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobs:HostId"] = "cme-bench-ingest" })
            .Build();
        return CmeFunctionHost.CreateHostBuilder(new CmeHostSetup
        {
            ContentRoot = store.ContentRoot,
            Configuration = configuration,
            Storage = StorageConnection.Configured(store.ConnectionString),
            FunctionTypes = [typeof(IngestFunctions)],
            ConfigureLogging = logging => logging.AddFilter<ConsoleLoggerProvider>(null, LogLevel.Warning),
        }).Build();
    }

    private static string PerEmail(long count, int emails) => (count / (double)emails).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Rate(int emails, TimeSpan elapsed) => (emails / elapsed.TotalSeconds).ToString("0.0", CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan elapsed) => elapsed.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>The raw round trip, per message, from as many workers as the trigger runs at once.</summary>
    private sealed class Baseline(IServiceProvider services, int concurrency)
    {
        private readonly QueueClient _queue = services.GetRequiredService<QueueServiceClient>().GetQueueClient("bench-baseline");
        private readonly TableClient _table = services.GetRequiredService<TableServiceClient>().GetTableClient("benchbaseline");
        private int _sent;

        public async Task RunAsync(int messages, CancellationToken cancellationToken)
        {
            await _queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            await _table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
            var remaining = messages;
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
            {
                while (Interlocked.Decrement(ref remaining) >= 0)
                {
                    var n = Interlocked.Increment(ref _sent);
                    await _queue.SendMessageAsync("baseline-" + n.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
                    Azure.Storage.Queues.Models.QueueMessage? message;
                    do
                    {
                        message = (await _queue.ReceiveMessageAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
                    }
                    while (message is null);

                    await _table.AddEntityAsync(new TableEntity(message.MessageId, "row|" + message.MessageId) { ["Body"] = message.Body.ToString() }, cancellationToken).ConfigureAwait(false);
                    await _queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken).ConfigureAwait(false);
                }
            })).ConfigureAwait(false);
        }
    }

    /// <summary>Invented referrals through the host: dropped in the folder mailbox, polled, ingested by the queue trigger.</summary>
    private sealed class Pipeline(IServiceProvider services)
    {
        private readonly FolderMailbox _mailbox = services.GetRequiredService<IMailbox>() as FolderMailbox
            ?? throw new InvalidOperationException("The benchmark needs the folder mailbox.");

        private readonly string _profileMailbox = services.GetRequiredService<AuthorityProfile>().Mailbox.Value;

        private string Staging => Path.Combine(_mailbox.Root, "bench-staging");

        public async Task RunAsync(int first, int count, CancellationToken cancellationToken)
        {
            var staged = Stage(first, count);
            await RunStagedAsync(staged, first, count, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Writes the emails beside the inbox, settled (older than the poll's settle time), ready to move in at once.</summary>
        public IReadOnlyList<string> Stage(int first, int count)
        {
            _mailbox.EnsureFolders();
            Directory.CreateDirectory(Staging);
            var sentAt = DateTimeOffset.UtcNow.AddMinutes(-5);
            var settled = DateTime.UtcNow.AddMinutes(-1);
            return Enumerable.Range(first, count).Select(n =>
            {
                var path = Path.Combine(Staging, $"referral-{n:D7}.eml");
                File.WriteAllBytes(path, InventedReferrals.Create(n, _profileMailbox, sentAt));
                File.SetLastWriteTimeUtc(path, settled);
                return path;
            }).ToList();
        }

        /// <summary>
        /// Moves the staged emails into the inbox, polls once, and returns the time until the last
        /// is processed (its acknowledgement queued), and until half were.
        /// </summary>
        public async Task<(TimeSpan All, TimeSpan Half)> RunStagedAsync(IReadOnlyList<string> staged, int processedBefore, int count, CancellationToken cancellationToken)
        {
            var processedInAll = processedBefore + count;
            TimeSpan? half = null;
            foreach (var path in staged)
            {
                File.Move(path, Path.Combine(_mailbox.Inbox, Path.GetFileName(path)));
            }

            var stopwatch = Stopwatch.StartNew();
            await services.GetRequiredService<MailboxPoller>().PollAsync(cancellationToken).ConfigureAwait(false);
            var (done, lastProgress) = (0, stopwatch.Elapsed);
            while (true)
            {
                var now = Count(_mailbox.Processed) + Count(_mailbox.Failed);
                if (half is null && now >= processedBefore + (count / 2))
                {
                    half = stopwatch.Elapsed;
                }

                if (now >= processedInAll)
                {
                    return (stopwatch.Elapsed, half ?? stopwatch.Elapsed);
                }

                if (now > done)
                {
                    (done, lastProgress) = (now, stopwatch.Elapsed);
                }
                else if (stopwatch.Elapsed - lastProgress > StallTimeout)
                {
                    throw new TimeoutException($"Ingestion stalled at {now} of {processedInAll} emails for {StallTimeout.TotalSeconds:0} s.");
                }

                await Task.Delay(10, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>Waits until the inbound queue is empty (every message deleted); returns how many requests the asking took.</summary>
        public async Task<int> WaitForInboundDeletesAsync(CancellationToken cancellationToken)
        {
            var inbound = services.GetRequiredService<QueueServiceClient>().GetQueueClient(QueueNames.InboundMail);
            var stopwatch = Stopwatch.StartNew();
            for (var asked = 1; ; asked++)
            {
                var properties = await inbound.GetPropertiesAsync(cancellationToken).ConfigureAwait(false);
                if (properties.Value.ApproximateMessagesCount == 0 || stopwatch.Elapsed > StallTimeout)
                {
                    return asked;
                }

                await Task.Delay(10, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>Null when every email became a case with its acknowledgement queued; otherwise what is missing.</summary>
        public async Task<string?> CheckAsync(int expected, CancellationToken cancellationToken)
        {
            var failed = Count(_mailbox.Failed);
            var cases = (await services.GetRequiredService<CaseStore>().ListAsync(cancellationToken).ConfigureAwait(false)).Count;
            var acknowledgements = (await services.GetRequiredService<QueueServiceClient>().GetQueueClient(QueueNames.Notifications).GetPropertiesAsync(cancellationToken).ConfigureAwait(false)).Value.ApproximateMessagesCount;
            return failed == 0 && cases == expected && acknowledgements == expected
                ? null
                : $"{expected} emails: {cases} cases, {acknowledgements} acknowledgements queued, {failed} failed";
        }

        private static int Count(string folder) => Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*.eml").Count() : 0;
    }
}
