using System.Globalization;
using System.Text.RegularExpressions;

namespace Cme.Functions.Tests.Benchmarks;

/// <summary>The contract of `cme-host-bench host`: the figures the README quotes, printed by name. Not a timed test.</summary>
public sealed class HostBenchTests
{
    [Fact]
    public async Task Bench_host_starts_the_real_host_reads_every_email_and_prints_start_up_time_and_memory()
    {
        var (exitCode, output, error) = await HostBenchmarksRunner.RunAsync("host", "--emails", "5", "--settle", "0");

        Assert.True(exitCode == 0, $"exit {exitCode}: {error}\n{output}");
        Assert.InRange(Figure(output, "startup_seconds"), 0.01, 120);
        Assert.Contains("emails=5 ", output, StringComparison.Ordinal);
        var steady = Figure(output, "rss_steady_mb");
        var peak = Figure(output, "peak_rss_mb");
        // A .NET host cannot run in under 10 MB; the high-water mark is never below the current figure.
        Assert.True(steady > 10, output);
        Assert.True(peak >= steady, output);
    }

    private static double Figure(string output, string name)
    {
        var match = Regex.Match(output, $@"\b{name}=([0-9.]+)");
        Assert.True(match.Success, $"{name} is missing from:\n{output}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }
}
