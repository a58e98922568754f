using System.Text.Json;
using Azure.Data.Tables;
using Cme.Application.Deadlines;
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
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;
using Request = WireMock.RequestBuilders.Request;

namespace Cme.Infrastructure.Tests.Outbox;

/// <summary>
/// Delivery through SendGrid's v3 Mail Send API, against a loopback stand-in answering as
/// SendGrid's documentation says (202 Accepted with X-Message-Id; 429 with Retry-After; 5xx), with
/// the once-only ledger on the real Azurite.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class SendGridDeliveryTests : IDisposable
{
    private const string SendPath = "/v3/mail/send";
    private readonly WireMockServer _sendGrid = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{LoopbackPort.Free()}"] });
    private readonly AzuriteFixture _azurite;

    public SendGridDeliveryTests(AzuriteFixture azurite) => _azurite = azurite;

    private readonly List<ServiceProvider> _providers = [];

    public void Dispose()
    {
        _providers.ForEach(provider => provider.Dispose());
        _sendGrid.Stop();
    }

    /// <summary>The delivery as the product composes it: the SendGrid SDK on the factory client with its resilience handler.</summary>
    private SendGridDelivery Delivery(bool sandbox = false, TimeProvider? time = null, TimeSpan? timeout = null)
    {
        var options = new SendGridOptions { ApiKey = "SG.test-key", BaseUrl = _sendGrid.Urls[0], SandboxMode = sandbox, MaxAttempts = 4, MaxRetryAfter = TimeSpan.FromSeconds(30), RequestTimeout = timeout ?? TimeSpan.FromSeconds(5) };
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(time ?? TimeProvider.System)
            .AddSingleton(Options.Create(options))
            .AddSendGridHttpClient()
            .BuildServiceProvider();
        _providers.Add(services);
        return new SendGridDelivery(services.GetRequiredService<IHttpClientFactory>(), options, EmailAddress.Parse("cme-noreply@example.org"), NullLogger<SendGridDelivery>.Instance);
    }

    private NotificationLedger Ledger() => new(new TableServiceClient(_azurite.ConnectionString), TimeProvider.System);

    private NotificationSender Sender(INotificationDelivery delivery, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        var ledger = new NotificationLedger(new TableServiceClient(_azurite.ConnectionString), time);
        return new(
            delivery,
            ledger,
            new UnconfirmedDeliveries(ledger, new MailQueues(StorageEndpoints.FromConnectionString(_azurite.ConnectionString, "test Azurite").CreateQueueServiceClient()), ResendAfter, time, NullLogger<UnconfirmedDeliveries>.Instance),
            DeliveryOutcomes.RecordedIn(_azurite.ConnectionString, time),
            time,
            NullLogger<NotificationSender>.Instance);
    }

    private static readonly TimeSpan ResendAfter = TimeSpan.FromMinutes(30);

    private static string Message(string id) => QueueJson.Serialize(NotificationMessage.From(new Notification(
        id,
        NotificationKind.Reminder,
        CaseReference.Create(2026, 31),
        [EmailAddress.Parse("cme-west@example.org")],
        MailSubject.From("Due today: Enquiries review, case CME-2026-00031"),
        "Enquiries review for case CME-2026-00031 is due today.",
        "<p>Enquiries review for case CME-2026-00031 is due today.</p>")));

    private void Accept() => _sendGrid.Given(Request.Create().WithPath(SendPath).UsingPost()).AtPriority(10)
        .RespondWith(Response.Create().WithStatusCode(202).WithHeader("X-Message-Id", "sg-message-1"));

    [Fact]
    public async Task A_throttled_send_waits_for_Retry_After_and_then_delivers_once()
    {
        _sendGrid.Given(Request.Create().WithPath(SendPath).UsingPost()).InScenario("throttle").WillSetStateTo("open")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "1").WithBodyAsJson(new { errors = new[] { new { message = "too many requests" } } }));
        _sendGrid.Given(Request.Create().WithPath(SendPath).UsingPost()).InScenario("throttle").WhenStateIs("open")
            .RespondWith(Response.Create().WithStatusCode(202).WithHeader("X-Message-Id", "sg-message-1"));
        var started = DateTime.UtcNow;

        var receipt = await Delivery().DeliverAsync(QueueJson.Deserialize<NotificationMessage>(Message("n-" + Guid.NewGuid())).ToNotification(), CancellationToken.None);

        Assert.Equal(2, _sendGrid.LogEntries.Count());
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(0.9), "the retry did not wait for Retry-After");
        Assert.Equal(("sendgrid", "sg-message-1"), (receipt.Channel, receipt.Reference));
    }

    [Fact]
    public async Task The_request_carries_the_case_reference_text_and_html_no_tracking_and_the_auto_submitted_header()
    {
        Accept();
        var id = "n-" + Guid.NewGuid();

        await Delivery(sandbox: true).DeliverAsync(QueueJson.Deserialize<NotificationMessage>(Message(id)).ToNotification(), CancellationToken.None);

        var request = Assert.Single(_sendGrid.LogEntries).RequestMessage!;
        Assert.Equal("Bearer SG.test-key", request.Headers!["Authorization"].Single());
        using var body = JsonDocument.Parse(request.Body!);
        var root = body.RootElement;
        Assert.Equal("cme-west@example.org", root.GetProperty("personalizations")[0].GetProperty("to")[0].GetProperty("email").GetString());
        Assert.Equal("cme-noreply@example.org", root.GetProperty("from").GetProperty("email").GetString());
        Assert.Equal(["text/plain", "text/html"], root.GetProperty("content").EnumerateArray().Select(c => c.GetProperty("type").GetString()));
        Assert.Equal("CME-2026-00031", root.GetProperty("custom_args").GetProperty("case_reference").GetString());
        Assert.Equal(id, root.GetProperty("custom_args").GetProperty("notification_id").GetString());
        Assert.Contains("CME-2026-00031", root.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("auto-generated", root.GetProperty("headers").GetProperty("Auto-Submitted").GetString());
        Assert.True(root.GetProperty("mail_settings").GetProperty("sandbox_mode").GetProperty("enable").GetBoolean());
        Assert.False(root.GetProperty("tracking_settings").GetProperty("open_tracking").GetProperty("enable").GetBoolean());
    }

    [Fact]
    public async Task The_same_notification_queued_twice_is_sent_to_SendGrid_once()
    {
        Accept();
        var message = Message("n-" + Guid.NewGuid());
        var sender = Sender(Delivery());

        await sender.SendAsync(message, "queue-message-1", CancellationToken.None);
        await sender.SendAsync(message, "queue-message-2", CancellationToken.None);

        Assert.Single(_sendGrid.LogEntries);
    }

    [Fact]
    public async Task Server_errors_on_every_attempt_fail_the_delivery_and_a_later_attempt_delivers_once()
    {
        _sendGrid.Given(Request.Create().WithPath(SendPath).UsingPost()).InScenario("outage").WillSetStateTo("down-2")
            .RespondWith(Response.Create().WithStatusCode(500));
        foreach (var (from, to) in new[] { ("down-2", "down-3"), ("down-3", "down-4"), ("down-4", "up") })
        {
            _sendGrid.Given(Request.Create().WithPath(SendPath).UsingPost()).InScenario("outage").WhenStateIs(from).WillSetStateTo(to)
                .RespondWith(Response.Create().WithStatusCode(503).WithHeader("Retry-After", "0"));
        }

        _sendGrid.Given(Request.Create().WithPath(SendPath).UsingPost()).InScenario("outage").WhenStateIs("up")
            .RespondWith(Response.Create().WithStatusCode(202));
        var message = Message("n-" + Guid.NewGuid());
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var sender = Sender(Delivery(), time);

        var failure = await Assert.ThrowsAsync<DeliveryFailedException>(() => sender.SendAsync(message, "queue-message-1", CancellationToken.None));
        Assert.Contains("on all 4 attempts", failure.Message, StringComparison.Ordinal);

        // Another copy of the notification takes over once the failed attempt's claim has lapsed.
        time.Advance(NotificationSender.ClaimLapse + TimeSpan.FromSeconds(1));
        await sender.SendAsync(message, "queue-message-2", CancellationToken.None);
        await sender.SendAsync(message, "queue-message-1", CancellationToken.None);

        Assert.Equal(5, _sendGrid.LogEntries.Count());
        Assert.Equal(202, (int)_sendGrid.LogEntries.Last().ResponseMessage!.StatusCode!);
    }

    [Theory]
    [InlineData(429, "7", 7.0, 7.0)] // throttled: SendGrid's rate limit says when to come back
    [InlineData(500, "3", 3.0, 3.0)]
    [InlineData(503, "11", 11.0, 11.0)]
    [InlineData(429, "3600", 30.0, 30.0)] // an hour is cut to MaxRetryAfter: the queue's own retries take over beyond it
    [InlineData(500, null, 0.4, 0.6)] // no Retry-After: the first back-off step, 0.5 s with jitter
    [InlineData(503, null, 0.4, 0.6)]
    public async Task A_transient_answer_is_retried_after_the_wait_it_asks_for_and_the_notification_is_delivered_once(int status, string? retryAfter, double shortestWait, double longestWait)
    {
        var failure = Response.Create().WithStatusCode(status);
        _sendGrid.Given(Request.Create().WithPath(SendPath).UsingPost()).InScenario("transient").WillSetStateTo("up")
            .RespondWith(retryAfter is null ? failure : failure.WithHeader("Retry-After", retryAfter));
        _sendGrid.Given(Request.Create().WithPath(SendPath).UsingPost()).InScenario("transient").WhenStateIs("up")
            .RespondWith(Response.Create().WithStatusCode(202).WithHeader("X-Message-Id", "sg-message-1"));
        var waits = new RecordedWaits();
        var id = "n-" + Guid.NewGuid();
        var sender = Sender(Delivery(time: waits));

        await sender.SendAsync(Message(id), "queue-message-1", CancellationToken.None);
        // The queue hands the same message over again (a redelivery): nothing more is sent.
        await sender.SendAsync(Message(id), "queue-message-1", CancellationToken.None);

        Assert.Equal([status, 202], _sendGrid.LogEntries.Select(e => (int)e.ResponseMessage!.StatusCode!));
        Assert.InRange(Assert.Single(waits.Waits).TotalSeconds, shortestWait, longestWait);
        Assert.Equal(NotificationStatus.Delivered, (await Ledger().GetAsync(id, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task A_Retry_After_given_as_a_date_is_waited_until()
    {
        _sendGrid.Given(Request.Create().WithPath(SendPath).UsingPost()).InScenario("date").WillSetStateTo("up")
            .RespondWith(Response.Create().WithStatusCode(503).WithHeader("Retry-After", DateTimeOffset.UtcNow.AddSeconds(20).ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        _sendGrid.Given(Request.Create().WithPath(SendPath).UsingPost()).InScenario("date").WhenStateIs("up")
            .RespondWith(Response.Create().WithStatusCode(202));
        var waits = new RecordedWaits();

        await Delivery(time: waits).DeliverAsync(QueueJson.Deserialize<NotificationMessage>(Message("n-" + Guid.NewGuid())).ToNotification(), CancellationToken.None);

        // The header has whole seconds, and a moment passed before it was read.
        Assert.InRange(Assert.Single(waits.Waits).TotalSeconds, 18.0, 20.0);
    }

    [Fact]
    public async Task A_send_that_times_out_is_not_sent_again_until_SendGrids_events_had_their_window_and_then_once()
    {
        // Issue 19: a timed-out send may have been accepted (SendGrid has no idempotency key), so it
        // is no longer retried at once as it was; it waits for SendGrid's events, then is sent once more.
        _sendGrid.Given(Request.Create().WithPath(SendPath).UsingPost()).InScenario("slow").WillSetStateTo("up")
            .RespondWith(Response.Create().WithStatusCode(503).WithDelay(TimeSpan.FromSeconds(3)));
        _sendGrid.Given(Request.Create().WithPath(SendPath).UsingPost()).InScenario("slow").WhenStateIs("up")
            .RespondWith(Response.Create().WithStatusCode(202).WithHeader("X-Message-Id", "sg-message-1"));
        var waits = new RecordedWaits();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var id = "n-" + Guid.NewGuid();
        var sender = Sender(Delivery(time: waits, timeout: TimeSpan.FromMilliseconds(300)), time);

        await sender.SendAsync(Message(id), "queue-message-1", CancellationToken.None);
        Assert.Empty(waits.Waits);
        Assert.Equal(NotificationStatus.Unconfirmed, (await Ledger().GetAsync(id, CancellationToken.None))!.Status);
        // The queue hands the message over again inside the window: nothing is sent.
        time.Advance(ResendAfter - TimeSpan.FromMinutes(1));
        await sender.SendAsync(Message(id), "queue-message-1", CancellationToken.None);
        // SendGrid reported nothing by the end of the window: sent once more, then never again.
        time.Advance(TimeSpan.FromMinutes(1));
        await sender.SendAsync(Message(id), "queue-message-1", CancellationToken.None);
        await sender.SendAsync(Message(id), "queue-message-1", CancellationToken.None);

        Assert.Equal(NotificationStatus.Delivered, (await Ledger().GetAsync(id, CancellationToken.None))!.Status);
        // The stand-in logs the slow request when it finally answers.
        Assert.True(await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(10), () => _sendGrid.LogEntries.Count() == 2), $"{_sendGrid.LogEntries.Count()} requests");
        Assert.Single(_sendGrid.LogEntries, e => e.ResponseMessage!.StatusCode is 202);
    }

    [Fact]
    public async Task A_failed_delivery_gives_back_its_claim_so_the_queues_next_attempt_tries_again_at_once()
    {
        foreach (var (from, to) in new[] { ((string?)null, "down-2"), ("down-2", "down-3"), ("down-3", "down-4"), ("down-4", "up") })
        {
            var step = _sendGrid.Given(Request.Create().WithPath(SendPath).UsingPost()).InScenario("outage");
            (from is null ? step : step.WhenStateIs(from)).WillSetStateTo(to)
                .RespondWith(Response.Create().WithStatusCode(503).WithHeader("Retry-After", "0"));
        }

        _sendGrid.Given(Request.Create().WithPath(SendPath).UsingPost()).InScenario("outage").WhenStateIs("up")
            .RespondWith(Response.Create().WithStatusCode(202));
        var id = "n-" + Guid.NewGuid();
        var sender = Sender(Delivery());

        await Assert.ThrowsAsync<DeliveryFailedException>(() => sender.SendAsync(Message(id), "queue-message-1", CancellationToken.None));
        Assert.Equal(NotificationStatus.Queued, (await Ledger().GetAsync(id, CancellationToken.None))!.Status);
        // Any copy's next dequeue, well inside the claim's lapse, delivers; then nothing is sent again.
        await sender.SendAsync(Message(id), "queue-message-2", CancellationToken.None);
        await sender.SendAsync(Message(id), "queue-message-1", CancellationToken.None);

        Assert.Equal([503, 503, 503, 503, 202], _sendGrid.LogEntries.Select(e => (int)e.ResponseMessage!.StatusCode!));
        var record = (await Ledger().GetAsync(id, CancellationToken.None))!;
        Assert.Equal((NotificationStatus.Delivered, 2), (record.Status, record.Attempts));
    }

    [Fact]
    public async Task A_claim_left_by_an_attempt_that_died_is_taken_over_at_once_by_its_own_queue_message_while_another_copy_waits()
    {
        Accept();
        var id = "n-" + Guid.NewGuid();
        var sender = Sender(Delivery());
        // The host died between claiming and delivering: nothing gave the claim back.
        Assert.True(await Ledger().TryClaimDeliveryAsync(id, null, NotificationKind.Reminder.ToString(), "CME-2026-00031", "queue-message-1", CancellationToken.None));

        // Another copy might be mid-delivery as far as it can tell, so it waits for the claim to lapse.
        await Assert.ThrowsAsync<NotificationBeingDeliveredException>(() => sender.SendAsync(Message(id), "queue-message-2", CancellationToken.None));
        Assert.Empty(_sendGrid.LogEntries);
        // The queue redelivers the dead attempt's own message after its visibility timeout: it is that attempt, so it takes over.
        await sender.SendAsync(Message(id), "queue-message-1", CancellationToken.None);
        await sender.SendAsync(Message(id), "queue-message-2", CancellationToken.None);

        Assert.Single(_sendGrid.LogEntries);
        Assert.Equal(NotificationStatus.Delivered, (await Ledger().GetAsync(id, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task A_refused_api_key_says_what_to_check()
    {
        _sendGrid.Given(Request.Create().WithPath(SendPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(401).WithBodyAsJson(new { errors = new[] { new { message = "The provided authorization grant is invalid, expired, or revoked" } } }));

        var failure = await Assert.ThrowsAsync<DeliveryFailedException>(() => Delivery().DeliverAsync(QueueJson.Deserialize<NotificationMessage>(Message("n-" + Guid.NewGuid())).ToNotification(), CancellationToken.None));

        Assert.Contains("Cme:Outbox:SendGrid:ApiKey", failure.Message, StringComparison.Ordinal);
        Assert.Single(_sendGrid.LogEntries);
    }
}
