using Cme.Testing;

namespace Cme.Functions.Tests.Faults;

/// <summary>
/// The host killed outright (SIGKILL, as a crashed or evicted container) in the middle of a
/// batch, and a new one started on the same storage and mailbox: every email still ends up
/// exactly once. Its own Azurite, so the tables and queues hold this test's mail only.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class HostCrashTests : OwnStorageTest
{
    [Fact]
    public async Task A_host_killed_in_the_middle_of_500_emails_and_started_again_leaves_each_email_exactly_one_case_triage_or_ignored_record()
    {
        var azurite = Azurite;
        var (emails, outcome, year) = InventBatch(500, "crash");
        InventedMail.DropInto(outcome.Inbox, emails);
        var hostId = AzuriteFixture.UniqueName("crash");

        int processedBeforeKill;
        using (var first = HostProcess.Start(azurite.ConnectionString, DataFolder, hostId))
        {
            Assert.True(await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(90), () => outcome.ProcessedCount >= 150 || first.HasExited), "fewer than 150 emails were processed within 90 s:\n" + first.Output);
            Assert.False(first.HasExited, "the first host stopped by itself:\n" + first.Output);
            first.Kill();
            processedBeforeKill = outcome.ProcessedCount;
        }

        Assert.True(processedBeforeKill < emails.Count, "the first host finished the batch before it was killed");
        using var second = HostProcess.Start(azurite.ConnectionString, DataFolder, hostId);
        var handled = await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(120), () => outcome.HandledCount == emails.Count || second.HasExited);
        Assert.True(handled, $"{outcome.HandledCount} of {emails.Count} emails were handled within 120 s of the restart ({processedBeforeKill} before the kill):\n{await outcome.DescribeLeftoversAsync()}\n{second.Output}");
        await outcome.WaitUntilQueuesSettleAsync(TimeSpan.FromSeconds(45));

        Assert.Equal(0, await second.InterruptAsync(TimeSpan.FromSeconds(30)));
        await outcome.AssertEachEmailOnceAsync(emails, year);
    }
}
