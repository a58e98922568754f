using System.Text.Json;
using Cme.Infrastructure.Configuration;
using Cme.Infrastructure.EmbeddedStorage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Cme.Infrastructure.Storage;

/// <summary>
/// The storage the host or the <c>cme</c> command works on: the account named by
/// <c>AzureWebJobsStorage</c>; or, when that is empty, the local embedded Azurite — the one the
/// running local host already started, or a new one that lives exactly as long as this object.
/// </summary>
public sealed class StorageConnection : IAsyncDisposable
{
    private const string EndpointFileName = "endpoint.json";

    private readonly EmbeddedAzurite? _owned;
    private readonly string? _endpointFile;

    private StorageConnection(string connectionString, string description, EmbeddedAzurite? owned, string? endpointFile)
    {
        ConnectionString = connectionString;
        Description = description;
        _owned = owned;
        _endpointFile = endpointFile;
    }

    public string ConnectionString { get; }

    /// <summary>Where the data is, for the start-up log; never contains the account key.</summary>
    public string Description { get; }

    public static StorageConnection Configured(string connectionString) =>
        new(connectionString, DescribeConnection(connectionString), owned: null, endpointFile: null);

    public static async Task<StorageConnection> ResolveAsync(IConfiguration configuration, string contentRoot, ILogger logger, CancellationToken cancellationToken = default)
    {
        var configured = configuration.GetConnectionString(CmeConfiguration.StorageConnectionSetting)
            ?? configuration[CmeConfiguration.StorageConnectionSetting];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Configured(configured);
        }

        var dataFolder = Path.GetFullPath(Path.Combine(contentRoot, configuration["Cme:DataFolder"] ?? ".local", "azurite"));
        var endpointFile = Path.Combine(dataFolder, EndpointFileName);
        if (await RunningElsewhereAsync(endpointFile).ConfigureAwait(false) is { } running)
        {
            // Two emulators on one data folder would overwrite each other's files: share the running one.
            return new StorageConnection(running.ConnectionString, running.Description + " (started by another local process)", owned: null, endpointFile: null);
        }

        logger.LogInformation("AzureWebJobsStorage is not set: starting the embedded Azurite");
        var azurite = await EmbeddedAzurite.StartAsync(dataFolder, AzuritePorts.Defaults, logger, cancellationToken).ConfigureAwait(false);
        var endpoint = new LocalEndpoint(Environment.ProcessId, azurite.Ports.Blob, azurite.Ports.Queue, azurite.Ports.Table, azurite.ConnectionString, azurite.Description);
        await File.WriteAllTextAsync(endpointFile, JsonSerializer.Serialize(endpoint), cancellationToken).ConfigureAwait(false);
        return new StorageConnection(azurite.ConnectionString, azurite.Description, azurite, endpointFile);
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
