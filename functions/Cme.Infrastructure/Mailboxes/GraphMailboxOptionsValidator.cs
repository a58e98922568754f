using Cme.Core.Mail;
using Cme.Infrastructure.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Cme.Infrastructure.Mailboxes;

/// <summary>
/// The checks on <see cref="GraphMailboxOptions"/>, made only when the mailbox is Graph
/// (<c>Cme:Mailbox:Source</c> is <c>Graph</c>); each message names the setting and what to set.
/// </summary>
/// <param name="configuration">The settings, for which mailbox or delivery is configured.</param>
public sealed class GraphMailboxOptionsValidator(IConfiguration configuration) : IValidateOptions<GraphMailboxOptions>
{
    public ValidateOptionsResult Validate(string? name, GraphMailboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Read from the settings, not from CmeOptions: a problem there is CmeOptions' own to report, once.
        var source = configuration[$"{CmeOptions.SectionName}:Mailbox:Source"] ?? new MailboxOptions().Source;
        if (source != "Graph")
        {
            return ValidateOptionsResult.Skip;
        }

        var problems = new List<string>();
        // Empty: the profile's mailbox, which the profile's own checks hold to be an address.
        if (!string.IsNullOrWhiteSpace(options.Mailbox) && !EmailAddress.TryParse(options.Mailbox, out _))
        {
            problems.Add($"{GraphMailboxOptions.SectionName}:Mailbox '{options.Mailbox}' is not an email address: set it to the CME mailbox, or leave it empty to use the profile's.");
        }

        if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out _))
        {
            problems.Add($"{GraphMailboxOptions.SectionName}:BaseUrl '{options.BaseUrl}' is not an absolute URL; leave it empty for https://graph.microsoft.com/v1.0.");
        }

        if (!string.IsNullOrWhiteSpace(options.ClientSecret))
        {
            if (string.IsNullOrWhiteSpace(options.TenantId))
            {
                problems.Add($"{GraphMailboxOptions.SectionName}:TenantId is required with a client secret: set it to the directory (tenant) id of the app registration.");
            }

            if (string.IsNullOrWhiteSpace(options.ClientId))
            {
                problems.Add($"{GraphMailboxOptions.SectionName}:ClientId is required with a client secret: set it to the app registration's application (client) id.");
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
