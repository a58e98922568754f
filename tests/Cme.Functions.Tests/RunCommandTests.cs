using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Cme.Infrastructure.Configuration;

namespace Cme.Functions.Tests;

/// <summary>
/// The README's run command as a person uses it: the built host started as its own process on its
/// embedded defaults, then stopped with Ctrl-C (SIGINT).
/// </summary>
public sealed partial class RunCommandTests : IDisposable
{
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("cme-run-").FullName;

    public void Dispose() => Directory.Delete(_dataFolder, recursive: true);

    [Fact]
    public async Task The_host_starts_on_embedded_storage_says_what_it_uses_and_stops_on_ctrl_c_taking_azurite_with_it()
    {
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var host = StartHost(output);
        try
        {
            var started = await WaitForAsync(output, "CME host started.", TimeSpan.FromSeconds(60));
            Assert.True(started, "the host did not report start-up within 60 s:\n" + string.Join('\n', output));

            var startLine = output.First(line => line.Contains("CME host started.", StringComparison.Ordinal));
            Assert.Contains("Storage: embedded Azurite on 127.0.0.1", startLine, StringComparison.Ordinal);
            Assert.Contains("Mailbox: local folder", startLine, StringComparison.Ordinal);
            Assert.Contains("Profile: hertfordshire", startLine, StringComparison.Ordinal);
            var queuePort = int.Parse(QueuePort().Match(startLine).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(await Cme.Infrastructure.EmbeddedStorage.AzuritePorts.IsListeningAsync(queuePort));

            Assert.True(Interrupt(host.Id), "could not send SIGINT");
            Assert.True(host.WaitForExit(30_000), "the host did not stop within 30 s of Ctrl-C");

            host.WaitForExit();
            Assert.True(host.ExitCode == 0, $"the host exited with {host.ExitCode} after Ctrl-C. Its output:\n" + string.Join('\n', output));
            Assert.True(await NotListeningWithinAsync(queuePort, TimeSpan.FromSeconds(10)), "Azurite outlived the host");
        }
        finally
        {
            if (!host.HasExited)
            {
                host.Kill(entireProcessTree: true);
            }
        }
    }

    private Process StartHost(System.Collections.Concurrent.ConcurrentQueue<string> output)
    {
        var start = Faults.HostProcess.BuiltHost();
        // Its own data folder, so it neither shares nor disturbs a developer's running host.
        start.Environment["Cme__DataFolder"] = _dataFolder;
        start.Environment["AzureWebJobsStorage"] = string.Empty;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<bool> WaitForAsync(System.Collections.Concurrent.ConcurrentQueue<string> output, string text, TimeSpan bound)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < bound)
        {
            if (output.Any(line => line.Contains(text, StringComparison.Ordinal)))
            {
                return true;
            }

            await Task.Delay(200);
        }

        return false;
    }

    private static async Task<bool> NotListeningWithinAsync(int port, TimeSpan bound)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < bound)
        {
            if (!await Cme.Infrastructure.EmbeddedStorage.AzuritePorts.IsListeningAsync(port))
            {
                return true;
            }

            await Task.Delay(200);
        }

        return false;
    }


    private static bool Interrupt(int processId) => Kill(processId, 2) == 0;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
#pragma warning disable SYSLIB1054 // one call; LibraryImport would need unsafe code enabled
    private static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054

    [GeneratedRegex(@"queue (\d+)")]
    private static partial Regex QueuePort();
}
