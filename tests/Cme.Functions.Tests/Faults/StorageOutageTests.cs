using Cme.Testing;

namespace Cme.Functions.Tests.Faults;

/// <summary>
/// Storage goes away in the middle of a mailbox's worth of email and comes back: the host rides
/// it out and every email still ends up exactly once. Its own Azurite, because this one is
/// stopped and restarted (on the same ports and data folder) under the running host.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class StorageOutageTests : OwnStorageTest
{
    [Fact]
    public async Task Storage_stopped_and_restarted_while_500_emails_are_ingested_leaves_each_email_exactly_one_case_triage_or_ignored_record()
    {
        var azurite = Azurite;
        var (emails, outcome, year) = InventBatch(500, "outage");
        InventedMail.DropInto(outcome.Inbox, emails);

        using var host = HostProcess.Start(azurite.ConnectionString, DataFolder, AzuriteFixture.UniqueName("outage"));
        Assert.True(await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(90), () => outcome.ProcessedCount >= 100 || host.HasExited), "fewer than 100 emails were processed within 90 s:\n" + host.Output);
        Assert.False(host.HasExited, "the host stopped before the outage:\n" + host.Output);

        var processedBeforeOutage = outcome.ProcessedCount;
        await azurite.StopAsync();
        Assert.True(outcome.ProcessedCount < emails.Count, "the host finished the batch before storage went away");
        await Task.Delay(TimeSpan.FromSeconds(5));
        await azurite.RestartAsync();

        var handled = await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(120), () => outcome.HandledCount == emails.Count || host.HasExited);
        Assert.True(handled, $"{outcome.HandledCount} of {emails.Count} emails were handled within 120 s of storage coming back ({processedBeforeOutage} before it went):\n{await outcome.DescribeLeftoversAsync()}\n{host.Output}");
        Assert.False(host.HasExited, "the host stopped during or after the outage:\n" + host.Output);
        await outcome.WaitUntilQueuesSettleAsync(TimeSpan.FromSeconds(45));

        Assert.Equal(0, await host.InterruptAsync(TimeSpan.FromSeconds(30)));
        await outcome.AssertEachEmailOnceAsync(emails, year);
    }
}
