using Cme.Infrastructure;
using Cme.Infrastructure.Configuration;
using Cme.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cme.Cli;

/// <summary>
/// The product's services for a command that reads or changes the store: the same settings as
/// the host (host.json, local.settings.json, environment) and the same storage — the configured
/// account, the running local host's Azurite, or an embedded one for the command's lifetime.
/// </summary>
public sealed class CliServices : IAsyncDisposable
{
    private readonly StorageConnection _storage;
    private readonly ServiceProvider _provider;

    private CliServices(StorageConnection storage, ServiceProvider provider)
    {
        _storage = storage;
        _provider = provider;
    }

    public IServiceProvider Provider => _provider;

    public string StorageDescription => _storage.Description;

    public T Get<T>() where T : notnull => _provider.GetRequiredService<T>();

    public static async Task<CliServices> OpenAsync(CancellationToken cancellationToken, Action<IServiceCollection>? configure = null, string? profile = null)
    {
        var contentRoot = RepositoryLayout.FindContentRoot();
        var configuration = new ConfigurationBuilder()
            .AddCmeSources(contentRoot)
            .AddInMemoryCollection(profile is null ? [] : new Dictionary<string, string?> { ["Cme:Profile"] = profile })
            .Build();
        var storage = await StorageConnection.ResolveAsync(configuration, contentRoot, NullLogger.Instance, cancellationToken).ConfigureAwait(false);
        var withStorage = new ConfigurationBuilder()
            .AddConfiguration(configuration)
            .AddInMemoryCollection(new Dictionary<string, string?> { [CmeConfiguration.StorageConnectionSetting] = storage.ConnectionString })
            .Build();

        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(withStorage);
        services.AddCmeStorage(storage);
        services.AddCme(withStorage, contentRoot);
        configure?.Invoke(services);
        return new CliServices(storage, services.BuildServiceProvider());
    }

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync().ConfigureAwait(false);
        await _storage.DisposeAsync().ConfigureAwait(false);
    }
}
