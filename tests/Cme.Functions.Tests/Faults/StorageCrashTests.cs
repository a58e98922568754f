using Azure.Data.Tables;
using Cme.Application.Intake;
using Cme.Application.Ports;
using Cme.Infrastructure.Mailboxes;
using Cme.Infrastructure.Queues;
using Cme.Infrastructure.Storage;
using Cme.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace Cme.Functions.Tests.Faults;

/// <summary>
/// Storage killed outright (SIGKILL) in the middle of a burst, and restarted on the same on-disk
/// data folder: Azurite saves its data every few seconds, so it comes back without its last
/// writes, although the mailbox has handed those emails over to processed. With the host killed
/// too, or instead. Every email must still be accounted for: reconciliation finds those storage
/// forgot and ingests them again, once.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class StorageCrashTests(ITestOutputHelper output) : OwnStorageTest
{
    private const int Emails = 200;

    [Theory]
    [InlineData(true, false)] // storage killed, the host rides it out
    [InlineData(false, true)] // the host killed, started again
    [InlineData(true, true)] // both at once
    public async Task After_a_kill_in_the_middle_of_200_emails_and_a_reconciliation_every_email_has_its_one_record_case_and_acknowledgement(bool killStorage, bool killHost)
    {
        var azurite = Azurite;
        var (emails, outcome, year) = InventBatch(Emails, "kill");
        InventedMail.DropInto(outcome.Inbox, emails);
        var hostId = AzuriteFixture.UniqueName("kill");

        var host = HostProcess.Start(azurite.ConnectionString, DataFolder, hostId);
        try
        {
            Assert.True(await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(90), () => outcome.ProcessedCount >= 64 || host.HasExited), "fewer than 64 emails were processed within 90 s:\n" + host.Output);
            Assert.False(host.HasExited, "the host stopped before the kill:\n" + host.Output);
            if (killHost)
            {
                host.Kill();
            }

            if (killStorage)
            {
                await azurite.KillAsync();
            }

            var processedAtKill = outcome.ProcessedCount;
            Assert.True(processedAtKill < emails.Count, "the host finished the batch before the kill");
            if (killStorage)
            {
                await Task.Delay(TimeSpan.FromSeconds(5));
                await azurite.RestartAsync();
            }

            if (killHost)
            {
                host.Dispose();
                host = HostProcess.Start(azurite.ConnectionString, DataFolder, hostId);
            }

            var handled = await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(150), () => outcome.HandledCount == emails.Count || host.HasExited);
            if (killStorage && !killHost && host.HasExited)
            {
                // The WebJobs SDK's legacy queue listener ends the process on a refused connection
                // (StorageException from QueueListener.ExecuteAsync, rethrown by WebJobsExceptionHandler) when it
                // polls in the seconds storage is down. The platform starts a host that ended again; so does this
                // test, and then nothing may still be lost. The crash is printed, not hidden.
                output.WriteLine("the host ended while storage was down and was started again; its last lines:\n" + string.Join('\n', host.Output.Split('\n').TakeLast(12)));
                host.Dispose();
                host = HostProcess.Start(azurite.ConnectionString, DataFolder, hostId);
                handled = await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(150), () => outcome.HandledCount == emails.Count || host.HasExited);
            }

            Assert.True(handled, $"{outcome.HandledCount} of {emails.Count} emails were handled within 150 s of the kill ({processedAtKill} before it):\n{await outcome.DescribeLeftoversAsync()}\n{host.Output}");
            await outcome.WaitUntilQueuesSettleAsync(TimeSpan.FromSeconds(60));
            var unrecordedBefore = await UnrecordedAsync(emails);

            var report = await ReconcileAsync(azurite.ConnectionString);
            output.WriteLine($"kill storage={killStorage} host={killHost}: {processedAtKill} of {emails.Count} processed at the kill; {unrecordedBefore} with no ledger record after the restart; reconciliation: {report}");
            await outcome.WaitUntilQueuesSettleAsync(TimeSpan.FromSeconds(60));
            var again = await ReconcileAsync(azurite.ConnectionString);
            output.WriteLine($"a second reconciliation: {again}");

            Assert.Equal(0, again.Requeued);
            Assert.Equal(0, await UnrecordedAsync(emails));
            Assert.Equal(0, await host.InterruptAsync(TimeSpan.FromSeconds(30)));
            var numbers = (await new CaseStore(new TableServiceClient(azurite.ConnectionString)).ListAsync(CancellationToken.None)).Select(c => c.Reference.Number).ToHashSet();
            output.WriteLine($"{numbers.Count} cases; numbers missing from 1..{numbers.Max()}: [{string.Join(' ', Enumerable.Range(1, numbers.Max()).Where(n => !numbers.Contains(n)))}]");
            await DescribeMismatchesAsync(emails);
            await outcome.AssertEachEmailOnceAsync(emails, year, storageLostWrites: killStorage);
            // Each referral acknowledged at most once (the pickup folder names each by its notification id): none extra.
            Assert.InRange(outcome.AcknowledgementCount, 0, emails.Count(e => e.Expected == ExpectedOutcome.OpensCase));
        }
        finally
        {
            host.Dispose();
        }
    }

    /// <summary>What the scheduled reconciliation does, run now: every email in processed/ checked against the ledger.</summary>
    private async Task<ReconciliationReport> ReconcileAsync(string connectionString)
    {
        var endpoints = StorageEndpoints.FromConnectionString(connectionString, "the test's Azurite");
        var mailbox = new FolderMailbox(Path.Combine(DataFolder, "mailbox"), TimeProvider.System, NullLogger<FolderMailbox>.Instance);
        var reconciliation = new MailboxReconciliation(
            mailbox,
            new Parsing.EmailParser(),
            new EmailLedger(endpoints.CreateTableServiceClient()),
            new MailQueues(endpoints.CreateQueueServiceClient()),
            TimeProvider.System,
            NullLogger<MailboxReconciliation>.Instance);
        return await reconciliation.RunAsync(DateTimeOffset.UtcNow.AddDays(-1), CancellationToken.None);
    }

    /// <summary>For a failing run: each referral whose ledger row names a case that is not its child's, and each acknowledgement not delivered.</summary>
    private async Task DescribeMismatchesAsync(IReadOnlyList<InventedEmail> emails)
    {
        var tables = new TableServiceClient(Azurite.ConnectionString);
        var ledger = new EmailLedger(tables);
        var cases = (await new CaseStore(tables).ListAsync(CancellationToken.None)).ToDictionary(c => c.Reference.ToString());
        foreach (var email in emails.Where(e => e.Expected == ExpectedOutcome.OpensCase))
        {
            var row = await ledger.GetAsync(email.Key, CancellationToken.None);
            var upn = row?.Case is { } reference && cases.TryGetValue(reference, out var found) ? found.Child.Upn?.Value : "(no case)";
            if (upn != InventedMail.Upn(email.Index))
            {
                output.WriteLine($"{email.FileName}: ledger {row?.Outcome} case {row?.Case} recovered={row?.Recovered} at {row?.ProcessedAt:HH:mm:ss.fff}; that case's child {upn}, expected {InventedMail.Upn(email.Index)}");
            }
        }

        await foreach (var notification in tables.GetTableClient(NotificationLedger.TableName).QueryAsync<TableEntity>())
        {
            if (notification.GetString("Status") != NotificationStatus.Delivered.ToString())
            {
                var id = notification.GetString("NotificationId");
                output.WriteLine($"notification {id}: {notification.GetString("Status")}; in the outbox: {File.Exists(Path.Combine(DataFolder, "outbox", id + ".eml"))}");
            }
        }
    }

    private async Task<int> UnrecordedAsync(IReadOnlyList<InventedEmail> emails)
    {
        var ledger = new EmailLedger(new TableServiceClient(Azurite.ConnectionString));
        var missing = 0;
        foreach (var email in emails)
        {
            if (await ledger.GetAsync(email.Key, CancellationToken.None) is null)
            {
                missing++;
            }
        }

        return missing;
    }
}
