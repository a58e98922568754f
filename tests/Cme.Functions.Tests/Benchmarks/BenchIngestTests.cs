using System.Globalization;
using System.Text.RegularExpressions;

namespace Cme.Functions.Tests.Benchmarks;

/// <summary>`cme-host-bench ingest`'s contract: the figures it prints, by name. Not a timed test: no figure is held to a goal.</summary>
public sealed partial class BenchIngestTests
{
    [Fact]
    public async Task Bench_ingest_prints_the_baseline_the_pipeline_rate_their_ratio_and_the_round_trips_it_counted()
    {
        var (exitCode, output, error) = await HostBenchmarksRunner.RunAsync("ingest", "--emails", "20");

        Assert.True(exitCode == 0, output + error);
        var figures = Figure().Matches(output).ToDictionary(m => m.Groups["name"].Value, m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));
        Assert.True(figures["baseline_per_s"] > 0, output);
        Assert.True(figures["pipeline_emails_per_s"] > 0, output);
        Assert.Equal(figures["pipeline_emails_per_s"] / figures["baseline_per_s"], figures["ratio"], 0.01);
        // Counted, so at least what each path cannot do without: the baseline's send, receive,
        // insert and delete; the pipeline's poll send, trigger delete and acknowledgement send.
        Assert.True(figures["baseline_roundtrips_per_message"] >= 4, output);
        Assert.True(figures["storage_roundtrips_per_email"] >= 3, output);
        // The trigger's own deletes go through the WebJobs SDK's queue client: counted too.
        Assert.True(Regex.IsMatch(output, @"roundtrips_per_email_by_request .*queue_DELETE=[1-9]"), output);
    }

    [GeneratedRegex(@"^(?<name>[a-z_]+)=(?<value>[0-9]+(\.[0-9]+)?)", RegexOptions.Multiline)]
    private static partial Regex Figure();
}
