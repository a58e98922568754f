using System.Collections.Concurrent;
using System.Diagnostics;
using Cme.Infrastructure.Configuration;
using Cme.Testing;

namespace Cme.Functions.Tests.Faults;

/// <summary>
/// The built host (<c>dotnet Cme.LocalRunner.dll</c>) as its own process, as it runs in a container:
/// on a given storage account and data folder (mailbox and outbox), with the mailbox polled every
/// two seconds so a test does not wait on the production minute.
/// </summary>
internal sealed class HostProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private HostProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) { _output.Enqueue(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { _output.Enqueue(e.Data); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the host has written so far, for a failing assertion's message.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>How the tests start the built host: <c>dotnet Cme.LocalRunner.dll</c> from the repository root, its output redirected.</summary>
    public static ProcessStartInfo BuiltHost()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryLayout.FindRepositoryRoot()!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Cme.LocalRunner.dll"));
        return start;
    }

    public static HostProcess Start(string storageConnectionString, string dataFolder, string hostId)
    {
        var start = BuiltHost();
        start.Environment["AzureWebJobsStorage"] = storageConnectionString;
        start.Environment["AzureWebJobs__HostId"] = hostId;
        start.Environment["Cme__DataFolder"] = dataFolder;
        start.Environment["Cme__Profile"] = "hertfordshire";
        start.Environment["Cme__Schedules__MailboxPoll"] = "*/2 * * * * *";
        start.Environment["AzureWebJobs__extensions__queues__maxPollingInterval"] = "00:00:01";

        // A claimed email left hidden in the queue by a dead host or a lost storage response is
        // otherwise handed over again after 15 minutes (and the queue shows it again after 10):
        // 20 s lets a test see the recovery, and the extra copies it makes must change nothing.
        start.Environment["Cme__Mailbox__RequeueAfter"] = "00:00:20";

        // The timers' lock (one replica runs them) is a blob lease: a killed host's lapses after
        // the lock period, and a waiting host looks again every recovery interval (by default 1 min each; 15 s is the least either may be).
        start.Environment["AzureWebJobs__Singleton__ListenerLockPeriod"] = "00:00:15";
        start.Environment["AzureWebJobs__Singleton__ListenerLockRecoveryPollingInterval"] = "00:00:15";
        return new HostProcess(Process.Start(start)!);
    }

    public async Task<bool> WaitForOutputAsync(string text, TimeSpan bound) =>
        await Eventually.TrueWithinAsync(bound, () => _output.Any(line => line.Contains(text, StringComparison.Ordinal)));

    /// <summary>SIGKILL: no shutdown, no flushing, messages left mid-processing; as a crashed or evicted container.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    /// <summary>Ctrl-C, then the exit code (or null if it did not stop within the bound).</summary>
    public async Task<int?> InterruptAsync(TimeSpan bound)
    {
        if (!_process.HasExited)
        {
            _ = Interrupt(_process.Id);
        }

        using var timeout = new CancellationTokenSource(bound);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }

    private static bool Interrupt(int processId) => Kill(processId, 2) == 0;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
#pragma warning disable SYSLIB1054 // one call; LibraryImport would need unsafe code enabled
    private static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}
