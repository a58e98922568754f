using System.Text.Json.Nodes;
using Cme.Infrastructure.Configuration;
using Cme.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Cme.Functions.Tests;

/// <summary>
/// Runs the real host in-process on the shared Azurite with the probe functions and a host.json
/// written for the test: the repository's own host.json with the test's changes applied.
/// </summary>
public sealed class ProbeHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly string _contentRoot;

    private ProbeHost(IHost host, string contentRoot, InvocationLog log, string echoQueue, string failingQueue)
    {
        _host = host;
        _contentRoot = contentRoot;
        Log = log;
        EchoQueue = echoQueue;
        FailingQueue = failingQueue;
    }

    public InvocationLog Log { get; }

    public string EchoQueue { get; }

    public string FailingQueue { get; }

    public static async Task<ProbeHost> StartAsync(AzuriteFixture azurite, Action<JsonObject>? editHostJson = null, params Type[] functionTypes)
    {
        var repositoryRoot = RepositoryLayout.FindRepositoryRoot() ?? throw new InvalidOperationException("Tests run from a clone of the repository.");
        var hostJson = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(repositoryRoot, "host.json")))!.AsObject();
        editHostJson?.Invoke(hostJson);

        var contentRoot = Directory.CreateTempSubdirectory("cme-host-").FullName;
        await File.WriteAllTextAsync(Path.Combine(contentRoot, "host.json"), hostJson.ToJsonString());

        var echoQueue = AzuriteFixture.UniqueName("echo");
        var failingQueue = AzuriteFixture.UniqueName("fails");
        var configuration = new ConfigurationBuilder()
            .AddCmeSources(contentRoot)
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Probe:EchoQueue"] = echoQueue,
                ["Probe:FailingQueue"] = failingQueue,
                // Each test host is a separate app as far as timer locks and schedules go.
                ["AzureWebJobs:HostId"] = AzuriteFixture.UniqueName("host"),
            })
            .Build();

        var log = new InvocationLog();
        var host = CmeFunctionHost.CreateHostBuilder(new CmeHostSetup
        {
            ContentRoot = contentRoot,
            Configuration = configuration,
            Storage = Cme.Infrastructure.Storage.StorageConnection.Configured(azurite.ConnectionString),
            FunctionTypes = functionTypes.Length > 0 ? functionTypes : [typeof(ProbeFunctions)],
            ConfigureServices = services => services.AddSingleton(log),
        }).Build();

        await azurite.Queue(echoQueue).CreateIfNotExistsAsync();
        await azurite.Queue(failingQueue).CreateIfNotExistsAsync();
        await host.StartAsync();
        return new ProbeHost(host, contentRoot, log, echoQueue, failingQueue);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        Directory.Delete(_contentRoot, recursive: true);
    }
}
