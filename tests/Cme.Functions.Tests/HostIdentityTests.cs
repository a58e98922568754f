using Cme.Infrastructure.Configuration;
using Cme.Infrastructure.Storage;
using Microsoft.Azure.WebJobs.Host.Executors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Cme.Functions.Tests;

/// <summary>AzureWebJobs__HostId keys the timers' locks: replicas of one deployment share it, other deployments must not.</summary>
public sealed class HostIdentityTests : IDisposable
{
    private readonly string _contentRoot = Directory.CreateTempSubdirectory("cme-hostid-").FullName;

    public HostIdentityTests() => File.Copy(Path.Combine(RepositoryLayout.FindRepositoryRoot()!, "host.json"), Path.Combine(_contentRoot, "host.json"));

    public void Dispose() => Directory.Delete(_contentRoot, recursive: true);

    [Fact]
    public async Task The_host_id_setting_is_the_id_the_webjobs_host_keys_its_timer_locks_by()
    {
        using var first = Build("cme-hertfordshire");
        using var second = Build("cme-havering");

        Assert.Equal("cme-hertfordshire", await first.Services.GetRequiredService<IHostIdProvider>().GetHostIdAsync(CancellationToken.None));
        Assert.Equal("cme-havering", await second.Services.GetRequiredService<IHostIdProvider>().GetHostIdAsync(CancellationToken.None));
    }

    [Fact]
    public void A_host_id_the_storage_lock_names_cannot_hold_is_refused_naming_the_setting()
    {
        var refusal = Assert.Throws<ConfigurationException>(() => Build("CME_Hertfordshire"));
        Assert.Contains("AzureWebJobs:HostId 'CME_Hertfordshire'", refusal.Message, StringComparison.Ordinal);
    }

    private IHost Build(string hostId) => CmeFunctionHost.CreateHostBuilder(new CmeHostSetup
    {
        ContentRoot = _contentRoot,
        Configuration = new ConfigurationBuilder()
            .AddCmeSources(_contentRoot)
            .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobs:HostId"] = hostId })
            .Build(),
        Storage = StorageConnection.Configured("UseDevelopmentStorage=true"),
        FunctionTypes = FunctionCatalog.All,
    }).Build();
}
