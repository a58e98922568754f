using Cme.Application.Queues;
using Cme.Application.Intake;
using Cme.Application.Ports;
using Cme.Core.Deadlines;
using Cme.Infrastructure.Storage;
using Cme.Testing;

namespace Cme.Infrastructure.Tests.Intake;

[Collection(StorageCollection.Name)]
public sealed class EmailIngestionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_referral_dropped_in_the_folder_becomes_a_case_with_its_event_and_source_and_one_acknowledgement()
    {
        await using var harness = await new IngestionHarness(azurite).StartAsync();
        harness.Drop("referral.eml", "referral", "Nia", harness.Surname, "2015-04-03");

        await harness.PollAndIngestAsync();

        var opened = Assert.Single(await harness.CasesOfThisYearAsync());
        Assert.Equal($"CME-{harness.Year}-00001", opened.Reference.ToString());
        Assert.Equal("west", opened.Routing.Area);
        var events = await harness.EmailEventsAsync(opened.Reference);
        Assert.Equal(Core.Cases.CaseEventType.Opened, Assert.Single(events).Type);
        var deadlines = (await harness.Cases.GetWithDeadlinesAsync(opened.Reference, CancellationToken.None))!.Deadlines;
        Assert.Equal(["annual-review", "enquiries-review"], deadlines.Select(d => d.Rule.WireName()).Order());
        Assert.Single(await harness.Cases.GetSourcesAsync(opened.Reference, CancellationToken.None));
        Assert.Single(await harness.AcknowledgementsAsync());
        Assert.Single(Directory.GetFiles(harness.Mailbox.Processed));
    }

    [Fact]
    public async Task The_same_email_delivered_three_times_gives_one_case_one_event_and_one_acknowledgement()
    {
        await using var harness = await new IngestionHarness(azurite).StartAsync();
        harness.Drop("referral.eml", "referral", "Nia", harness.Surname, "2015-04-03");

        await harness.PollAndIngestAsync(deliveries: 3);

        var opened = Assert.Single(await harness.CasesOfThisYearAsync());
        Assert.Single(await harness.EmailEventsAsync(opened.Reference));
        Assert.Single(await harness.AcknowledgementsAsync());
    }

    [Fact]
    public async Task An_acknowledgement_whose_queue_message_could_not_be_written_is_queued_when_the_email_is_retried()
    {
        await using var harness = await new IngestionHarness(azurite).StartAsync();
        harness.Drop("referral.eml", "referral", "Nia", harness.Surname, "2015-04-03");
        await harness.Poller.PollAsync(CancellationToken.None);
        var inbound = (await harness.Queues.GetQueueClient(QueueNames.InboundMail).ReceiveMessageAsync()).Value;
        var unreachable = new Azure.Storage.Queues.QueueServiceClient(
            new Uri($"http://127.0.0.1:{LoopbackPort.Free()}/devstoreaccount1"),
            new Azure.Storage.Queues.QueueClientOptions { Retry = { MaxRetries = 0 } });

        // The case and the acknowledgement's ledger row are written; its queue message is not.
        await Assert.ThrowsAnyAsync<Exception>(() => harness.IngestionQueuingNotificationsOn(unreachable).IngestAsync(inbound.Body.ToString(), CancellationToken.None));
        await harness.Ingestion.IngestAsync(inbound.Body.ToString(), CancellationToken.None);

        var opened = Assert.Single(await harness.CasesOfThisYearAsync());
        var acknowledgement = Assert.Single(await harness.AcknowledgementsAsync());
        Assert.StartsWith("ack-", acknowledgement, StringComparison.Ordinal);
        Assert.Equal(opened.Reference.ToString(), (await harness.Ledger.GetAsync(acknowledgement[4..], CancellationToken.None))?.Case);
        Assert.Single(Directory.GetFiles(harness.Mailbox.Processed));
    }

    [Fact]
    public async Task A_second_copy_of_an_email_dropped_later_is_recognised_by_its_message_id()
    {
        await using var harness = await new IngestionHarness(azurite).StartAsync();
        harness.Drop("first.eml", "referral", "Nia", harness.Surname, "2015-04-03", messageId: "same-message");
        await harness.PollAndIngestAsync();
        harness.Drop("copy.eml", "referral", "Nia", harness.Surname, "2015-04-03", messageId: "same-message");

        await harness.PollAndIngestAsync();

        var opened = Assert.Single(await harness.CasesOfThisYearAsync());
        Assert.Single(await harness.EmailEventsAsync(opened.Reference));
        Assert.Equal(2, Directory.GetFiles(harness.Mailbox.Processed).Length);
    }

    [Fact]
    public async Task A_second_referral_of_the_same_child_attaches_to_the_open_case()
    {
        await using var harness = await new IngestionHarness(azurite).StartAsync();
        harness.Drop("school.eml", "referral", "Nia", harness.Surname, "2015-04-03");
        await harness.PollAndIngestAsync();
        harness.Drop("neighbour.eml", "referral", "NIA", harness.Surname.ToLowerInvariant(), "2015-04-03");

        await harness.PollAndIngestAsync();

        var opened = Assert.Single(await harness.CasesOfThisYearAsync());
        Assert.Equal(2, (await harness.EmailEventsAsync(opened.Reference)).Count);
        Assert.Equal(2, (await harness.AcknowledgementsAsync()).Count);
    }

    [Fact]
    public async Task A_case_update_attaches_to_the_case_it_names()
    {
        await using var harness = await new IngestionHarness(azurite).StartAsync();
        harness.Drop("referral.eml", "referral", "Nia", harness.Surname, "2015-04-03");
        await harness.PollAndIngestAsync();
        harness.Drop("reply.eml", "case-update", null, null, caseRef: $"CME-{harness.Year}-00001");

        await harness.PollAndIngestAsync();

        var opened = Assert.Single(await harness.CasesOfThisYearAsync());
        Assert.Equal(2, (await harness.EmailEventsAsync(opened.Reference)).Count);
        Assert.Single(await harness.AcknowledgementsAsync());
    }

    [Fact]
    public async Task An_out_of_office_reply_makes_no_case_and_no_acknowledgement_and_is_kept()
    {
        await using var harness = await new IngestionHarness(azurite).StartAsync();
        harness.Drop("ooo.eml", "other", null, null, automatic: true);

        await harness.PollAndIngestAsync();

        Assert.Empty(await harness.CasesOfThisYearAsync());
        Assert.Empty(await harness.AcknowledgementsAsync());
        Assert.Single(Directory.GetFiles(harness.Mailbox.Processed));
    }

    [Fact]
    public async Task A_referral_naming_no_child_waits_in_triage_with_its_reason()
    {
        await using var harness = await new IngestionHarness(azurite).StartAsync();
        harness.Drop("vague.eml", "referral", null, null, messageId: "vague-" + Guid.NewGuid().ToString("N"));

        await harness.PollAndIngestAsync();

        Assert.Empty(await harness.CasesOfThisYearAsync());
        var waiting = await harness.Triage.ListAsync(includeResolved: false, CancellationToken.None);
        Assert.Contains(waiting, item => item.Reason == "no child's name or UPN was found");
    }

    [Fact]
    public async Task Twenty_referrals_of_different_children_ingested_concurrently_get_twenty_consecutive_references()
    {
        await using var harness = await new IngestionHarness(azurite).StartAsync();
        for (var i = 0; i < 20; i++)
        {
            harness.Drop($"r{i}.eml", "referral", "Child" + (char)('a' + i), harness.Surname, "2015-04-03");
        }

        await harness.Poller.PollAsync(CancellationToken.None);
        var inbound = harness.Queues.GetQueueClient(QueueNames.InboundMail);
        var messages = (await inbound.ReceiveMessagesAsync(32)).Value;
        await Task.WhenAll(messages.Select(m => Task.Run(() => harness.Ingestion.IngestAsync(m.Body.ToString(), CancellationToken.None))));

        var numbers = (await harness.CasesOfThisYearAsync()).Select(c => c.Reference.Number).Order();
        Assert.Equal(Enumerable.Range(1, 20), numbers);
    }

    [Fact]
    public async Task A_case_update_that_arrived_before_its_case_waits_in_triage_and_attaches_when_retried()
    {
        await using var harness = await new IngestionHarness(azurite).StartAsync();
        harness.Drop("early-reply.eml", "case-update", null, null, caseRef: $"CME-{harness.Year}-00001");
        await harness.PollAndIngestAsync();
        var waiting = Assert.Single(await harness.Triage.ListAsync(includeResolved: false, CancellationToken.None), t => t.Reason.Contains($"CME-{harness.Year}-00001", StringComparison.Ordinal));
        harness.Drop("referral.eml", "referral", "Nia", harness.Surname, "2015-04-03");
        await harness.PollAndIngestAsync();

        await harness.Retry.RetryAsync(waiting.Id, CancellationToken.None);
        await harness.IngestQueuedAsync();

        var opened = Assert.Single(await harness.CasesOfThisYearAsync());
        Assert.Equal(2, (await harness.EmailEventsAsync(opened.Reference)).Count);
        Assert.Equal(TriageStatus.Retried, (await harness.Triage.GetAsync(waiting.Id, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task An_email_that_failed_every_attempt_is_moved_to_failed_with_its_reason_and_waits_in_triage()
    {
        await using var harness = await new IngestionHarness(azurite).StartAsync();
        harness.Drop("poison.eml", "referral", "Nia", harness.Surname, "2015-04-03");
        await harness.Poller.PollAsync(CancellationToken.None);
        var queued = (await harness.Queues.GetQueueClient(QueueNames.InboundMail).ReceiveMessageAsync()).Value;

        await harness.Failed.RecordFailedEmailAsync(queued.Body.ToString(), "poison-" + queued.MessageId, CancellationToken.None);

        Assert.True(File.Exists(Path.Combine(harness.Mailbox.Failed, "poison.eml")));
        Assert.Contains("cme triage retry poison-", File.ReadAllText(Path.Combine(harness.Mailbox.Failed, "poison.eml.reason.txt")), StringComparison.Ordinal);
        var item = await harness.Triage.GetAsync("poison-" + queued.MessageId, CancellationToken.None);
        Assert.True(item!.IsPoison);

        await harness.Retry.RetryAsync(item.Id, CancellationToken.None);
        await harness.IngestQueuedAsync();

        Assert.Single(await harness.CasesOfThisYearAsync());
        Assert.Empty(Directory.GetFiles(harness.Mailbox.Failed, "*.eml"));
    }

    [Fact]
    public async Task Two_reports_of_one_child_ingested_at_the_same_moment_give_one_case_with_both_emails()
    {
        await using var harness = await new IngestionHarness(azurite).StartAsync();
        harness.Drop("school.eml", "referral", "Nia", harness.Surname, "2015-04-03");
        harness.Drop("police.eml", "referral", "Nia", harness.Surname, "2015-04-03");
        await harness.Poller.PollAsync(CancellationToken.None);
        var messages = (await harness.Queues.GetQueueClient(QueueNames.InboundMail).ReceiveMessagesAsync(2)).Value;

        var attempts = await Task.WhenAll(messages.Select(m => Task.Run(async () =>
        {
            try
            {
                await harness.Ingestion.IngestAsync(m.Body.ToString(), CancellationToken.None);
                return null;
            }
            catch (ChildBeingOpenedException)
            {
                return m.Body.ToString();
            }
        })));
        foreach (var retried in attempts.OfType<string>())
        {
            // What the queue's redelivery does.
            await harness.Ingestion.IngestAsync(retried, CancellationToken.None);
        }

        var opened = Assert.Single(await harness.CasesOfThisYearAsync());
        Assert.Equal(2, (await harness.EmailEventsAsync(opened.Reference)).Count);
    }

    [Fact]
    public async Task Ten_reports_of_one_child_ingested_at_once_settle_within_their_first_delivery_into_one_case_with_every_email()
    {
        await using var harness = await new IngestionHarness(azurite).StartAsync();
        for (var copy = 0; copy < 10; copy++)
        {
            harness.Drop($"copy-{copy}.eml", "referral", "Nia", harness.Surname, "2015-04-03");
        }

        await harness.Poller.PollAsync(CancellationToken.None);
        var messages = (await harness.Queues.GetQueueClient(QueueNames.InboundMail).ReceiveMessagesAsync(10)).Value;
        Assert.Equal(10, messages.Length);

        // Each message delivered once, all at the same moment: none may need the queue's redelivery.
        await Task.WhenAll(messages.Select(m => Task.Run(() => harness.Ingestion.IngestAsync(m.Body.ToString(), CancellationToken.None))));

        var opened = Assert.Single(await harness.CasesOfThisYearAsync());
        Assert.Equal(10, (await harness.EmailEventsAsync(opened.Reference)).Count);
        Assert.Equal(10, Directory.GetFiles(harness.Mailbox.Processed).Length);
    }
}
