using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Cme.Core.Cases;
using Cme.Application.Deadlines;
using Cme.Application.Digest;
using Cme.Application.Notifications;
using Cme.Application.Outbox;
using Cme.Application.Ports;
using Cme.Application.Queues;
using Cme.Infrastructure.Mailboxes;
using Cme.Infrastructure.Notifications;
using Cme.Infrastructure.Outbox;
using Cme.Infrastructure.Queues;
using Cme.Infrastructure.Storage;
using Cme.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Cme.Infrastructure.Tests.Outbox;

/// <summary>
/// SendGrid's Signed Event Webhook, called directly with posts signed by a key pair generated
/// here (ECDSA P-256, SHA-256, as SendGrid signs), carrying events in SendGrid's documented shape.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class SendGridEventWebhookTests : IDisposable
{
    private readonly ECDsa _sendGridKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly TableServiceClient _tables;
    private readonly NotificationLedger _ledger;
    private readonly CaseStore _store;
    private readonly CaseChanges _cases;
    private readonly string _address = $"cme-west-{Guid.NewGuid():N}@example.org";

    public SendGridEventWebhookTests(AzuriteFixture azurite)
    {
        _tables = new TableServiceClient(azurite.ConnectionString);
        _ledger = new NotificationLedger(_tables, _time);
        _store = new CaseStore(_tables);
        _cases = DeliveryOutcomes.RecordedIn(azurite.ConnectionString, _time);
        Queues = new QueueServiceClient(azurite.ConnectionString, QueueEncoding.ClientOptions);
    }

    private QueueServiceClient Queues { get; }

    public void Dispose() => _sendGridKey.Dispose();

    private SendGridEventWebhook Webhook(ECDsa? configuredKey = null) => new(
        _ledger,
        _cases,
        new SendGridOptions { EventWebhookPublicKey = Convert.ToBase64String((configuredKey ?? _sendGridKey).ExportSubjectPublicKeyInfo()) },
        _time,
        NullLogger<SendGridEventWebhook>.Instance);

    [Fact]
    public async Task Signed_delivered_bounce_and_dropped_events_are_recorded_once_each_on_the_right_case_and_a_replay_records_nothing_new()
    {
        var (caseA, caseB) = (NewCase(), NewCase());
        var delivered = await SentAsync("Reminder", caseA);
        var bounced = await SentAsync("Reminder", caseA);
        var dropped = await SentAsync("Escalation", caseB);
        var body = Events(Event("delivered", delivered, caseA), Event("bounce", bounced, caseA), Event("dropped", dropped, caseB));

        var headers = Signed(body);
        var first = await Webhook().ReceiveAsync(headers, body, CancellationToken.None);
        // The same post again, inside the tolerance (SendGrid retrying, or a captured copy): nothing new.
        _time.Advance(TimeSpan.FromMinutes(2));
        var replay = await Webhook().ReceiveAsync(headers, body, CancellationToken.None);

        Assert.Equal((200, 200), (first.StatusCode, replay.StatusCode));
        var failedOnA = Assert.Single(await FailuresAsync(caseA));
        Assert.Equal(bounced, failedOnA.Details["notificationId"]);
        Assert.Contains($"Reminder to {_address} bounced", failedOnA.Summary, StringComparison.Ordinal);
        var failedOnB = Assert.Single(await FailuresAsync(caseB));
        Assert.Equal((dropped, "dropped"), (failedOnB.Details["notificationId"], failedOnB.Details["event"]));
        Assert.Equal(NotificationStatus.Delivered, (await _ledger.GetAsync(delivered, CancellationToken.None))!.Status);
        Assert.Equal(NotificationStatus.Failed, (await _ledger.GetAsync(bounced, CancellationToken.None))!.Status);
        Assert.Equal(NotificationStatus.Failed, (await _ledger.GetAsync(dropped, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task A_replay_older_than_the_tolerance_is_refused_with_403()
    {
        var reference = NewCase();
        var id = await SentAsync("Reminder", reference);
        var body = Events(Event("bounce", id, reference));
        var signed = Signed(body);
        _time.Advance(TimeSpan.FromMinutes(11));

        var replay = await Webhook().ReceiveAsync(signed, body, CancellationToken.None);

        Assert.Equal(403, replay.StatusCode);
        Assert.Empty(await FailuresAsync(reference));
        Assert.Equal(NotificationStatus.Delivered, (await _ledger.GetAsync(id, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task An_unsigned_post_is_refused_with_401_and_records_nothing()
    {
        var reference = NewCase();
        var id = await SentAsync("Reminder", reference);
        var body = Events(Event("bounce", id, reference));
        var timestampOnly = new Dictionary<string, string> { [SendGridEventWebhook.TimestampHeader] = _time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) };

        var unsigned = await Webhook().ReceiveAsync(new Dictionary<string, string>(), body, CancellationToken.None);
        var noSignature = await Webhook().ReceiveAsync(timestampOnly, body, CancellationToken.None);

        Assert.Equal((401, 401), (unsigned.StatusCode, noSignature.StatusCode));
        Assert.Empty(await FailuresAsync(reference));
        Assert.Equal(NotificationStatus.Delivered, (await _ledger.GetAsync(id, CancellationToken.None))!.Status);
    }

    [Theory]
    [InlineData("tampered body")] // the signature was made over another body
    [InlineData("another key")] // signed by someone who is not SendGrid
    [InlineData("tampered timestamp")] // a fresh timestamp put on an old signature
    [InlineData("garbage signature")]
    [InlineData("no key configured")]
    public async Task A_post_that_does_not_verify_is_refused_with_403_and_records_nothing(string forgery)
    {
        var reference = NewCase();
        var id = await SentAsync("Reminder", reference);
        var genuine = Events(Event("delivered", id, reference));
        var forged = Events(Event("bounce", id, reference));
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var webhook = Webhook();
        var (headers, body) = forgery switch
        {
            "tampered body" => (Signed(genuine), forged),
            "another key" => (Signed(forged, signer: otherKey), forged),
            "tampered timestamp" => (WithHeader(Signed(forged, _time.GetUtcNow().AddMinutes(-1)), SendGridEventWebhook.TimestampHeader, _time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)), forged),
            "garbage signature" => (WithHeader(Signed(forged), SendGridEventWebhook.SignatureHeader, "not-base64!"), forged),
            _ => (Signed(forged), forged),
        };
        if (forgery == "no key configured")
        {
            webhook = new SendGridEventWebhook(_ledger, _cases, new SendGridOptions(), _time, NullLogger<SendGridEventWebhook>.Instance);
        }

        var answer = await webhook.ReceiveAsync(headers, body, CancellationToken.None);

        Assert.Equal(403, answer.StatusCode);
        Assert.Empty(await FailuresAsync(reference));
        Assert.Equal(NotificationStatus.Delivered, (await _ledger.GetAsync(id, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task A_processed_event_settles_a_send_whose_answer_was_lost_and_puts_it_on_the_timeline()
    {
        var reference = NewCase();
        var id = "n-" + Guid.NewGuid();
        Assert.True(await _ledger.TryRecordQueuedAsync(id, "Reminder", reference.ToString(), CancellationToken.None));
        Assert.True(await _ledger.TryClaimDeliveryAsync(id, await _ledger.GetAsync(id, CancellationToken.None), "Reminder", reference.ToString(), "queue-message-1", CancellationToken.None));
        Assert.True(await _ledger.MarkAnswerLostAsync(id, 1, CancellationToken.None));
        var body = Events(Event("processed", id, reference));

        Assert.Equal(200, (await Webhook().ReceiveAsync(Signed(body), body, CancellationToken.None)).StatusCode);

        Assert.Equal(NotificationStatus.Delivered, (await _ledger.GetAsync(id, CancellationToken.None))!.Status);
        Assert.Single(await _store.GetEventsAsync(reference, CancellationToken.None), e => e.Type == CaseEventType.NotificationDelivered);
    }

    [Fact]
    public async Task The_weekly_digest_says_how_many_reminders_to_an_address_bounced()
    {
        var ids = new List<string>();
        var events = new List<object>();
        for (var n = 0; n < 3; n++)
        {
            var reference = NewCase();
            var id = await SentAsync("Reminder", reference);
            events.Add(Event("bounce", id, reference));
        }

        var escalation = NewCase();
        events.Add(Event("bounce", await SentAsync("Escalation", escalation), escalation));
        var body = Events([.. events]);
        Assert.Equal(200, (await Webhook().ReceiveAsync(Signed(body), body, CancellationToken.None)).StatusCode);

        var digest = await DigestService().PreviewAsync(CancellationToken.None);

        Assert.Contains($"3 reminders to {_address} bounced this week", digest.Text, StringComparison.Ordinal);
        Assert.Contains($"1 escalation to {_address} bounced this week", digest.Text, StringComparison.Ordinal);
        Assert.Contains($"3 reminders to {_address} bounced this week", digest.Html, StringComparison.Ordinal);
    }

    private WeeklyDigestService DigestService()
    {
        var profile = ShippedProfiles.Hertfordshire;
        var outbox = new NotificationOutbox(NotificationTemplates.Load(ShippedProfiles.Folder, profile.Key), _ledger, new MailQueues(Queues), _time);
        return new WeeklyDigestService(_store, _ledger, new EmailLedger(_tables), new TriageStore(_tables), new TableMailboxStateStore(_tables), new PolicyReviews(new TablePolicyReviewRecords(_tables, profile, _time), outbox, profile, _time), outbox, profile, new DigestOptions(), _time, NullLogger<WeeklyDigestService>.Instance);
    }

    private static CaseReference NewCase() => CaseReference.Create(2031, Random.Shared.Next(1, 99_999));

    /// <summary>A notification the sender delivered to SendGrid (202).</summary>
    private async Task<string> SentAsync(string kind, CaseReference reference)
    {
        var id = "n-" + Guid.NewGuid();
        Assert.True(await _ledger.TryRecordQueuedAsync(id, kind, reference.ToString(), CancellationToken.None));
        Assert.True(await _ledger.TryClaimDeliveryAsync(id, await _ledger.GetAsync(id, CancellationToken.None), kind, reference.ToString(), "queue-message-1", CancellationToken.None));
        await _ledger.MarkDeliveredAsync(id, "sendgrid", "sg-message-" + id, CancellationToken.None);
        return id;
    }

    private async Task<IReadOnlyList<CaseEvent>> FailuresAsync(CaseReference reference) =>
        (await _store.GetEventsAsync(reference, CancellationToken.None)).Where(e => e.Type == CaseEventType.NotificationFailed).ToList();

    /// <summary>One event as SendGrid's Event Webhook documentation shows it, with our custom args as top-level fields.</summary>
    private Dictionary<string, object> Event(string type, string notificationId, CaseReference reference)
    {
        var sgEvent = new Dictionary<string, object>
        {
            ["email"] = _address,
            ["timestamp"] = _time.GetUtcNow().ToUnixTimeSeconds(),
            ["smtp-id"] = "<14c5d75ce93.dfd.64b469@ismtpd-555>",
            ["event"] = type,
            ["category"] = new[] { "cme", "cme-reminder", reference.ToString() },
            ["sg_event_id"] = Convert.ToBase64String(Guid.NewGuid().ToByteArray()),
            ["sg_message_id"] = "14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0",
            [SendGridEvents.NotificationIdArg] = notificationId,
            [SendGridEvents.CaseReferenceArg] = reference.ToString(),
            ["kind"] = "Reminder",
        };
        switch (type)
        {
            case "delivered":
                sgEvent["response"] = "250 OK";
                break;
            case "bounce":
                sgEvent["reason"] = "550 5.1.1 The email account that you tried to reach does not exist.";
                sgEvent["status"] = "5.1.1";
                sgEvent["type"] = "bounce";
                sgEvent["bounce_classification"] = "Invalid Address";
                break;
            case "dropped":
                sgEvent["reason"] = "Bounced Address";
                sgEvent["status"] = "5.0.0";
                break;
        }

        return sgEvent;
    }

    private static byte[] Events(params object[] events) => JsonSerializer.SerializeToUtf8Bytes(events);

    private Dictionary<string, string> Signed(byte[] body, DateTimeOffset? at = null, ECDsa? signer = null)
    {
        var timestamp = (at ?? _time.GetUtcNow()).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = (signer ?? _sendGridKey).SignData([.. Encoding.UTF8.GetBytes(timestamp), .. body], HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return new Dictionary<string, string>
        {
            [SendGridEventWebhook.SignatureHeader] = Convert.ToBase64String(signature),
            [SendGridEventWebhook.TimestampHeader] = timestamp,
        };
    }

    private static Dictionary<string, string> WithHeader(Dictionary<string, string> headers, string name, string value)
    {
        headers[name] = value;
        return headers;
    }
}
