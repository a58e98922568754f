using Cme.Infrastructure.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Cme.Infrastructure.Outbox;

/// <summary>
/// The checks on <see cref="SendGridOptions"/>, made only when mail goes out through SendGrid
/// (<c>Cme:Outbox:Delivery</c> is <c>SendGrid</c>); each message names the setting and what to set.
/// </summary>
/// <param name="configuration">The settings, for which mailbox or delivery is configured.</param>
public sealed class SendGridOptionsValidator(IConfiguration configuration) : IValidateOptions<SendGridOptions>
{
    public ValidateOptionsResult Validate(string? name, SendGridOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Read from the settings, not from CmeOptions: a problem there is CmeOptions' own to report, once.
        var delivery = configuration[$"{CmeOptions.SectionName}:Outbox:Delivery"] ?? new OutboxOptions().Delivery;
        if (delivery != "SendGrid")
        {
            return ValidateOptionsResult.Skip;
        }

        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            problems.Add($"{SendGridOptions.SectionName}:ApiKey is not set, and Cme:Outbox:Delivery is 'SendGrid'. Set it to a SendGrid API key with the Mail Send permission (in production, a Key Vault reference), or set Cme:Outbox:Delivery to 'Folder' to write mail to the local outbox.");
        }

        if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out _))
        {
            problems.Add($"{SendGridOptions.SectionName}:BaseUrl '{options.BaseUrl}' is not an absolute URL; leave it empty for https://api.sendgrid.com.");
        }

        if (options.MaxAttempts < 1)
        {
            problems.Add($"{SendGridOptions.SectionName}:MaxAttempts is {options.MaxAttempts}; it must be 1 or more (default 5).");
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{SendGridOptions.SectionName}:RequestTimeout is {options.RequestTimeout}; it must be a positive time span such as 00:01:40 (the default).");
        }

        if (options.UnconfirmedResendAfter <= TimeSpan.Zero || options.UnconfirmedResendAfter > TimeSpan.FromDays(6))
        {
            problems.Add($"{SendGridOptions.SectionName}:UnconfirmedResendAfter is {options.UnconfirmedResendAfter}; it must be a positive time span of at most 6 days, such as 00:30:00 (the default).");
        }

        if (!string.IsNullOrWhiteSpace(options.EventWebhookPublicKey) && SendGridEventWebhook.TryImportPublicKey(options.EventWebhookPublicKey) is null)
        {
            problems.Add($"{SendGridOptions.SectionName}:EventWebhookPublicKey is not an ECDSA public key. Paste the verification key SendGrid shows under Mail Settings, Event Webhook, Signed Event Webhook (base64, starting 'MFkw'), or leave it empty to refuse every event post.");
        }

        if (options.EventWebhookTolerance <= TimeSpan.Zero)
        {
            problems.Add($"{SendGridOptions.SectionName}:EventWebhookTolerance is {options.EventWebhookTolerance}; it must be a positive time span such as 00:10:00 (the default).");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
