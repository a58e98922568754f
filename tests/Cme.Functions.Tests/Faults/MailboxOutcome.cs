using Azure.Data.Tables;
using Cme.Application.Queues;
using Cme.Application.Ports;
using Cme.Infrastructure.Storage;
using Cme.Testing;

namespace Cme.Functions.Tests.Faults;

/// <summary>
/// What a folder mailbox and its storage hold once a batch of invented email has been ingested,
/// read straight from the files and tables, and the one rule every fault must leave true:
/// each email is exactly one case, one triage record or one ignored record, and each case's
/// referrer hears exactly once.
/// </summary>
internal sealed class MailboxOutcome(string connectionString, string dataFolder)
{
    private readonly TableServiceClient _tables = new(connectionString);

    public string Inbox => Path.Combine(dataFolder, "mailbox", "inbox");

    public string Processed => Path.Combine(dataFolder, "mailbox", "processed");

    public string Failed => Path.Combine(dataFolder, "mailbox", "failed");

    public string Outbox => Path.Combine(dataFolder, "outbox");

    public int ProcessedCount => Count(Processed, "*.eml");

    public int AcknowledgementCount => Count(Outbox, "ack-*.eml");

    /// <summary>Every email has left the inbox and the claimed folder: processed, or failed with a reason.</summary>
    public int HandledCount => ProcessedCount + Count(Failed, "*.eml");

    /// <summary>
    /// The invariant, stated in full:
    /// <list type="bullet">
    /// <item>every email file is in <c>processed/</c> exactly once, none still waiting or failed;</item>
    /// <item>every email's key has exactly one ledger row, with the outcome its kind calls for;</item>
    /// <item>the referrals opened exactly one case each: as many cases as referrals, one per
    /// invented child (by UPN), numbered 1..n with no gap or repeat, each named by its email's ledger row;</item>
    /// <item>the triage table holds exactly the triage-bound emails, and nothing went to poison;</item>
    /// <item>each referral's acknowledgement has one notification row and at most one .eml in the
    /// outbox (named by its id); any not yet delivered is still on the notifications queue.</item>
    /// </list>
    /// </summary>
    /// <param name="storageLostWrites">
    /// Only for storage killed outright, which loses what Azurite had not yet saved (it saves every
    /// few seconds): a reference number may have been taken by an attempt whose case was lost, so
    /// numbers may have gaps (the cases must still be one per referral, each number once); and an
    /// acknowledgement delivered to the outbox may have lost the row that said so, so one in the
    /// outbox counts as delivered whatever its row says.
    /// </param>
    public async Task AssertEachEmailOnceAsync(IReadOnlyList<InventedEmail> emails, int year, bool storageLostWrites = false)
    {
        Assert.Empty(Files(Inbox, "*.eml"));
        Assert.Empty(Files(Path.Combine(dataFolder, "mailbox", "queued"), "*.eml"));
        Assert.Empty(Files(Failed, "*"));
        Assert.Equal(emails.Select(e => e.FileName).Order(StringComparer.Ordinal), Files(Processed, "*.eml").Order(StringComparer.Ordinal));

        var ledger = await RowsAsync(EmailLedger.TableName);
        Assert.Equal(emails.Count, ledger.Count);
        var byKey = ledger.ToDictionary(row => row.RowKey, StringComparer.Ordinal);
        foreach (var email in emails)
        {
            Assert.True(byKey.TryGetValue(email.Key, out var row), $"{email.FileName} has no ledger row");
            var expected = email.Expected switch
            {
                ExpectedOutcome.OpensCase => EmailOutcome.Recorded,
                ExpectedOutcome.Triage => EmailOutcome.Triage,
                _ => EmailOutcome.Ignored,
            };
            Assert.Equal(expected.ToString(), row.GetString("Outcome"));
        }

        var referrals = emails.Where(e => e.Expected == ExpectedOutcome.OpensCase).ToList();
        var cases = (await new CaseStore(_tables).ListAsync(CancellationToken.None)).Where(c => c.Reference.Year == year).ToList();
        if (storageLostWrites)
        {
            Assert.Equal(referrals.Count, cases.Select(c => c.Reference.Number).Distinct().Count());
        }
        else
        {
            Assert.Equal(Enumerable.Range(1, referrals.Count), cases.Select(c => c.Reference.Number));
        }

        Assert.Equal(
            referrals.Select(e => InventedMail.Upn(e.Index)).Order(StringComparer.Ordinal),
            cases.Select(c => c.Child.Upn?.Value ?? "(none)").Order(StringComparer.Ordinal));
        Assert.Equal(
            cases.Select(c => c.Reference.ToString()).Order(StringComparer.Ordinal),
            referrals.Select(e => byKey[e.Key].GetString("Case") ?? "(none)").Order(StringComparer.Ordinal));

        var triage = await new TriageStore(_tables).ListAsync(includeResolved: true, CancellationToken.None);
        Assert.DoesNotContain(triage, t => t.IsPoison);
        Assert.Equal(
            emails.Where(e => e.Expected == ExpectedOutcome.Triage).Select(e => e.Key).Order(StringComparer.Ordinal),
            triage.Select(t => t.Id).Order(StringComparer.Ordinal));

        // Each referral's acknowledgement is recorded once, and sent once or still on its way: an
        // acknowledgement the killed host (or a lost storage response) left hidden in the queue
        // is delivered when the queue shows it again, after its ten-minute visibility timeout.
        var expectedAcknowledgements = referrals.Select(e => $"ack-{e.Key}").Order(StringComparer.Ordinal).ToList();
        var acknowledgements = (await RowsAsync(NotificationLedger.TableName))
            .Where(n => n.GetString("NotificationId")?.StartsWith("ack-", StringComparison.Ordinal) == true)
            .ToDictionary(n => n.GetString("NotificationId")!, StringComparer.Ordinal);
        Assert.Equal(expectedAcknowledgements, acknowledgements.Keys.Order(StringComparer.Ordinal));
        var sent = Files(Outbox, "ack-*.eml").Select(Path.GetFileNameWithoutExtension).ToHashSet(StringComparer.Ordinal);
        Assert.Subset(expectedAcknowledgements.ToHashSet(StringComparer.Ordinal), sent!);
        Assert.All(acknowledgements.Values.Where(n => n.GetString("Status") == NotificationStatus.Delivered.ToString()), n => Assert.Contains(n.GetString("NotificationId"), sent));
        var onTheirWay = acknowledgements.Values.Count(n => n.GetString("Status") != NotificationStatus.Delivered.ToString() && !(storageLostWrites && sent.Contains(n.GetString("NotificationId"))));
        var notificationQueue = new Azure.Storage.Queues.QueueClient(connectionString, QueueNames.Notifications);
        var queued = await notificationQueue.ExistsAsync() ? (await notificationQueue.GetPropertiesAsync()).Value.ApproximateMessagesCount : 0;
        Assert.True(onTheirWay <= queued, $"{onTheirWay} acknowledgements are not delivered, but only {queued} notification messages are queued");
    }

