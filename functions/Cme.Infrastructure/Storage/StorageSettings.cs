using System.Text.RegularExpressions;
using Cme.Infrastructure.Configuration;
using Microsoft.Extensions.Configuration;

namespace Cme.Infrastructure.Storage;

/// <summary>
/// How the host reaches its storage account, read the way Azure Functions reads it:
/// <list type="bullet">
/// <item><c>AzureWebJobsStorage</c> set: a connection string (Azurite, or an account key).</item>
/// <item><c>AzureWebJobsStorage</c> empty and <c>AzureWebJobsStorage__accountName</c> (or all three
/// <c>__blobServiceUri</c>, <c>__queueServiceUri</c>, <c>__tableServiceUri</c>) set: the account's
/// HTTPS endpoints with a managed identity's token, so the account can have shared keys disabled.
/// <c>__credential</c> may be <c>managedidentity</c> (the only kind there is) and <c>__clientId</c>
/// names a user-assigned identity; without it the system-assigned identity is used.</item>
/// <item>Nothing set: the embedded Azurite (local only).</item>
/// </list>
/// Anything half-configured is an error that names the setting and the fix.
/// </summary>
public abstract partial record StorageSettings
{
    /// <summary>The connection setting, and the section the identity-based settings live under.</summary>
    public const string Setting = CmeConfiguration.StorageConnectionSetting;

    public const string AccountNameKey = "accountName";
    public const string CredentialKey = "credential";
    public const string ClientIdKey = "clientId";
    public const string BlobServiceUriKey = "blobServiceUri";
    public const string QueueServiceUriKey = "queueServiceUri";
    public const string TableServiceUriKey = "tableServiceUri";

    /// <summary>The one credential kind the identity-based settings take.</summary>
    public const string ManagedIdentityCredential = "managedidentity";

    private static readonly string[] IdentityKeys = [AccountNameKey, CredentialKey, ClientIdKey, BlobServiceUriKey, QueueServiceUriKey, TableServiceUriKey];

    private StorageSettings()
    {
    }

    /// <summary>The settings name as it is written in an environment variable or app setting: <c>AzureWebJobsStorage__accountName</c>.</summary>
    public static string Name(string key) => $"{Setting}__{key}";

