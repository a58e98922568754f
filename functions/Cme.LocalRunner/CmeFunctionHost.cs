using Cme.LocalRunner.Storage;
using Cme.LocalRunner.Telemetry;
using Cme.Infrastructure.Configuration;
using Cme.Infrastructure.EmbeddedStorage;
using Cme.Infrastructure.Storage;
using Microsoft.Azure.WebJobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cme.LocalRunner;

/// <summary>
/// Builds and runs the function host on the Azure WebJobs SDK: queue and timer triggers, settings
/// from host.json, local.settings.json and the environment, and the embedded Azurite when no
/// storage is configured.
/// </summary>
public static class CmeFunctionHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        using var bootstrapLogging = LoggerFactory.Create(logging => logging.AddSimpleConsole(ConfigureConsole));
        var logger = bootstrapLogging.CreateLogger("Cme.Host");
        try
        {
            var contentRoot = RepositoryLayout.FindContentRoot();
            var configuration = new ConfigurationBuilder().AddCmeSources(contentRoot, args).Build();
            ProductionSettings.Validate(configuration);
            await using var storage = await StorageConnection.ResolveAsync(configuration, contentRoot, logger).ConfigureAwait(false);

            using var host = CreateHostBuilder(new CmeHostSetup
            {
                ContentRoot = contentRoot,
                Configuration = configuration,
                Storage = storage,
                FunctionTypes = FunctionCatalog.All,
            }).Build();

            // Read before running: the exception filters below may run while the host is being disposed.
            var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            var locks = host.Services.GetRequiredService<HeldLocks>();
            try
            {
                await host.RunAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // Ctrl-C or SIGTERM while the triggers were still starting cancels their start-up:
                // that is a requested stop, not a crash.
                logger.LogInformation("The CME host was stopped while starting");
            }
            catch (InvalidOperationException exception) when (CleanStop.IsLockReleaseAfterStop(exception, stopping.IsCancellationRequested, locks))
            {
                // The WebJobs SDK disposes a timer's singleton listener after stopping its lock
                // renewal and then throws releasing it, so the lock is still held. Everything had
                // stopped; the lock's lease lapses by itself, so another replica runs the timers
                // within a lock period.
                logger.LogWarning("The CME host stopped; the WebJobs SDK could not release a timer lock on the way out (it lapses by itself)");
            }

            return 0;
        }
        catch (Exception exception) when (exception is ConfigurationException or EmbeddedStorageException or Microsoft.Extensions.Options.OptionsValidationException or Cme.Core.Profiles.ProfileInvalidException)
        {
            // Start-up problems an operator can fix: say what and how, without a stack trace.
            logger.LogCritical("The CME host cannot start: {Problem}", exception.Message);
            return 1;
        }
        catch (AggregateException exception) when (exception.InnerExceptions.All(inner => inner is Microsoft.Extensions.Options.OptionsValidationException))
        {
            // More than one settings group failed its start-up checks: each says what and how.
            logger.LogCritical("The CME host cannot start: {Problem}", string.Join("; ", exception.InnerExceptions.Select(inner => inner.Message)));
            return 1;
        }
    }

    /// <summary>The host, ready to build: used by <see cref="RunAsync"/> and by the integration tests.</summary>
    public static IHostBuilder CreateHostBuilder(CmeHostSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        return new HostBuilder()
            .UseContentRoot(setup.ContentRoot)
            .ConfigureLogging((context, logging) =>
            {
                logging.ClearProviders();
                logging.AddConfiguration(context.Configuration.GetSection("Logging"));
                logging.AddSimpleConsole(ConfigureConsole);
                setup.ConfigureLogging?.Invoke(logging);
            })
            .ConfigureWebJobs(webJobs =>
            {
                webJobs.AddAzureStorageCoreServices();
                webJobs.AddAzureStorage();
                webJobs.AddTimers();
            })
            // After ConfigureWebJobs, which adds its own environment-variable source: the settings
            // already layered (and the storage actually in use) must win over it.
            .ConfigureAppConfiguration(builder =>
            {
                builder.AddConfiguration(setup.Configuration);
                builder.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    [CmeConfiguration.StorageConnectionSetting] = setup.Storage.ConnectionString,
                });
            })
            .ConfigureServices((context, services) =>
            {
                services.AddSingleton<ITypeLocator>(new FunctionCatalog(setup.FunctionTypes));
                services.AddWebJobsStorage(setup.Storage.Endpoints);
                services.AddConfiguredHostId(context.Configuration);
                services.AddHeldLocks();
                services.AddSingleton<Microsoft.Azure.WebJobs.Host.Timers.IWebJobsExceptionHandlerFactory, StopAwareExceptionHandlerFactory>();
                services.AddCmeHost(context.Configuration, setup.ContentRoot, setup.Storage);
                services.AddCmeTelemetry(context.Configuration, setup.ConfigureTelemetry);
                setup.ConfigureServices?.Invoke(services);
            });
    }

    private static void ConfigureConsole(Microsoft.Extensions.Logging.Console.SimpleConsoleFormatterOptions options)
    {
        options.SingleLine = true;
        options.TimestampFormat = "HH:mm:ss ";
        options.UseUtcTimestamp = false;
    }
}

/// <summary>What a host is built from.</summary>
public sealed class CmeHostSetup
{
    public required string ContentRoot { get; init; }

    public required IConfiguration Configuration { get; init; }

    public required StorageConnection Storage { get; init; }

    /// <summary>The classes whose methods are functions; the product's are <see cref="FunctionCatalog.All"/>.</summary>
    public required IReadOnlyList<Type> FunctionTypes { get; init; }

    public Action<IServiceCollection>? ConfigureServices { get; init; }

    public Action<ILoggingBuilder>? ConfigureLogging { get; init; }

    /// <summary>Adds to the telemetry pipeline (a test's in-memory exporter); the product's own exporters come from settings.</summary>
    public Action<OpenTelemetry.IOpenTelemetryBuilder>? ConfigureTelemetry { get; init; }
}
