using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Cme.Infrastructure.Configuration;

namespace Cme.Infrastructure.Tests.Deployment;

/// <summary>
/// infra/ through the real Bicep compiler and linter (the Bicep CLI from its NuGet package): every
/// template compiles and lints with no diagnostic, and each authority's parameters file builds into deployment
/// parameters that hold no secret when none is given in the environment.
/// </summary>
public sealed class BicepCompilerTests
{
    private static readonly string Infra = Path.Combine(RepositoryLayout.FindRepositoryRoot()!, "infra");

    [Fact]
    public async Task Templates_CompileAndLintWithoutADiagnostic()
    {
        // Lint compiles each file (main.bicep with its modules) and adds the linter's rules.
        var lint = await BicepCli.RunAsync("lint", "--pattern", Path.Combine(Infra, "**", "*.bicep"));

        Assert.True(lint.ExitCode == 0 && string.IsNullOrWhiteSpace(lint.Output + lint.Error), $"bicep lint infra/:\n{lint.Output}{lint.Error}");
    }

    [Fact]
    public async Task Lint_APropertyTheApiVersionDoesNotHave_IsReported()
    {
        // The check can fail: a property the registry API version does not know is a warning.
        var folder = Directory.CreateTempSubdirectory("cme-bicep-").FullName;
        try
        {
            var file = Path.Combine(folder, "registry.bicep");
            await File.WriteAllTextAsync(file, """
                resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
                  name: 'crcmetest'
                  location: 'uksouth'
                  sku: {
                    name: 'Basic'
                  }
                  properties: {
                    anonymousPullEnabled: false
                  }
                }

                """);

            var lint = await BicepCli.RunAsync("lint", file);

            Assert.Contains("BCP037", lint.Output + lint.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

/// <summary>Each authority's parameters file through the Bicep CLI (a class of its own, so it runs beside the templates' check).</summary>
public sealed class BicepParameterFileTests
{
    private static readonly string Infra = Path.Combine(RepositoryLayout.FindRepositoryRoot()!, "infra");

    [Theory]
    [InlineData("parameters/hertfordshire.bicepparam", "hertfordshire")]
    [InlineData("parameters/havering.bicepparam", "havering")]
    public async Task ParameterFile_BuildsAndCarriesNoSecretOfItsOwn(string file, string profile)
    {
        var built = await BicepCli.RunAsync("build-params", Path.Combine(Infra, file), "--stdout");

        Assert.True(built.ExitCode == 0 && string.IsNullOrWhiteSpace(built.Error), $"bicep build-params {file}:\n{built.Error}");
        using var output = JsonDocument.Parse(built.Output);
        using var parameters = JsonDocument.Parse(output.RootElement.GetProperty("parametersJson").GetString()!);
        var values = parameters.RootElement.GetProperty("parameters");
        Assert.Equal(profile, values.GetProperty("profile").GetProperty("value").GetString());
        // With no CME_SENDGRID_API_KEY or CME_GRAPH_CLIENT_SECRET in the environment, the file gives none.
        Assert.Equal(string.Empty, values.GetProperty("sendGridApiKey").GetProperty("value").GetString());
        Assert.Equal(string.Empty, values.GetProperty("graphClientSecret").GetProperty("value").GetString());
    }
}

/// <summary>The Bicep CLI from its NuGet package.</summary>
internal static class BicepCli
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] arguments)
    {
        var bicep = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "BicepPath")?.Value;
        Assert.False(string.IsNullOrEmpty(bicep), "The Bicep CLI package is referenced for linux-x64 only; on another platform run 'bicep build infra/main.bicep' and 'bicep lint' by hand.");
        bicep = Path.GetFullPath(bicep.Replace('\\', '/'));
        // A package does not always keep the executable bit.
        if (!OperatingSystem.IsWindows() && !File.GetUnixFileMode(bicep).HasFlag(UnixFileMode.UserExecute))
        {
            File.SetUnixFileMode(bicep, File.GetUnixFileMode(bicep) | UnixFileMode.UserExecute);
        }

        var start = new ProcessStartInfo(bicep) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Secrets come from these when a council deploys; here there are none.
        foreach (var variable in new[] { "CME_SENDGRID_API_KEY", "CME_GRAPH_CLIENT_SECRET", "CME_CHILD_INDEX_KEY" })
        {
            start.Environment.Remove(variable);
        }

        start.Environment["BICEP_TRACING_ENABLED"] = "false";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
