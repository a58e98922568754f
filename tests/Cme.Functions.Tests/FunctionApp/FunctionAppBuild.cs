using System.Reflection;
using Cme.Infrastructure.Configuration;

namespace Cme.Functions.Tests.FunctionApp;

/// <summary>Where the Function App's project and build output are, beside the tests' own build.</summary>
internal static class FunctionAppBuild
{
    public static string ProjectFolder { get; } = Path.Combine(
        RepositoryLayout.FindRepositoryRoot() ?? throw new InvalidOperationException("Tests run from a clone of the repository."),
        "functions",
        "Cme.Functions");

    /// <summary>The worker's output for the configuration these tests were built in (the test project references it, so it is built first).</summary>
    public static string OutputFolder { get; } = Path.Combine(
        ProjectFolder,
        "bin",
        typeof(FunctionAppBuild).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration,
        "net10.0");

    public static string FunctionsMetadata => File.ReadAllText(Path.Combine(OutputFolder, "functions.metadata"));
}
