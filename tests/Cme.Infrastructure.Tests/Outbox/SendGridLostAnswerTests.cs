using System.Collections.Concurrent;
using System.Text.Json;
using Azure.Data.Tables;
using Cme.Application.Outbox;
using Cme.Application.Ports;
using Cme.Application.Queues;
using Cme.Core.Cases;
using Cme.Core.Mail;
using Cme.Core.Notifications;
using Cme.Infrastructure.Outbox;
using Cme.Infrastructure.Queues;
using Cme.Infrastructure.Storage;
using Cme.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Cme.Infrastructure.Tests.Outbox;

/// <summary>
/// Issue 19: each notification sent once, as far as SendGrid allows. A loopback stand-in reads
/// each Mail Send request whole and then drops the connection without answering (SendGrid took
/// it, the answer was lost); the queue's redeliveries are played as the host would play them.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class SendGridLostAnswerTests : IDisposable
{
    private const int Notifications = 10;
    private const int QueueDequeues = 5; // host.json: maxDequeueCount
    private static readonly TimeSpan ResendAfter = TimeSpan.FromMinutes(30);

    private readonly AzuriteFixture _azurite;
    private readonly ITestOutputHelper _output;
    private readonly ConcurrentDictionary<string, int> _posts = new();
    private readonly DroppingHttpServer _sendGrid;
    private readonly ServiceProvider _services;
    private volatile bool _accepting;

    public SendGridLostAnswerTests(AzuriteFixture azurite, ITestOutputHelper output)
    {
        _azurite = azurite;
        _output = output;
        _sendGrid = new DroppingHttpServer(body =>
        {
            using var json = JsonDocument.Parse(body);
            var id = json.RootElement.GetProperty("custom_args").GetProperty("notification_id").GetString()!;
            _posts.AddOrUpdate(id, 1, (_, posts) => posts + 1);
            return _accepting ? 202 : null; // null: read whole, never answered, the connection closed
        });
        var options = new SendGridOptions { ApiKey = "SG.test-key", BaseUrl = _sendGrid.Url, MaxAttempts = 5, UnconfirmedResendAfter = ResendAfter };
        _services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(new RecordedWaits())
            .AddSingleton(Options.Create(options))
            .AddSendGridHttpClient()
            .BuildServiceProvider();
    }

    public void Dispose()
    {
        _services.Dispose();
        _sendGrid.Dispose();
    }

    [Fact]
    public async Task While_SendGrids_processed_event_arrives_each_notification_is_posted_once()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var (sender, ledger) = Sender(time);
        var ids = Ids();

        foreach (var id in ids)
        {
            await DeliverAsTheQueueWouldAsync(sender, Message(id), "queue-message-" + id);
            Assert.Equal(NotificationStatus.Unconfirmed, (await ledger.GetAsync(id, CancellationToken.None))!.Status);
            // SendGrid's event webhook reports it processed.
            Assert.True(await ledger.RecordServiceReportAsync(id, "sendgrid", failed: false, "processed", null, CancellationToken.None));
        }

        // The copies put back for the end of the window come, and the originals are redelivered.
        time.Advance(ResendAfter + TimeSpan.FromMinutes(1));
        foreach (var id in ids)
        {
            await DeliverAsTheQueueWouldAsync(sender, Message(id), "put-back-copy-" + id);
            await DeliverAsTheQueueWouldAsync(sender, Message(id), "queue-message-" + id);
        }

        Report(ids);
        Assert.All(ids, id => Assert.Equal(1, _posts.GetValueOrDefault(id)));
        foreach (var id in ids)
        {
            Assert.Equal(NotificationStatus.Delivered, (await ledger.GetAsync(id, CancellationToken.None))!.Status);
        }
    }

    [Fact]
    public async Task A_notification_whose_event_never_arrives_is_sent_again_exactly_once_after_the_window()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var (sender, ledger) = Sender(time);
        var ids = Ids();

        foreach (var id in ids)
        {
            await DeliverAsTheQueueWouldAsync(sender, Message(id), "queue-message-" + id);
        }

        // Inside the window: redeliveries send nothing.
        time.Advance(ResendAfter - TimeSpan.FromSeconds(1));
        foreach (var id in ids)
        {
            await DeliverAsTheQueueWouldAsync(sender, Message(id), "queue-message-" + id);
        }

        Assert.All(ids, id => Assert.Equal(1, _posts.GetValueOrDefault(id)));

        // The window ends with no event: one resend each (its answer lost too), then never again.
        time.Advance(TimeSpan.FromSeconds(1));
        foreach (var id in ids)
        {
            await DeliverAsTheQueueWouldAsync(sender, Message(id), "put-back-copy-" + id);
        }

        time.Advance(ResendAfter * 3);
        foreach (var id in ids)
        {
            await DeliverAsTheQueueWouldAsync(sender, Message(id), "put-back-copy-" + id);
            await DeliverAsTheQueueWouldAsync(sender, Message(id), "queue-message-" + id);
        }

        Report(ids);
        Assert.All(ids, id => Assert.Equal(2, _posts.GetValueOrDefault(id)));
        foreach (var id in ids)
        {
            var record = (await ledger.GetAsync(id, CancellationToken.None))!;
            Assert.Equal((NotificationStatus.Unconfirmed, 2), (record.Status, record.LostAnswers));
        }
    }

    [Fact]
    public async Task The_message_of_a_lost_answer_comes_back_on_the_queue_when_the_window_ends_and_is_then_sent_once()
    {
        var window = TimeSpan.FromSeconds(2);
        var tables = new TableServiceClient(_azurite.ConnectionString);
        var ledger = new NotificationLedger(tables, TimeProvider.System);
        var sender = new NotificationSender(
            Delivery(),
            ledger,
            new UnconfirmedDeliveries(ledger, new MailQueues(StorageEndpoints.FromConnectionString(_azurite.ConnectionString, "test Azurite").CreateQueueServiceClient()), window, TimeProvider.System, NullLogger<UnconfirmedDeliveries>.Instance),
            DeliveryOutcomes.RecordedIn(_azurite.ConnectionString, TimeProvider.System),
            TimeProvider.System,
            NullLogger<NotificationSender>.Instance);
        var id = "n-" + Guid.NewGuid();

        await sender.SendAsync(Message(id), "queue-message-1", CancellationToken.None);
        _accepting = true;
        var queue = _azurite.Queue(QueueNames.Notifications);
        Azure.Storage.Queues.Models.QueueMessage? putBack = null;
        Assert.True(
            await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(20), async () =>
            {
                foreach (var message in (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(1))).Value)
                {
                    putBack ??= message.Body.ToString().Contains(id, StringComparison.Ordinal) ? message : null;
                }

                return putBack is not null;
            }),
            "the message never came back on the notifications queue");
        await sender.SendAsync(putBack!.Body.ToString(), putBack.MessageId, CancellationToken.None);
        await sender.SendAsync(Message(id), "queue-message-1", CancellationToken.None);

        Assert.Equal(2, _posts[id]);
        Assert.Equal(NotificationStatus.Delivered, (await ledger.GetAsync(id, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task A_refused_connection_is_a_clear_failure_retried_at_once_and_the_claim_given_back()
    {
        var nobody = $"http://127.0.0.1:{LoopbackPort.Free()}";
        var options = new SendGridOptions { ApiKey = "SG.test-key", BaseUrl = nobody, MaxAttempts = 3 };
        var waits = new RecordedWaits();
        using var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(waits).AddSingleton(Options.Create(options)).AddSendGridHttpClient().BuildServiceProvider();
        var delivery = new SendGridDelivery(services.GetRequiredService<IHttpClientFactory>(), options, EmailAddress.Parse("cme-noreply@example.org"), NullLogger<SendGridDelivery>.Instance);
        var (sender, ledger) = Sender(new FakeTimeProvider(DateTimeOffset.UtcNow), delivery);
        var id = "n-" + Guid.NewGuid();

        var failure = await Assert.ThrowsAsync<DeliveryFailedException>(() => sender.SendAsync(Message(id), "queue-message-1", CancellationToken.None));

        Assert.Contains("on all 3 attempts", failure.Message, StringComparison.Ordinal);
        Assert.Equal(NotificationStatus.Queued, (await ledger.GetAsync(id, CancellationToken.None))!.Status);
        // Three attempts, two back-off waits between them.
        Assert.Equal(2, waits.Waits.Count);
    }

    private static string[] Ids() => Enumerable.Range(1, Notifications).Select(n => $"n-{n}-{Guid.NewGuid():N}").ToArray();

    private void Report(IEnumerable<string> ids) =>
        _output.WriteLine($"POSTs per notification: {string.Join(' ', ids.Select(id => _posts.GetValueOrDefault(id)))} (total {ids.Sum(id => _posts.GetValueOrDefault(id))} for {ids.Count()})");

    private SendGridDelivery Delivery() => new(
        _services.GetRequiredService<IHttpClientFactory>(),
        _services.GetRequiredService<IOptions<SendGridOptions>>().Value,
        EmailAddress.Parse("cme-noreply@example.org"),
        NullLogger<SendGridDelivery>.Instance);

    private (NotificationSender Sender, NotificationLedger Ledger) Sender(TimeProvider time, INotificationDelivery? delivery = null)
    {
        var tables = new TableServiceClient(_azurite.ConnectionString);
        var ledger = new NotificationLedger(tables, time);
        return (new NotificationSender(
            delivery ?? Delivery(),
            ledger,
            new UnconfirmedDeliveries(ledger, new MailQueues(StorageEndpoints.FromConnectionString(_azurite.ConnectionString, "test Azurite").CreateQueueServiceClient()), ResendAfter, time, NullLogger<UnconfirmedDeliveries>.Instance),
            DeliveryOutcomes.RecordedIn(_azurite.ConnectionString, time),
            time,
            NullLogger<NotificationSender>.Instance), ledger);
    }

    /// <summary>The host's queue trigger: a failed attempt is dequeued again, up to the poison limit.</summary>
    private static async Task DeliverAsTheQueueWouldAsync(NotificationSender sender, string message, string queueMessageId)
    {
        for (var dequeue = 1; dequeue <= QueueDequeues; dequeue++)
        {
            try
            {
                await sender.SendAsync(message, queueMessageId, CancellationToken.None);
                return;
            }
            catch (Exception exception) when (exception is DeliveryFailedException or NotificationBeingDeliveredException)
            {
                // Left for the queue's next dequeue.
            }
        }
    }

    private static string Message(string id) => QueueJson.Serialize(NotificationMessage.From(new Notification(
        id,
        NotificationKind.Acknowledgement,
        CaseReference.Create(2026, 41),
        [EmailAddress.Parse("referrals@school.example.org")],
        MailSubject.From("Referral received: case CME-2026-00041"),
        "Thank you: your referral is case CME-2026-00041.",
        null)));
}
