using System.Text;
using Azure.Data.Tables;
using Cme.Application.Intake;
using Cme.Application.Mailboxes;
using Cme.Application.Ports;
using Cme.Application.Queues;
using Cme.Infrastructure.Mailboxes;
using Cme.Infrastructure.Queues;
using Cme.Infrastructure.Storage;
using Cme.Testing;

namespace Cme.Infrastructure.Tests.Intake;

/// <summary>
/// Every message in the mailbox is accounted for: an email the mailbox holds as handled but the
/// ledger does not know is found and ingested (on redelivery and by reconciliation), a different
/// email reusing a Message-ID is its own email, and a queue or table that has gone missing is put
/// back without a restart.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class NothingLostTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_different_email_reusing_a_message_id_opens_its_own_case_and_an_identical_copy_opens_none()
    {
        await using var harness = await new IngestionHarness(azurite).StartAsync();
        harness.Drop("first.eml", "referral", "Nia", harness.Surname, "2015-04-03", messageId: "reused");
        harness.Drop("other-child.eml", "referral", "Tomos", harness.Surname, "2014-09-21", messageId: "reused");
        await harness.PollAndIngestAsync();
        File.Copy(Path.Combine(harness.Mailbox.Processed, "first.eml"), Path.Combine(harness.Mailbox.Inbox, "first-again.eml"));
        File.SetLastWriteTimeUtc(Path.Combine(harness.Mailbox.Inbox, "first-again.eml"), harness.Time.GetUtcNow().UtcDateTime.AddMinutes(-1));

        await harness.PollAndIngestAsync();

        var cases = await harness.CasesOfThisYearAsync();
        Assert.Equal(["Nia", "Tomos"], cases.Select(c => c.Child.FirstName!).Order(StringComparer.Ordinal));
        Assert.All(cases, c => Assert.Single(harness.EmailEventsAsync(c.Reference).Result));
        Assert.Equal(2, (await harness.AcknowledgementsAsync()).Count);
        Assert.Equal(3, Directory.GetFiles(harness.Mailbox.Processed).Length);
    }

    [Fact]
    public async Task An_email_recorded_by_a_store_from_before_content_counted_is_still_recognised_by_its_old_key()
    {
        await using var harness = await new IngestionHarness(azurite).StartAsync();
        harness.Drop("old.eml", "referral", "Nia", harness.Surname, "2015-04-03", messageId: "old-" + Guid.NewGuid().ToString("N"));
        var mime = File.ReadAllBytes(Path.Combine(harness.Mailbox.Inbox, "old.eml"));
        var identity = EmailKeys.For(System.Text.RegularExpressions.Regex.Match(Encoding.UTF8.GetString(mime), "Message-ID: (.*)\r").Groups[1].Value, mime);
        // As the ledger row was written before: under the Message-ID's key, with no content hash.
        await harness.Ledger.RecordAsync(new LedgerEntry(identity.LegacyKey, EmailOutcome.Recorded, $"CME-{harness.Year}-00001", "referral", harness.Time.GetUtcNow()), CancellationToken.None);

        await harness.PollAndIngestAsync();

        Assert.Empty(await harness.CasesOfThisYearAsync());
        Assert.Null(await harness.Ledger.GetAsync(identity.Key, CancellationToken.None));
        Assert.Single(Directory.GetFiles(harness.Mailbox.Processed));
    }

    [Fact]
    public async Task A_redelivered_email_already_moved_to_processed_but_unknown_to_the_ledger_is_ingested_not_skipped()
    {
        await using var harness = await new IngestionHarness(azurite).StartAsync();
        harness.Drop("lost.eml", "referral", "Nia", harness.Surname, "2015-04-03");
        await harness.Poller.PollAsync(CancellationToken.None);
        var inbound = (await harness.Queues.GetQueueClient(QueueNames.InboundMail).ReceiveMessageAsync()).Value;
        // The mailbox hand-over happened; storage then lost every record of it.
        File.Move(Path.Combine(harness.Mailbox.Queued, "lost.eml"), Path.Combine(harness.Mailbox.Processed, "lost.eml"));

        await harness.Ingestion.IngestAsync(inbound.Body.ToString(), CancellationToken.None);

        var opened = Assert.Single(await harness.CasesOfThisYearAsync());
        Assert.Single(await harness.AcknowledgementsAsync());
        Assert.Single(Directory.GetFiles(harness.Mailbox.Processed));
        Assert.Equal("Nia", opened.Child.FirstName);
    }

    [Fact]
    public async Task Reconciliation_queues_again_each_handled_email_without_a_record_and_the_digest_counts_those_recovered()
    {
        await using var harness = await new IngestionHarness(azurite).StartAsync();
        var recoveredBefore = await harness.Ledger.CountRecoveredSinceAsync(harness.Time.GetUtcNow().AddDays(-7), CancellationToken.None);
        harness.Drop("kept.eml", "referral", "Nia", harness.Surname, "2015-04-03");
        await harness.PollAndIngestAsync();
        // Two emails in processed/ that storage has no record of at all.
        harness.Drop("lost-1.eml", "referral", "Tomos", harness.Surname, "2014-09-21");
        harness.Drop("lost-2.eml", "out-of-office", null, null, automatic: true);
        foreach (var name in new[] { "lost-1.eml", "lost-2.eml" })
        {
            File.Move(Path.Combine(harness.Mailbox.Inbox, name), Path.Combine(harness.Mailbox.Processed, name));
        }

        // The harness's clock is centuries ahead, beyond what file times hold: the whole folder is the period.
        var report = await harness.Reconciliation.RunAsync(DateTimeOffset.UnixEpoch, CancellationToken.None);
        await harness.IngestQueuedAsync();
        var again = await harness.Reconciliation.RunAsync(DateTimeOffset.UnixEpoch, CancellationToken.None);

        Assert.Equal((3, 1, 2), (report.Listed, report.Accounted, report.Requeued));
        Assert.Equal((3, 3, 0), (again.Listed, again.Accounted, again.Requeued));
        Assert.Equal(["Nia", "Tomos"], (await harness.CasesOfThisYearAsync()).Select(c => c.Child.FirstName!).Order(StringComparer.Ordinal));
        Assert.Equal(recoveredBefore + 2, await harness.Ledger.CountRecoveredSinceAsync(harness.Time.GetUtcNow().AddDays(-7), CancellationToken.None));
    }

    [Fact]
    public async Task A_deleted_inbound_mail_queue_and_emails_table_are_recreated_and_the_next_poll_and_ingest_work()
    {
        await using var harness = await new IngestionHarness(azurite).StartAsync();
        harness.Drop("before.eml", "referral", "Nia", harness.Surname, "2015-04-03");
        await harness.PollAndIngestAsync();
        await harness.Queues.GetQueueClient(QueueNames.InboundMail).DeleteAsync();
        await new TableServiceClient(azurite.ConnectionString).DeleteTableAsync(EmailLedger.TableName);
        harness.Drop("after.eml", "referral", "Tomos", harness.Surname, "2014-09-21");

        var queued = await harness.Poller.PollAsync(CancellationToken.None);
        var ingested = await harness.IngestQueuedAsync();

        Assert.Equal((1, 1), (queued, ingested));
        Assert.Equal(["Nia", "Tomos"], (await harness.CasesOfThisYearAsync()).Select(c => c.Child.FirstName!).Order(StringComparer.Ordinal));
        var mime = File.ReadAllBytes(Path.Combine(harness.Mailbox.Processed, "after.eml"));
        var key = EmailKeys.For(System.Text.RegularExpressions.Regex.Match(Encoding.UTF8.GetString(mime), "Message-ID: (.*)\r").Groups[1].Value, mime).Key;
        Assert.Equal(EmailOutcome.Recorded, (await harness.Ledger.GetAsync(key, CancellationToken.None))?.Outcome);
    }

    [Fact]
    public async Task A_deleted_case_reference_table_is_recreated_and_numbering_goes_on_after_the_cases_that_exist()
    {
        await using var harness = await new IngestionHarness(azurite).StartAsync();
        harness.Drop("before.eml", "referral", "Nia", harness.Surname, "2015-04-03");
        await harness.PollAndIngestAsync();
        await new TableServiceClient(azurite.ConnectionString).DeleteTableAsync(CaseReferenceAllocator.TableName);
        harness.Drop("after.eml", "referral", "Tomos", harness.Surname, "2014-09-21");

        await harness.PollAndIngestAsync();

        var cases = await harness.CasesOfThisYearAsync();
        Assert.Equal([1, 2], cases.Select(c => c.Reference.Number).Order());
        Assert.Equal(["Nia", "Tomos"], cases.OrderBy(c => c.Reference.Number).Select(c => c.Child.FirstName!));
    }

    /// <summary>Messages on inbound-mail that can never succeed, each with why it is here.</summary>
    public static TheoryData<string, string> HostileMessages()
    {
        var found = "\"foundAt\":\"2026-01-12T09:00:00Z\"";
        return new TheoryData<string, string>
        {
            { "not JSON", "this is not json {" },
            { "a path-escaping folder id", $$"""{"source":"folder","id":"../../../../etc/passwd",{{found}}}""" },
            { "a folder id naming a sub-folder", $$"""{"source":"folder","id":"processed/x.eml",{{found}}}""" },
            { "a Graph source this deployment does not read", $$"""{"source":"graph","id":"AAMkAGI2TG93AAA=",{{found}}}""" },
            { "a Graph id with characters Graph never uses", $$"""{"source":"graph","id":"AAMk?$expand=../..%2F",{{found}}}""" },
            { "an empty source", $$"""{"source":"","id":"x.eml",{{found}}}""" },
            { "an unknown source", $$"""{"source":"imap","id":"1",{{found}}}""" },
            { "bad base64 (as the queue's text)", "%%%not-base64@@@=" },
            { "a 44 KB id", $$"""{"source":"folder","id":"{{new string('a', 44 * 1024)}}.eml",{{found}}}""" },
            { "a 100 KB message of nonsense", new string('\u00e9', 100 * 1024) },
            { "null fields", """{"source":null,"id":null,"foundAt":null}""" },
            { "wrong types", """{"source":1,"id":{"a":[1]},"foundAt":true,"retry":"yes"}""" },
            { "unicode control characters in the id", $$"""{"source":"folder","id":"a\u0000b\u202Ec\u0007.eml",{{found}}}""" },
            { "valid JSON of another shape", """{"hello":"world","items":[1,2,3]}""" },
            { "a JSON array", "[1,2,3]" },
            { "JSON null", "null" },
            { "a JSON string", "\"folder\"" },
            { "an empty message", string.Empty },
            { "a dot id", $$"""{"source":"folder","id":"..",{{found}}}""" },
            { "a notification on the wrong queue", """{"id":"ack-1","kind":"Acknowledgement","to":["a@example.org"],"subject":"s","text":"t"}""" },
        };
    }

    [Theory]
    [MemberData(nameof(HostileMessages))]
    public async Task A_message_that_can_never_succeed_is_in_triage_after_its_first_attempt_and_retry_refuses_it_saying_why(string what, string queueMessage)
    {
        await using var harness = await new IngestionHarness(azurite).StartAsync();

        await harness.Ingestion.IngestAsync(queueMessage, CancellationToken.None);

        var items = (await harness.Triage.ListAsync(includeResolved: true, CancellationToken.None))
            .Where(t => t.Source == FailedMessages.UnreadableSource && t.RecordedAt == harness.Time.GetUtcNow())
            .ToList();
        var item = Assert.Single(items, t => t.Id == "message-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(queueMessage)))[..32]);
        Assert.Contains("never can succeed", item.Reason, StringComparison.Ordinal);
        Assert.InRange(item.SourceId.Length, 1, (FailedMessages.ExcerptLength * 6) + 4); // every character escaped as \uXXXX, and " ..."
        Assert.DoesNotContain(item.SourceId, c => char.IsControl(c) || c > '~');
        var refused = await Assert.ThrowsAsync<TriageItemCannotBeRetriedException>(() => harness.Retry.RetryAsync(item.Id, CancellationToken.None));
        Assert.Contains("cannot be retried", refused.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(what));
    }

    [Theory]
    [MemberData(nameof(HostileMessages))]
    public async Task The_poison_recorder_records_any_message_without_throwing_and_retry_answers_it(string what, string queueMessage)
    {
        await using var harness = await new IngestionHarness(azurite).StartAsync();
        var emailId = "poison-" + Guid.NewGuid().ToString("N");
        var notificationId = "poison-" + Guid.NewGuid().ToString("N");

        await harness.Failed.RecordFailedEmailAsync(queueMessage, emailId, CancellationToken.None);
        await harness.Failed.RecordFailedNotificationAsync(queueMessage, notificationId, CancellationToken.None);

        var email = await harness.Triage.GetAsync(emailId, CancellationToken.None);
        Assert.NotNull(email);
        Assert.True(email.IsPoison);
        Assert.Equal(FailedMessages.UnreadableSource, email.Source);
        await Assert.ThrowsAsync<TriageItemCannotBeRetriedException>(() => harness.Retry.RetryAsync(emailId, CancellationToken.None));
        var notification = await harness.Triage.GetAsync(notificationId, CancellationToken.None);
        Assert.NotNull(notification);
        Assert.True(notification.SourceId.Length <= 30_000, what);
    }

    [Fact]
    public async Task Retrying_an_id_no_triage_item_has_says_so_even_when_it_is_hostile()
    {
        await using var harness = await new IngestionHarness(azurite).StartAsync();

        await Assert.ThrowsAsync<TriageItemNotFoundException>(() => harness.Retry.RetryAsync(new string('x', 5000), CancellationToken.None));
        await Assert.ThrowsAsync<TriageItemNotFoundException>(() => harness.Retry.RetryAsync("a\u0000b", CancellationToken.None));
        await Assert.ThrowsAsync<TriageItemNotFoundException>(() => harness.Retry.RetryAsync("no-such-item", CancellationToken.None));
    }

    [Theory]
    [InlineData("graph", "AAMkAGI2TG93AAA=", "graph", true)] // a Graph immutable id
    [InlineData("graph", "AAMk-_+/=", "graph", true)] // every character Graph ids use
    [InlineData("folder", "2026-01-12 referral (1).eml", "folder", true)] // a file name as a person saves it
    [InlineData("graph", "AAMk 1", "graph", false)] // a space
    [InlineData("folder", "..", "folder", false)]
    [InlineData("folder", "a\\b.eml", "folder", false)] // a Windows path
    [InlineData("Folder", "a.eml", "folder", false)] // sources are exact
    public void A_handle_is_accepted_only_when_its_mailbox_could_hold_it(string source, string id, string mailbox, bool accepted)
    {
        Assert.Equal(accepted, MailboxMessage.Problem(source, id, mailbox) is null);
    }
}
