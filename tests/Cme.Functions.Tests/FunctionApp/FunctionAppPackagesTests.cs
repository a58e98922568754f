using System.Text.Json;

namespace Cme.Functions.Tests.FunctionApp;

/// <summary>The Function App carries the current storage SDKs only; the legacy ones stay with the local runner's WebJobs SDK.</summary>
public sealed class FunctionAppPackagesTests
{
    private static readonly string[] LegacyStorage = ["Microsoft.Azure.Storage.", "Microsoft.Azure.Cosmos.Table", "WindowsAzure.Storage", "Microsoft.Azure.WebJobs"];

    [Fact]
    public void The_function_apps_dependencies_hold_no_legacy_storage_sdk_and_no_webjobs_sdk()
    {
        var app = Libraries(Path.Combine(FunctionAppBuild.OutputFolder, "Cme.Functions.deps.json"));
        var runner = Libraries(Path.Combine(AppContext.BaseDirectory, "Cme.LocalRunner.deps.json"));

        Assert.Contains(app, library => library.StartsWith("Azure.Storage.Queues/", StringComparison.Ordinal));
        Assert.DoesNotContain(app, library => LegacyStorage.Any(prefix => library.StartsWith(prefix, StringComparison.Ordinal)));
        // The check can see them: the local runner's graph has them.
        Assert.Contains(runner, library => library.StartsWith("Microsoft.Azure.Cosmos.Table/", StringComparison.Ordinal));
        Assert.Contains(runner, library => library.StartsWith("Microsoft.Azure.Storage.Blob/", StringComparison.Ordinal));
    }

    private static List<string> Libraries(string depsJson)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(depsJson));
        return document.RootElement.GetProperty("libraries").EnumerateObject().Select(library => library.Name).ToList();
    }
}