    /// <summary>
    /// Waits (bounded) until neither queue has had a message to hand out for two seconds: what is
    /// left then is hidden, held for a host that died or whose storage call was lost.
    /// </summary>
    public async Task WaitUntilQueuesSettleAsync(TimeSpan bound)
    {
        var queues = new Azure.Storage.Queues.QueueServiceClient(connectionString);
        var quietSince = (DateTimeOffset?)null;
        await Eventually.TrueWithinAsync(bound, async () =>
        {
            foreach (var name in new[] { QueueNames.InboundMail, QueueNames.Notifications })
            {
                // A queue storage came back without holds nothing; the product creates it again when it next sends.
                var queue = queues.GetQueueClient(name);
                if (await queue.ExistsAsync() && (await queue.PeekMessagesAsync(1)).Value.Length > 0)
                {
                    quietSince = null;
                    return false;
                }
            }

            quietSince ??= DateTimeOffset.UtcNow;
            return DateTimeOffset.UtcNow - quietSince > TimeSpan.FromSeconds(2);
        });
    }

    /// <summary>Waits (bounded) for the outbox to hold this many acknowledgements.</summary>
    public Task WaitForAcknowledgementsAsync(int count, TimeSpan bound) =>
        Eventually.TrueWithinAsync(bound, () => AcknowledgementCount >= count);

    /// <summary>Where the emails not yet handled are, and what the queues hold: for a failing assertion's message.</summary>
    public async Task<string> DescribeLeftoversAsync()
    {
        var report = new System.Text.StringBuilder();
        foreach (var folder in new[] { "inbox", "queued", "failed" })
        {
            var files = Files(Path.Combine(dataFolder, "mailbox", folder), "*");
            report.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"{folder}/: {files.Length} {string.Join(' ', files.Take(20))}");
        }

        var queues = new Azure.Storage.Queues.QueueServiceClient(connectionString);
        await foreach (var queue in queues.GetQueuesAsync())
        {
            var properties = await queues.GetQueueClient(queue.Name).GetPropertiesAsync();
            var visible = await queues.GetQueueClient(queue.Name).PeekMessagesAsync(32);
            report.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"queue {queue.Name}: about {properties.Value.ApproximateMessagesCount} messages, {visible.Value.Length} visible");
        }

        return report.ToString();
    }

    private async Task<List<TableEntity>> RowsAsync(string table)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in _tables.GetTableClient(table).QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        return rows;
    }

    private static string[] Files(string folder, string pattern) =>
        Directory.Exists(folder) ? Directory.GetFiles(folder, pattern).Select(f => Path.GetFileName(f)).ToArray() : [];

    private static int Count(string folder, string pattern) => Directory.Exists(folder) ? Directory.GetFiles(folder, pattern).Length : 0;
}
