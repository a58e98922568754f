using Cme.Infrastructure.Configuration;
using Cme.Infrastructure.EmbeddedStorage;
using Cme.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cme.Infrastructure;

/// <summary>
/// The product's services on a private Azurite and private local folders, for the demo and the
/// benchmarks: they never touch the configured storage or the local service's data.
/// </summary>
public sealed class PrivateStore : IAsyncDisposable
{
    private readonly EmbeddedAzurite _azurite;
    private readonly ServiceProvider _services;
    private readonly string? _temporaryFolder;

    private PrivateStore(EmbeddedAzurite azurite, ServiceProvider services, IConfiguration configuration, string contentRoot, string? temporaryFolder)
    {
        _azurite = azurite;
        _services = services;
        Configuration = configuration;
        ContentRoot = contentRoot;
        _temporaryFolder = temporaryFolder;
    }

    public IServiceProvider Services => _services;

    /// <summary>The settings the services were built from, for a host run on the same store and folders.</summary>
    public IConfiguration Configuration { get; }

    public string ContentRoot { get; }

    public AzuritePorts Ports => _azurite.Ports;

    public string ConnectionString => _azurite.ConnectionString;

    /// <summary>Starts Azurite with its data in <paramref name="folder"/>/azurite (null: a temporary folder, deleted after); <paramref name="settings"/> are applied last.</summary>
    public static async Task<PrivateStore> StartAsync(string? folder, TimeProvider time, CancellationToken cancellationToken, string profile = "hertfordshire", bool inMemory = false, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var contentRoot = RepositoryLayout.FindContentRoot();
        var azurite = await EmbeddedAzurite.StartAsync(folder is null ? null : Path.Combine(folder, "azurite"), preferredPorts: null, cancellationToken: cancellationToken, inMemory: inMemory).ConfigureAwait(false);
        var dataFolder = folder ?? Directory.CreateTempSubdirectory("cme-private-").FullName;
        var configuration = new ConfigurationBuilder()
            .AddCmeSources(contentRoot)
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [CmeConfiguration.StorageConnectionSetting] = azurite.ConnectionString,
                ["Cme:Profile"] = profile,
                ["Cme:ProfilesPath"] = string.Empty,
                ["Cme:DataFolder"] = dataFolder,
                ["Cme:Mailbox:Source"] = "Folder",
                ["Cme:Mailbox:Folder"] = string.Empty,
                ["Cme:Outbox:Delivery"] = "Folder",
                ["Cme:Outbox:Folder"] = string.Empty,
                ["Cme:Outbox:From"] = string.Empty,
            })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(time);
        services.AddCmeLocalRun(StorageConnection.Configured(azurite.ConnectionString).Endpoints);
        services.AddCme(configuration, contentRoot);
        return new PrivateStore(azurite, services.BuildServiceProvider(), configuration, contentRoot, folder is null ? dataFolder : null);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync().ConfigureAwait(false);
        await _azurite.DisposeAsync().ConfigureAwait(false);
        if (_temporaryFolder is not null)
        {
            Directory.Delete(_temporaryFolder, recursive: true);
        }
    }
}
