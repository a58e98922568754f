using Cme.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Cme.Infrastructure.Configuration;

/// <summary>The checks on <see cref="CmeOptions"/> that data annotations cannot make (nested sections, lists, secrets); each message names the setting.</summary>
/// <param name="configuration">The whole configuration, to tell the Azure deployment (storage reached with a managed identity) from a local run.</param>
public sealed class CmeOptionsValidator(IConfiguration configuration) : IValidateOptions<CmeOptions>
{
    public ValidateOptionsResult Validate(string? name, CmeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        foreach (var id in options.Commands.TrustedAuthServIdList)
        {
            if (!IsAuthServId(id))
            {
                problems.Add($"Cme:Commands:TrustedAuthServIds: '{id}' is not an authserv-id. List the host names your receiving mail servers write at the start of Authentication-Results (e.g. mx.council.gov.uk), separated by commas.");
            }
        }

        if (!string.IsNullOrWhiteSpace(options.ChildIndex.Key) && ChildIndexSecret.Problem(options.ChildIndex.Key) is { } problem)
        {
            // The value is a secret: the message describes it, never repeats it.
            problems.Add($"Cme:ChildIndex:Key {problem}. Set it to base64 of at least 32 random bytes (openssl rand -base64 32), in Azure as a Key Vault reference, or leave it empty locally to use a generated key file.");
        }

        if (!string.IsNullOrWhiteSpace(options.Outbox.From) && !Cme.Core.Mail.EmailAddress.TryParse(options.Outbox.From, out _))
        {
            problems.Add($"Cme:Outbox:From '{options.Outbox.From}' is not an email address. Set it to the address notifications are sent from, e.g. cme-noreply@example.org, or leave it empty to use the profile's.");
        }

        if (string.IsNullOrWhiteSpace(options.ChildIndex.Key) && IsAzureDeployment())
        {
            problems.Add(ChildIndexKeyMissing);
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>Said when the Azure deployment has no child index secret: its instances share no disk for a key file.</summary>
    public const string ChildIndexKeyMissing =
        "Cme:ChildIndex:Key is not set. In Azure, set it to a Key Vault reference to a secret holding base64 of 32 random bytes (openssl rand -base64 32); every instance must use the same one. Without it the child index cannot be read.";

    /// <summary>Storage reached with a managed identity; a storage setting that is wrong is reported by the storage check, not here.</summary>
    private bool IsAzureDeployment()
    {
        try
        {
            return StorageSettings.Read(configuration) is StorageSettings.ManagedIdentity;
        }
        catch (ConfigurationException)
        {
            return false;
        }
    }

    private static bool IsAuthServId(string id) =>
        id.Length <= 253 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_') && char.IsAsciiLetterOrDigit(id[0]);
}
