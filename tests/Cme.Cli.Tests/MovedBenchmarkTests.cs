using System.Text.RegularExpressions;

namespace Cme.Cli.Tests;

/// <summary>`cme bench ingest` and `cme bench host` run the host, so they moved to `cme-host-bench`; the old names say where.</summary>
public sealed class MovedBenchmarkTests
{
    [Theory]
    // Each as someone's notes would have it, options included: the options are passed on, not refused.
    [InlineData(new[] { "bench", "ingest", "--emails", "2000" }, "dotnet run -c Release --project functions/Cme.LocalRunner.Benchmarks -- ingest --emails 2000")]
    [InlineData(new[] { "bench", "host", "--emails", "50", "--settle", "5" }, "dotnet run -c Release --project functions/Cme.LocalRunner.Benchmarks -- host --emails 50 --settle 5")]
    // Without options.
    [InlineData(new[] { "bench", "ingest" }, "dotnet run -c Release --project functions/Cme.LocalRunner.Benchmarks -- ingest")]
    public async Task A_host_benchmark_under_cme_bench_exits_2_naming_the_command_it_moved_to(string[] args, string newCommand)
    {
        var (exitCode, output, error) = await CliRunner.RunAsync(args);

        Assert.Equal(2, exitCode);
        Assert.Contains(newCommand, error, StringComparison.Ordinal);
        Assert.Contains("runs the host, so it lives with it now", error, StringComparison.Ordinal);
        // Said, not run: nothing measured.
        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public async Task Cme_bench_help_lists_only_the_benchmarks_it_runs()
    {
        var (exitCode, output, _) = await CliRunner.RunAsync("bench", "--help");

        Assert.Equal(0, exitCode);
        // Help lists each subcommand on a line of its own, indented, name first.
        Assert.Matches(new Regex(@"^\s+sweep\b", RegexOptions.Multiline), output);
        Assert.Matches(new Regex(@"^\s+parse\b", RegexOptions.Multiline), output);
        Assert.DoesNotMatch(new Regex(@"^\s+(ingest|host)\b", RegexOptions.Multiline), output);
    }
}
