using System.Diagnostics;
using Azure.Monitor.OpenTelemetry.Exporter;
using Cme.LocalRunner.Telemetry;
using Cme.Infrastructure.Configuration;
using Cme.Infrastructure.Storage;
using Cme.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace Cme.Functions.Tests.Telemetry;

/// <summary>The real host's telemetry pipeline, with an in-memory exporter added after the product's own.</summary>
[Collection(HostCollection.Name)]
public sealed class HostTelemetryTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly string _contentRoot = Directory.CreateTempSubdirectory("cme-telemetry-").FullName;
    private readonly List<Activity> _spans = [];
    private readonly List<LogRecord> _logs = [];
    private readonly string _echoQueue = AzuriteFixture.UniqueName("echo");
    private IHost? _host;

    public async Task InitializeAsync()
    {
        var root = RepositoryLayout.FindRepositoryRoot()!;
        File.Copy(Path.Combine(root, "host.json"), Path.Combine(_contentRoot, "host.json"));
        var configuration = new ConfigurationBuilder()
            .AddCmeSources(_contentRoot)
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Probe:EchoQueue"] = _echoQueue,
                ["Probe:FailingQueue"] = AzuriteFixture.UniqueName("fails"),
                ["AzureWebJobs:HostId"] = AzuriteFixture.UniqueName("telemetry"),
                // Application Insights chosen, pointed at a port nothing listens on: the pipeline is
                // built as in Azure, and what it would send is read from the in-memory exporter.
                ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/",
            })
            .Build();
        _host = CmeFunctionHost.CreateHostBuilder(new CmeHostSetup
        {
            ContentRoot = _contentRoot,
            Configuration = configuration,
            Storage = StorageConnection.Configured(azurite.ConnectionString),
            FunctionTypes = [typeof(ProbeFunctions)],
            ConfigureServices = services => services.AddSingleton(new InvocationLog()),
            ConfigureTelemetry = telemetry =>
            {
                telemetry
                    .WithTracing(tracing => tracing.AddInMemoryExporter(_spans))
                    .WithLogging(logging => logging.AddInMemoryExporter(_logs));
                // Nothing listens at the ingestion endpoint: keep what could not be sent off the disk.
                telemetry.Services.Configure<AzureMonitorExporterOptions>(options =>
                {
                    options.DisableOfflineStorage = true;
                    options.EnableLiveMetrics = false;
                });
            },
        }).Build();
        await azurite.Queue(_echoQueue).CreateIfNotExistsAsync();
        await _host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }

        Directory.Delete(_contentRoot, recursive: true);
    }

    [Fact]
    public async Task Each_function_invocation_is_a_span_named_after_the_function_kept_by_the_sampler_and_the_host_logs_are_exported()
    {
        await azurite.Queue(_echoQueue).SendMessageAsync("a referral about a child at AB1 2CD");

        Assert.True(await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(45), () => Spans().Any(span => span.DisplayName == "ProbeEcho")), $"no span for the function invocation (it ran {_host!.Services.GetRequiredService<InvocationLog>().Count("echo")} time(s)); spans: {string.Join(", ", Spans().Select(s => s.Source.Name + "/" + s.DisplayName))}");
        var span = Spans().First(span => span.DisplayName == "ProbeEcho");
        Assert.Equal(ActivityKind.Consumer, span.Kind);
        Assert.Equal("pubsub", span.GetTagItem("faas.trigger"));
        Assert.NotNull(span.GetTagItem("faas.invocation_id"));
        // Nothing of the message travels on the span.
        Assert.DoesNotContain(span.TagObjects, tag => tag.Value?.ToString()?.Contains("AB1 2CD", StringComparison.Ordinal) == true);

        lock (_logs)
        {
            Assert.Contains(_logs, log => log.FormattedMessage?.StartsWith("CME host started.", StringComparison.Ordinal) == true);
        }
    }

    private List<Activity> Spans()
    {
        lock (_spans)
        {
            return [.. _spans];
        }
    }
}
