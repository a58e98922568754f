using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cme.Application.Deadlines;
using Cme.Application.Outbox;
using Cme.Application.Ports;
using Cme.Core.Cases;
using Microsoft.Extensions.Logging;

namespace Cme.Infrastructure.Outbox;

/// <summary>
/// Receives SendGrid's Signed Event Webhook, whatever hosts it (the HTTP function is a few lines
/// around <see cref="ReceiveAsync"/>). A post is believed only when its ECDSA P-256 / SHA-256
/// signature (<c>X-Twilio-Email-Event-Webhook-Signature</c>) over the signed timestamp
/// (<c>X-Twilio-Email-Event-Webhook-Timestamp</c>) followed by the raw body verifies with
/// <see cref="SendGridOptions.EventWebhookPublicKey"/>, and the timestamp is within
/// <see cref="SendGridOptions.EventWebhookTolerance"/> of now: unsigned posts get 401, stale or
/// tampered ones 403, and nothing of them is recorded. Of a believed post, each event is matched
/// to its notification by the notification id in its custom args: processed and delivered settle
/// a send whose answer was lost (<see cref="UnconfirmedDeliveries"/>); bounce, dropped, spam report
/// and a deferral older than <see cref="SendGridOptions.DeferredTooLongAfter"/> mark the
/// notification failed and go on its case's timeline, once (a replay records nothing new).
/// </summary>
public sealed partial class SendGridEventWebhook(
    INotificationLedger ledger,
    CaseChanges cases,
    SendGridOptions options,
    TimeProvider time,
    ILogger<SendGridEventWebhook> logger)
{
    public const string SignatureHeader = "X-Twilio-Email-Event-Webhook-Signature";
    public const string TimestampHeader = "X-Twilio-Email-Event-Webhook-Timestamp";

    private readonly ECDsa? _publicKey = TryImportPublicKey(options.EventWebhookPublicKey);

    /// <param name="headers">The request's headers (names compared ignoring case).</param>
    /// <param name="body">The raw body, exactly as received: the signature covers its bytes.</param>
    /// <param name="cancellationToken">Cancels the recording.</param>
    public async Task<WebhookResponse> ReceiveAsync(IReadOnlyDictionary<string, string> headers, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var signature = Header(headers, SignatureHeader);
        var timestamp = Header(headers, TimestampHeader);
        if (string.IsNullOrWhiteSpace(signature) || string.IsNullOrWhiteSpace(timestamp))
        {
            LogRefused("unsigned");
            return new WebhookResponse(401, $"Unsigned: the {SignatureHeader} and {TimestampHeader} headers are required (turn on Signed Event Webhook in SendGrid).");
        }

        if (_publicKey is null)
        {
            LogRefused("no public key configured");
            return new WebhookResponse(403, $"Refused: {SendGridOptions.SectionName}:EventWebhookPublicKey is not set, so no post can be verified.");
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            || (time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > options.EventWebhookTolerance)
        {
            LogRefused("stale");
            return new WebhookResponse(403, "Refused: the signed timestamp is missing, malformed or too far from now.");
        }

        if (!Verifies(timestamp, body.Span, signature))
        {
            LogRefused("bad signature");
            return new WebhookResponse(403, "Refused: the signature does not verify with the configured public key.");
        }

        List<SendGridEvent> events;
        try
        {
            events = JsonSerializer.Deserialize<List<SendGridEvent>>(body.Span) ?? [];
        }
        catch (JsonException)
        {
            return new WebhookResponse(400, "The body is not a JSON array of SendGrid events.");
        }

        var recorded = 0;
        foreach (var mailEvent in events)
        {
            recorded += await RecordAsync(mailEvent, cancellationToken).ConfigureAwait(false) ? 1 : 0;
        }

        return new WebhookResponse(200, $"{events.Count} events received, {recorded} about notifications recorded.");
    }

    /// <summary>The key SendGrid shows (base64 DER SubjectPublicKeyInfo), or null when it is not one.</summary>
    public static ECDsa? TryImportPublicKey(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            return null;
        }

        var key = ECDsa.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(base64.Trim()), out _);
            return key;
        }
        catch (Exception exception) when (exception is FormatException or CryptographicException)
        {
            key.Dispose();
            return null;
        }
    }

    private bool Verifies(string timestamp, ReadOnlySpan<byte> body, string signature)
    {
        byte[] signatureBytes;
        try
        {
            signatureBytes = Convert.FromBase64String(signature.Trim());
        }
        catch (FormatException)
        {
            return false;
        }

        var signed = new byte[Encoding.UTF8.GetByteCount(timestamp) + body.Length];
        var written = Encoding.UTF8.GetBytes(timestamp, signed);
        body.CopyTo(signed.AsSpan(written));
        try
        {
            // SendGrid signs with an ASN.1 DER sequence (r, s), as most ECDSA libraries do.
            return _publicKey!.VerifyData(signed, signatureBytes, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private async Task<bool> RecordAsync(SendGridEvent mailEvent, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(mailEvent.NotificationId) || string.IsNullOrWhiteSpace(mailEvent.Event))
        {
            return false; // not one of ours
        }

        var record = await ledger.GetAsync(mailEvent.NotificationId, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return false;
        }

        var reference = CaseReference.TryParse(record.Case, out var parsed) ? parsed : null;
        switch (mailEvent.Event)
        {
            case "processed" or "delivered":
                if (record.Status == NotificationStatus.Unconfirmed && reference is not null)
                {
                    // The send whose answer was lost did arrive: its timeline entry, as a delivery would have written it.
                    await cases.RecordMailServiceEventAsync(reference, new CaseEvent(
                        "notification-" + record.Id,
                        CaseEventType.NotificationDelivered,
                        time.GetUtcNow(),
                        $"{record.Kind} sent via sendgrid (confirmed by SendGrid's {mailEvent.Event} event after its answer was lost)",
                        new Dictionary<string, string> { ["notificationId"] = record.Id, ["kind"] = record.Kind, ["channel"] = "sendgrid" }), cancellationToken).ConfigureAwait(false);
                }

                await ledger.RecordServiceReportAsync(record.Id, "sendgrid", failed: false, mailEvent.Event, null, cancellationToken).ConfigureAwait(false);
                return true;

            case "bounce" or "dropped" or "spamreport":
            case "deferred" when DeferredTooLong(mailEvent, record):
                var what = MailServiceReport.Describe(mailEvent.Event);
                if (reference is not null)
                {
                    await cases.RecordMailServiceEventAsync(reference, new CaseEvent(
                        $"mail-{mailEvent.Event}-{record.Id}-{mailEvent.Email}",
                        CaseEventType.NotificationFailed,
                        time.GetUtcNow(),
                        $"{record.Kind} to {mailEvent.Email} {what}{(string.IsNullOrWhiteSpace(mailEvent.Reason) ? string.Empty : ": " + Bounded(mailEvent.Reason))}",
                        new Dictionary<string, string>
                        {
                            ["notificationId"] = record.Id,
                            ["kind"] = record.Kind,
                            ["event"] = mailEvent.Event,
                            ["recipient"] = mailEvent.Email ?? string.Empty,
                        }), cancellationToken).ConfigureAwait(false);
                }

                await ledger.RecordServiceReportAsync(record.Id, "sendgrid", failed: true, mailEvent.Event, mailEvent.Email, cancellationToken).ConfigureAwait(false);
                LogFailed(record.Kind, record.Id, record.Case, mailEvent.Event);
                return true;

            default:
                return false;
        }
    }

    private bool DeferredTooLong(SendGridEvent mailEvent, NotificationRecord record) =>
        mailEvent.Timestamp is { } at && (record.DeliveringSince ?? record.QueuedAt) is { } sent &&
        DateTimeOffset.FromUnixTimeSeconds(at) - sent >= options.DeferredTooLongAfter;

    private static string? Header(IReadOnlyDictionary<string, string> headers, string name) =>
        headers.TryGetValue(name, out var value) ? value : headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    // The receiving server's words can quote the address; nothing about a child is in them (a notification names a case, not a child, to SendGrid).
    private static string Bounded(string text) => text.Length <= 200 ? text : text[..200] + "…";

    [LoggerMessage(Level = LogLevel.Warning, Message = "SendGrid event post refused: {Why}")]
    private partial void LogRefused(string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SendGrid reported {Kind} {NotificationId} for case {Case}: {Event}; marked failed")]
    private partial void LogFailed(string kind, string notificationId, string? @case, string @event);

    /// <summary>The fields of one SendGrid event the product reads; custom args arrive as top-level fields.</summary>
    private sealed record SendGridEvent(
        [property: System.Text.Json.Serialization.JsonPropertyName("event")] string? Event,
        [property: System.Text.Json.Serialization.JsonPropertyName("email")] string? Email,
        [property: System.Text.Json.Serialization.JsonPropertyName("timestamp")] long? Timestamp,
        [property: System.Text.Json.Serialization.JsonPropertyName("reason")] string? Reason,
        [property: System.Text.Json.Serialization.JsonPropertyName(SendGridEvents.NotificationIdArg)] string? NotificationId);
}

/// <summary>What a webhook answers: the HTTP status and a short message for the sender's log.</summary>
public sealed record WebhookResponse(int StatusCode, string Message);
