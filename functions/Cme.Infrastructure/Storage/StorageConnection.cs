using System.Text.Json;
using Cme.Infrastructure.Configuration;
using Cme.Infrastructure.EmbeddedStorage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Cme.Infrastructure.Storage;

/// <summary>
/// The storage the host or the <c>cme</c> command works on: the account named by
/// <c>AzureWebJobsStorage</c> (a connection string) or by <c>AzureWebJobsStorage__accountName</c>
/// (a managed identity; see <see cref="StorageSettings"/>); or, when neither is set, the local
/// embedded Azurite — the one the running local host already started, or a new one that lives
/// exactly as long as this object.
/// </summary>
public sealed class StorageConnection : IAsyncDisposable
{
    private const string EndpointFileName = "endpoint.json";
    private static readonly TimeSpan TokenCheckTimeout = TimeSpan.FromSeconds(30);

    private readonly EmbeddedAzurite? _owned;
    private readonly string? _endpointFile;

    private StorageConnection(StorageEndpoints endpoints, EmbeddedAzurite? owned, string? endpointFile)
    {
        Endpoints = endpoints;
        _owned = owned;
        _endpointFile = endpointFile;
    }

    /// <summary>Where the storage is and how to sign in to it; every storage client comes from here.</summary>
    public StorageEndpoints Endpoints { get; }

    /// <summary>The connection string, or null when storage is reached with a managed identity.</summary>
    public string? ConnectionString => Endpoints.ConnectionString;

    /// <summary>Where the data is, for the start-up log; never contains the account key.</summary>
    public string Description => Endpoints.Description;

    public static StorageConnection Configured(string connectionString) =>
        new(StorageEndpoints.FromConnectionString(connectionString, DescribeConnection(connectionString)), owned: null, endpointFile: null);

    /// <summary>Storage reached with a token credential (managed identity), as configured.</summary>
    public static StorageConnection Configured(StorageEndpoints endpoints) => new(endpoints, owned: null, endpointFile: null);

    public static async Task<StorageConnection> ResolveAsync(IConfiguration configuration, string contentRoot, ILogger logger, CancellationToken cancellationToken = default)
    {
        switch (StorageSettings.Read(configuration))
        {
            case StorageSettings.ConnectionString configured:
                return Configured(configured.Value);
            case StorageSettings.ManagedIdentity identity:
                var endpoints = StorageEndpoints.FromManagedIdentity(identity);
                await EnsureTokenAsync(endpoints, identity, cancellationToken).ConfigureAwait(false);
                return Configured(endpoints);
        }

        var dataFolder = Path.GetFullPath(Path.Combine(contentRoot, configuration["Cme:DataFolder"] ?? ".local", "azurite"));
        var endpointFile = Path.Combine(dataFolder, EndpointFileName);
        if (await RunningElsewhereAsync(endpointFile).ConfigureAwait(false) is { } running)
        {
            // Two emulators on one data folder would overwrite each other's files: share the running one.
            return new StorageConnection(StorageEndpoints.FromConnectionString(running.ConnectionString, running.Description + " (started by another local process)"), owned: null, endpointFile: null);
        }

        logger.LogInformation("AzureWebJobsStorage is not set: starting the embedded Azurite");
        var azurite = await EmbeddedAzurite.StartAsync(dataFolder, AzuritePorts.Defaults, logger, cancellationToken: cancellationToken).ConfigureAwait(false);
        var endpoint = new LocalEndpoint(Environment.ProcessId, azurite.Ports.Blob, azurite.Ports.Queue, azurite.Ports.Table, azurite.ConnectionString, azurite.Description);
        await File.WriteAllTextAsync(endpointFile, JsonSerializer.Serialize(endpoint), cancellationToken).ConfigureAwait(false);
        return new StorageConnection(StorageEndpoints.FromConnectionString(azurite.ConnectionString, azurite.Description), azurite, endpointFile);
    }

    /// <summary>
    /// Asks for a storage token once, so a missing or unassigned identity stops the host at
    /// start-up with the fix rather than failing every trigger afterwards.
    /// </summary>
    private static async Task EnsureTokenAsync(StorageEndpoints endpoints, StorageSettings.ManagedIdentity identity, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TokenCheckTimeout);
        try
        {
            await endpoints.Credential!.GetTokenAsync(new Azure.Core.TokenRequestContext([StorageEndpoints.TokenScope]), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is Azure.Identity.AuthenticationFailedException or Azure.Identity.CredentialUnavailableException ||
                                          (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var which = identity.ClientId is null
                ? $"the system-assigned managed identity (no {StorageSettings.Name(StorageSettings.ClientIdKey)} is set)"
                : $"the user-assigned managed identity with client id {identity.ClientId}";
            throw new ConfigurationException(
                $"Storage account {identity.AccountName} is configured for a managed identity ({StorageSettings.Name(StorageSettings.AccountNameKey)}), " +
                $"but no token could be obtained for {which}: {FirstLine(exception.Message)} " +
                $"Fix: assign that identity to the app (a Function App: identity.userAssignedIdentities) and set {StorageSettings.Name(StorageSettings.ClientIdKey)} to its client id; " +
                $"for a local run against Azurite leave the {StorageSettings.Setting}__ settings empty.", exception);
        }
    }

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return line.EndsWith('.') ? line : line + ".";
    }

    public async ValueTask DisposeAsync()
    {
        if (_owned is null)
        {
            return;
        }

        if (_endpointFile is not null)
        {
            File.Delete(_endpointFile);
        }

        await _owned.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task<LocalEndpoint?> RunningElsewhereAsync(string endpointFile)
    {
        if (!File.Exists(endpointFile))
        {
            return null;
        }

        try
        {
            var endpoint = JsonSerializer.Deserialize<LocalEndpoint>(await File.ReadAllTextAsync(endpointFile).ConfigureAwait(false));
            if (endpoint is null || endpoint.OwnerProcessId == Environment.ProcessId)
            {
                return null;
            }

            using var owner = System.Diagnostics.Process.GetProcessById(endpoint.OwnerProcessId);
            return owner.HasExited || new AzuritePorts(endpoint.BlobPort, endpoint.QueuePort, endpoint.TablePort).AreFree() ? null : endpoint;
        }
        catch (Exception exception) when (exception is JsonException or ArgumentException or InvalidOperationException or IOException)
        {
            // A stale or unreadable record of a process that is gone: start afresh.
            return null;
        }
    }

    private static string DescribeConnection(string connectionString)
    {
        if (connectionString.Equals("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase))
        {
            return "development storage (Azurite on its default ports)";
        }

        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0].Trim(), pair => pair[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var account = parts.GetValueOrDefault("AccountName") ?? "unknown account";
        var endpoint = parts.GetValueOrDefault("QueueEndpoint") ?? parts.GetValueOrDefault("EndpointSuffix") ?? "Azure";
        return $"storage account {account} ({endpoint})";
    }

    private sealed record LocalEndpoint(int OwnerProcessId, int BlobPort, int QueuePort, int TablePort, string ConnectionString, string Description);
}
