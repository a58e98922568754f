using Cme.Infrastructure.Configuration;
using Cme.Infrastructure.EmbeddedStorage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Cme.Functions;

/// <summary>
/// The storage the host runs on: the account named by <c>AzureWebJobsStorage</c>, or, when that is
/// empty, the embedded Azurite, which lives exactly as long as this object.
/// </summary>
public sealed class HostStorage : IAsyncDisposable
{
    private readonly EmbeddedAzurite? _embedded;

    private HostStorage(string connectionString, string description, EmbeddedAzurite? embedded)
    {
        ConnectionString = connectionString;
        Description = description;
        _embedded = embedded;
    }

    public string ConnectionString { get; }

    /// <summary>Where the data is, for the start-up log; never contains the account key.</summary>
    public string Description { get; }

    public static HostStorage Configured(string connectionString) =>
        new(connectionString, DescribeConnection(connectionString), embedded: null);

    public static HostStorage Embedded(EmbeddedAzurite azurite) =>
        new(azurite.ConnectionString, azurite.Description, azurite);

    public static async Task<HostStorage> ResolveAsync(IConfiguration configuration, string contentRoot, ILogger logger)
    {
        var configured = configuration.GetConnectionString(CmeConfiguration.StorageConnectionSetting)
            ?? configuration[CmeConfiguration.StorageConnectionSetting];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Configured(configured);
        }

        var dataFolder = Path.GetFullPath(Path.Combine(contentRoot, configuration["Cme:DataFolder"] ?? ".local", "azurite"));
        logger.LogInformation("AzureWebJobsStorage is not set: starting the embedded Azurite");
        var azurite = await EmbeddedAzurite.StartAsync(dataFolder, AzuritePorts.Defaults, logger).ConfigureAwait(false);
        return Embedded(azurite);
    }

    public ValueTask DisposeAsync() => _embedded?.DisposeAsync() ?? ValueTask.CompletedTask;

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
}