    /// <summary>Reads the storage settings; throws <see cref="ConfigurationException"/> naming what is wrong and what to do.</summary>
    public static StorageSettings Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration.GetConnectionString(Setting);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = configuration[Setting];
        }

        var identity = configuration.GetSection(Setting).GetChildren()
            .Where(child => !string.IsNullOrWhiteSpace(child.Value))
            .ToDictionary(child => child.Key, child => child.Value!.Trim(), StringComparer.OrdinalIgnoreCase);

        var unknown = identity.Keys.Where(key => !IdentityKeys.Contains(key, StringComparer.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new ConfigurationException(
                $"{string.Join(", ", unknown.Select(Name))} {(unknown.Count == 1 ? "is not a setting" : "are not settings")} this host reads. " +
                $"Identity-based storage takes {string.Join(", ", IdentityKeys.Select(Name))}: correct the name or remove the setting.");
        }

        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            if (identity.Count > 0)
            {
                throw new ConfigurationException(
                    $"{Setting} is a connection string and {string.Join(", ", identity.Keys.Order(StringComparer.Ordinal).Select(Name))} {(identity.Count == 1 ? "is" : "are")} also set: choose one. " +
                    $"For a managed identity leave {Setting} empty; for a connection string remove the {Setting}__ settings.");
            }

            return new ConnectionString(connectionString.Trim());
        }

        return identity.Count == 0 ? new Embedded() : ReadManagedIdentity(identity);
    }

    private static ManagedIdentity ReadManagedIdentity(Dictionary<string, string> identity)
    {
        var credential = identity.GetValueOrDefault(CredentialKey);
        if (credential is not null && !credential.Equals(ManagedIdentityCredential, StringComparison.OrdinalIgnoreCase))
        {
            throw new ConfigurationException(
                $"{Name(CredentialKey)} '{credential}' is not supported: set it to '{ManagedIdentityCredential}' or remove it " +
                $"(a managed identity is what {Name(AccountNameKey)} uses). An account key belongs in {Setting} as a connection string.");
        }

        var clientId = identity.GetValueOrDefault(ClientIdKey);
        if (clientId is not null && !Guid.TryParse(clientId, out _))
        {
            throw new ConfigurationException(
                $"{Name(ClientIdKey)} '{clientId}' is not a client id: set it to the user-assigned managed identity's client id, a GUID " +
                "(az identity show --query clientId), or remove it to use the system-assigned identity.");
        }

        var accountName = identity.GetValueOrDefault(AccountNameKey);
        if (accountName is not null && !AccountNamePattern().IsMatch(accountName))
        {
            throw new ConfigurationException(
                $"{Name(AccountNameKey)} '{accountName}' is not a storage account name (3 to 24 lower-case letters and digits): " +
                "set it to the account's name alone, e.g. stcmeherts, not its URL or connection string.");
        }

        var blob = ServiceUri(identity, BlobServiceUriKey, accountName, "blob");
        var queue = ServiceUri(identity, QueueServiceUriKey, accountName, "queue");
        var table = ServiceUri(identity, TableServiceUriKey, accountName, "table");
        var missing = new[] { (BlobServiceUriKey, blob), (QueueServiceUriKey, queue), (TableServiceUriKey, table) }
            .Where(service => service.Item2 is null)
            .Select(service => Name(service.Item1))
            .ToList();
        if (missing.Count > 0)
        {
            var given = string.Join(", ", identity.Keys.Order(StringComparer.Ordinal).Select(Name));
            throw new ConfigurationException(
                $"{given} {(identity.Count == 1 ? "is" : "are")} set but {Name(AccountNameKey)} is not, so {string.Join(", ", missing)} cannot be worked out. " +
                $"Set {Name(AccountNameKey)} to the storage account's name (the endpoints are then https://<name>.<service>.core.windows.net), " +
                $"or set all three of {Name(BlobServiceUriKey)}, {Name(QueueServiceUriKey)} and {Name(TableServiceUriKey)}.");
        }

        return new ManagedIdentity(accountName ?? AccountNameOf(queue!), blob!, queue!, table!, clientId);
    }

    private static Uri? ServiceUri(Dictionary<string, string> identity, string key, string? accountName, string service)
    {
        if (identity.GetValueOrDefault(key) is not { } text)
        {
            return accountName is null ? null : new Uri($"https://{accountName}.{service}.core.windows.net/");
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || !string.IsNullOrEmpty(uri.Query))
        {
            throw new ConfigurationException(
                $"{Name(key)} '{text}' is not an https:// URL of the {service} service: set it to e.g. https://<account>.{service}.core.windows.net " +
                "(tokens are only ever sent over HTTPS, and no SAS belongs in it), or remove it and set " + Name(AccountNameKey) + ".");
        }

        return uri;
    }

    /// <summary>The account a service URL belongs to: the first label of its host, or for a path-style URL (an IP address, as Azurite serves) its first path segment.</summary>
    private static string AccountNameOf(Uri serviceUri) =>
        serviceUri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 || serviceUri.IsLoopback
            ? serviceUri.AbsolutePath.Trim('/').Split('/')[0]
            : serviceUri.Host.Split('.')[0];

    [GeneratedRegex("^[a-z0-9]{3,24}$")]
    private static partial Regex AccountNamePattern();

    /// <summary>No storage configured: the embedded Azurite is started (a local run only).</summary>
    public sealed record Embedded : StorageSettings;

    /// <summary>A connection string: Azurite's, or a storage account's with its key.</summary>
    public sealed record ConnectionString(string Value) : StorageSettings
    {
        /// <summary>Never prints the account key.</summary>
        public override string ToString() => "ConnectionString { Value = (hidden) }";
    }

    /// <summary>The account's HTTPS endpoints, reached with a managed identity's token.</summary>
    /// <param name="AccountName">The account, for logs and the WebJobs SDK.</param>
    /// <param name="ClientId">A user-assigned identity's client id; null for the system-assigned identity.</param>
    public sealed record ManagedIdentity(string AccountName, Uri BlobServiceUri, Uri QueueServiceUri, Uri TableServiceUri, string? ClientId) : StorageSettings;
}
