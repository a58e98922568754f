using Cme.Application.Intake;
using Cme.Application.Ports;
using Cme.Infrastructure.Storage;
using Cme.Parsing;
using Cme.Testing;
using Cme.Testing.Hostile;

namespace Cme.Infrastructure.Tests.Intake;

/// <summary>
/// Hostile mail through the whole of ingestion with the real parser, on Azurite and a real folder
/// mailbox: every email ends somewhere a person can see it, with a reason, and none is lost.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class HostileEmailIngestionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Every_hostile_email_waits_in_triage_with_a_readable_reason_and_stays_in_the_mailbox_without_crashing_the_handler()
    {
        await using var harness = await new IngestionHarness(azurite, new EmailParser()).StartAsync();
        var hostile = HostileMail.Representatives();
        var names = hostile.Select((_, i) => $"hostile-{i:D2}.eml").ToList();
        for (var i = 0; i < hostile.Count; i++)
        {
            harness.DropMime(names[i], hostile[i].Mime);
        }

        var failures = await harness.PollAndIngestWithRetriesAsync();

        Assert.True(failures.Count == 0, "ingestion threw on hostile mail (it would go retry, poison, triage): " + string.Join("; ", failures.Select(f => $"{f.GetType().Name}: {f.Message}").Distinct()));
        var problems = new List<string>();
        for (var i = 0; i < hostile.Count; i++)
        {
            var key = EmailKeys.For(new EmailParser().Parse(hostile[i].Mime).MessageId, hostile[i].Mime).Key;
            var item = await harness.Triage.GetAsync(key, CancellationToken.None);
            var ledger = await harness.Ledger.GetAsync(key, CancellationToken.None);
            if (item is null || ledger?.Outcome != EmailOutcome.Triage)
            {
                problems.Add($"{hostile[i]}: not in triage (ledger says {ledger?.Outcome.ToString() ?? "nothing"})");
                continue;
            }

            if (string.IsNullOrWhiteSpace(item.Reason) || item.Reason.Any(char.IsControl) || item.Reason.Contains(HostileMail.ChildSurname, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"{hostile[i]}: the triage reason is empty, not one line, or quotes the email: {item.Reason}");
            }

            if (hostile[i].ReasonMentions.Count > 0 && !hostile[i].ReasonMentions.Any(word => item.Reason.Contains(word, StringComparison.OrdinalIgnoreCase)))
            {
                problems.Add($"{hostile[i]}: the triage reason does not say why ({item.Reason})");
            }

            if (item.SourceId != names[i] || item.IsPoison)
            {
                problems.Add($"{hostile[i]}: the triage item points at {item.SourceId} (poison: {item.IsPoison})");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Equal(names.Order(StringComparer.Ordinal), Directory.GetFiles(harness.Mailbox.Processed).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Empty(Directory.GetFiles(harness.Mailbox.Inbox));
        Assert.Empty(Directory.GetFiles(harness.Mailbox.Queued));
        Assert.Empty(await harness.CasesOfThisYearAsync());
        Assert.Empty(await harness.NotificationsAsync());
    }

    [Fact]
    public async Task A_hostile_automatic_reply_is_kept_and_ignored_never_answered()
    {
        await using var harness = await new IngestionHarness(azurite, new EmailParser()).StartAsync();
        var bounce = HostileMail.Message(
            "Automatic reply: CME referral",
            "Auto-Submitted: auto-replied\r\n",
            HostileMail.Mixed("a", HostileMail.TextEntity("I am out of the office."), HostileMail.AttachmentEntity("form.docx", HostileMail.DocxType, HostileMail.ZipBombDocx)));
        harness.DropMime("auto-reply.eml", bounce);

        var failures = await harness.PollAndIngestWithRetriesAsync();

        Assert.Empty(failures);
        var key = EmailKeys.For(new EmailParser().Parse(bounce).MessageId, bounce).Key;
        Assert.Equal(EmailOutcome.Ignored, (await harness.Ledger.GetAsync(key, CancellationToken.None))?.Outcome);
        Assert.Null(await harness.Triage.GetAsync(key, CancellationToken.None));
        Assert.Empty(await harness.NotificationsAsync());
        Assert.True(File.Exists(Path.Combine(harness.Mailbox.Processed, "auto-reply.eml")));
    }

    [Fact]
    public async Task An_email_whose_handler_fails_on_every_attempt_goes_retry_then_poison_then_triage_and_to_failed_in_the_mailbox()
    {
        await using var harness = await new IngestionHarness(azurite, new ThrowingParser()).StartAsync();
        var name = $"breaks-the-parser-{Guid.NewGuid():N}.eml";
        harness.DropMime(name, HostileMail.Representatives()[0].Mime);

        var failures = await harness.PollAndIngestWithRetriesAsync(maxDequeueCount: 5);

        Assert.Equal(5, failures.Count);
        var poison = Assert.Single(await harness.Triage.ListAsync(includeResolved: false, CancellationToken.None), t => t.SourceId == name);
        Assert.True(poison.IsPoison);
        Assert.Contains("cme triage retry poison-", poison.Reason, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(harness.Mailbox.Failed, name)));
    }

    /// <summary>A parser with a bug the fuzz did not find: what the rest of the service does then.</summary>
    private sealed class ThrowingParser : Core.Intake.IEmailParser
    {
        public Core.Intake.ParsedEmail Parse(ReadOnlyMemory<byte> mime) => throw new InvalidOperationException("a parser bug");
    }
}
