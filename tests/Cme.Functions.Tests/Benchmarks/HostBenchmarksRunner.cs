using System.CommandLine;
using Cme.LocalRunner.Benchmarks;

namespace Cme.Functions.Tests.Benchmarks;

/// <summary>Runs the `cme-host-bench` command in-process, capturing what it writes, as a shell would see it.</summary>
public static class HostBenchmarksRunner
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await HostBenchmarksCommand.Create().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }
}
