using System.CommandLine;

namespace Cme.LocalRunner.Benchmarks;

/// <summary>
/// The `cme-host-bench` root command: the benchmarks that run the WebJobs host, in this process
/// (`ingest`) or as its own (`host`). They live with the host so that the `cme` command needs no host.
/// </summary>
public static class HostBenchmarksCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand("CME Functions: benchmarks of the host on a private Azurite: printed figures, with the baseline each compares with.");
        root.Subcommands.Add(IngestBenchmark.Create());
        root.Subcommands.Add(HostBench.Create());
        return root;
    }
}
