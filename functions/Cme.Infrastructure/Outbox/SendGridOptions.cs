namespace Cme.Infrastructure.Outbox;

/// <summary>SendGrid delivery: <c>Cme:Outbox:SendGrid</c>, used when <c>Cme:Outbox:Delivery</c> is <c>SendGrid</c>.</summary>
public sealed class SendGridOptions
{
    public const string SectionName = "Cme:Outbox:SendGrid";

    /// <summary>
    /// The API key (a secret: in production a Key Vault reference, never a plain value). It needs
    /// the "Mail Send" permission only.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>SendGrid's API root. Default <c>https://api.sendgrid.com</c>; tests point it at a loopback stand-in.</summary>
    public string BaseUrl { get; set; } = "https://api.sendgrid.com";

    /// <summary>
    /// SendGrid's sandbox mode: requests are validated and accepted but no mail is sent. For a
    /// trial run against the real service. Default false.
    /// </summary>
    public bool SandboxMode { get; set; }

    /// <summary>Attempts per message before the failure is left to the queue's own retries. Default 5.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The longest Retry-After honoured; longer waits are cut to this. Default 60 s.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long one send (with its retries) may take before its answer is taken as lost. A lost
    /// answer is not sent again at once (see <see cref="UnconfirmedResendAfter"/>). Default 100 s.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// When a send's answer was lost (the connection dropped after the request went out, or it timed
    /// out), SendGrid may have accepted the mail and has no idempotency key. The notification is then
    /// sent again only if SendGrid's event webhook has reported nothing for it (processed, delivered,
    /// bounce, dropped…) this long after the lost send, and only once. Default 30 minutes: SendGrid
    /// posts its processed event within seconds to minutes.
    /// </summary>
    public TimeSpan UnconfirmedResendAfter { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// The public key of SendGrid's Signed Event Webhook (Mail Settings, Event Webhook, Signature
    /// Verification), as SendGrid shows it: base64 of the DER SubjectPublicKeyInfo of its ECDSA P-256
    /// key. A public key, not a secret. Empty: every event post is refused (nothing unsigned is believed).
    /// </summary>
    public string? EventWebhookPublicKey { get; set; }

    /// <summary>
    /// How far an event post's signed timestamp may be from now (either way) before the post is
    /// refused as stale: a captured post cannot be replayed later. Default 10 minutes.
    /// </summary>
    public TimeSpan EventWebhookTolerance { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// A deferred event this long after the notification was sent marks it failed (the receiving
    /// server keeps refusing it for now; SendGrid goes on trying for up to 72 hours). Default 4 hours.
    /// </summary>
    public TimeSpan DeferredTooLongAfter { get; set; } = TimeSpan.FromHours(4);
}
