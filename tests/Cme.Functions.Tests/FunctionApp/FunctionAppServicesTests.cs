using System.Reflection;
using Cme.Infrastructure.Configuration;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cme.Functions.Tests.FunctionApp;

/// <summary>The Function App's services, built as its Program builds them, give every function class what it needs.</summary>
public sealed class FunctionAppServicesTests : IDisposable
{
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("cme-worker-di-").FullName;

    public void Dispose() => Directory.Delete(_dataFolder, recursive: true);

    [Fact]
    public void Every_function_class_resolves_from_the_function_apps_services_on_its_local_settings()
    {
        // The Core Tools sample's settings (Azurite, folder mailbox and outbox, the shipped profile),
        // with the local data in a folder of the test's own.
        var settings = new Dictionary<string, string?>(CmeConfiguration.ReadLocalSettings(Path.Combine(FunctionAppBuild.ProjectFolder, "local.settings.sample.json")))
        {
            ["Cme:DataFolder"] = _dataFolder,
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        Program.AddServices(services, configuration);
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        provider.GetRequiredService<IStartupValidator>().Validate();
        var functionClasses = typeof(Program).Assembly.GetTypes()
            .Where(type => type.GetMethods().Any(method => method.GetCustomAttribute<FunctionAttribute>() is not null))
            .ToList();
        Assert.Equal(9, functionClasses.Count);
        foreach (var functionClass in functionClasses)
        {
            // As the worker's function activator makes them: constructor arguments from the services.
            Assert.NotNull(ActivatorUtilities.CreateInstance(provider, functionClass));
        }
    }

    [Fact]
    public void The_function_apps_services_with_no_settings_at_all_stop_naming_the_storage_setting()
    {
        var configuration = new ConfigurationBuilder().Build();
        var services = new ServiceCollection().AddLogging();
        Program.AddServices(services, configuration);
        using var provider = services.BuildServiceProvider();

        var problem = Assert.Throws<ConfigurationException>(() => ActivatorUtilities.CreateInstance(provider, typeof(IngestEmail)));
        Assert.Contains("AzureWebJobsStorage", problem.Message, StringComparison.Ordinal);
    }
}
