using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Cme.Testing;

namespace Cme.Functions.Tests;

/// <summary>
/// Ctrl-C in a terminal interrupts the whole foreground process group: the host and the embedded
/// Azurite it started get SIGINT together. Azurite must leave its stop to the host, so the host's
/// triggers never meet refused connections on their way out.
/// </summary>
public sealed partial class TerminalInterruptTests : IDisposable
{
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("cme-ctrl-c-").FullName;

    public void Dispose() => Directory.Delete(_dataFolder, recursive: true);

    [Fact]
    public async Task Ctrl_c_to_the_hosts_process_group_stops_the_host_promptly_with_exit_0_and_azurite_after_it()
    {
        var output = new ConcurrentQueue<string>();
        var start = Faults.HostProcess.BuiltHost();
        // setsid makes the host the leader of a process group of its own, as a shell makes a command
        // it runs in the foreground; Azurite, its child, joins that group.
        start.ArgumentList.Insert(0, start.FileName);
        start.FileName = "setsid";
        start.Environment["Cme__DataFolder"] = _dataFolder;
        start.Environment["AzureWebJobsStorage"] = string.Empty;
        using var host = Process.Start(start)!;
        host.OutputDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        host.ErrorDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        host.BeginOutputReadLine();
        host.BeginErrorReadLine();
        try
        {
            Assert.True(await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(90), () => output.Any(line => line.Contains("CME host started.", StringComparison.Ordinal))),
                "the host did not report start-up within 90 s:\n" + string.Join('\n', output));
            var startLine = output.First(line => line.Contains("CME host started.", StringComparison.Ordinal));
            var queuePort = int.Parse(QueuePort().Match(startLine).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

            Assert.True(Kill(-host.Id, 2) == 0, "could not send SIGINT to the host's process group");

            // Before Azurite ignored the terminal's SIGINT it closed at once, and the host spent about
            // 30 s stopping against refused connections (or ended with 134 when a queue listener polled).
            Assert.True(host.WaitForExit(15_000), "the host did not stop within 15 s of Ctrl-C:\n" + string.Join('\n', output));
            host.WaitForExit();
            Assert.True(host.ExitCode == 0, $"the host exited with {host.ExitCode} after Ctrl-C:\n" + string.Join('\n', output));
            Assert.DoesNotContain(output, line => line.Contains("Connection refused", StringComparison.Ordinal));
            Assert.True(await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(10), async () => !await Cme.Infrastructure.EmbeddedStorage.AzuritePorts.IsListeningAsync(queuePort)),
                "Azurite outlived the host");
        }
        finally
        {
            if (!host.HasExited)
            {
                host.Kill(entireProcessTree: true);
            }
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
#pragma warning disable SYSLIB1054 // one call; LibraryImport would need unsafe code enabled
    private static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054

    [GeneratedRegex(@"queue (\d+)")]
    private static partial Regex QueuePort();
}
