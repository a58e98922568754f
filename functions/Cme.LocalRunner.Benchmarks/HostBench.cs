using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Cme.Infrastructure.EmbeddedStorage;

namespace Cme.LocalRunner.Benchmarks;

/// <summary>
/// `cme-host-bench host`: the built host as its own process, as it runs in Azure (storage it did not
/// start): how long until it says it has started, and its memory once it has read a mailbox's
/// worth of email and gone quiet.
/// </summary>
public static class HostBench
{
    private const string StartedLine = "CME host started.";

    public static Command Create()
    {
        var emails = new Option<int>("--emails") { Description = "Invented referrals (each a different child) dropped into the folder mailbox after start-up (default 200).", DefaultValueFactory = _ => 200 };
        var settle = new Option<int>("--settle") { Description = "Seconds of quiet after the last email before memory is read (default 15).", DefaultValueFactory = _ => 15 };
        var host = new Command("host", "Start-up time of the host process and its memory at steady state after ingesting --emails emails.") { emails, settle };
        host.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var hostDll = Path.Combine(AppContext.BaseDirectory, "Cme.LocalRunner.dll");
            if (!File.Exists(hostDll))
            {
                error.WriteLine($"Needs the host beside this command ({hostDll}): build it with `dotnet build functions/Cme.LocalRunner.Benchmarks -c Release`.");
                return 2;
            }

            if (!OperatingSystem.IsLinux())
            {
                error.WriteLine("Reads the host's memory from /proc: Linux only.");
                return 2;
            }

            var count = Math.Max(1, parseResult.GetValue(emails));
            var data = Directory.CreateTempSubdirectory("cme-bench-host-").FullName;
            try
            {
                await using var azurite = await EmbeddedAzurite.StartAsync(Path.Combine(data, "azurite"), cancellationToken: cancellationToken);
                var lines = new ConcurrentQueue<string>();
                var clock = Stopwatch.StartNew();
                using var process = StartHost(hostDll, azurite.ConnectionString, data, lines);
                try
                {
                    if (!await WaitAsync(() => lines.Any(l => l.Contains(StartedLine, StringComparison.Ordinal)) || process.HasExited, TimeSpan.FromMinutes(2), cancellationToken) || process.HasExited)
                    {
                        error.WriteLine("The host did not start. Its output:\n" + string.Join('\n', lines));
                        return 1;
                    }

                    var startup = clock.Elapsed;
                    var atStart = Memory.Of(process.Id);
                    var inbox = Path.Combine(data, "mailbox", "inbox");
                    Directory.CreateDirectory(inbox);
                    for (var i = 0; i < count; i++)
                    {
                        var target = Path.Combine(inbox, $"bench-{i:00000}.eml");
                        await File.WriteAllBytesAsync(target, InventedReferrals.Create(i, "cme@example.org", DateTimeOffset.UtcNow), cancellationToken);
                        // The folder mailbox leaves a file alone until it has stopped changing.
                        File.SetLastWriteTimeUtc(target, DateTime.UtcNow.AddMinutes(-1));
                    }

                    var processed = Path.Combine(data, "mailbox", "processed");
                    var failed = Path.Combine(data, "mailbox", "failed");
                    int Emails(string folder) => Directory.Exists(folder) ? Directory.GetFiles(folder, "*.eml").Length : 0;
                    var ingest = Stopwatch.StartNew();
                    if (!await WaitAsync(() => Emails(processed) + Emails(failed) >= count, TimeSpan.FromMinutes(10), cancellationToken))
                    {
                        error.WriteLine($"Only {Emails(processed)} of {count} emails were processed within 10 minutes ({Emails(failed)} failed).");
                        return 1;
                    }

                    if (Emails(failed) > 0)
                    {
                        error.WriteLine($"{Emails(failed)} of {count} emails failed every attempt (see failed/*.reason.txt); the figures below are not a clean run.");
                        return 1;
                    }

                    var ingestSeconds = ingest.Elapsed.TotalSeconds;
                    await Task.Delay(TimeSpan.FromSeconds(Math.Max(0, parseResult.GetValue(settle))), cancellationToken);
                    var steady = Memory.Of(process.Id);
                    output.WriteLine($"startup_seconds={startup.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} (process start to \"{StartedLine}\", storage already running)");
                    output.WriteLine($"rss_after_startup_mb={atStart.RssMb.ToString("0", CultureInfo.InvariantCulture)}");
                    output.WriteLine($"emails={count} ingest_seconds={ingestSeconds.ToString("0.0", CultureInfo.InvariantCulture)} (dropped in the inbox to all in processed/, polled every 5 s)");
                    output.WriteLine($"rss_steady_mb={steady.RssMb.ToString("0", CultureInfo.InvariantCulture)} peak_rss_mb={steady.PeakRssMb.ToString("0", CultureInfo.InvariantCulture)} (the host process alone; Azurite is not part of a deployment)");
                    return 0;
                }
                finally
                {
                    await StopAsync(process);
                }
            }
            finally
            {
                Directory.Delete(data, recursive: true);
            }
        });
        return host;
    }

    private static Process StartHost(string hostDll, string connectionString, string data, ConcurrentQueue<string> lines)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = data,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(hostDll);
        start.Environment["AzureWebJobsStorage"] = connectionString;
        start.Environment["Cme__DataFolder"] = data;
        // Poll every 5 s so the measured ingestion is the host's own work, not a wait for the minute's poll.
        start.Environment["Cme__Schedules__MailboxPoll"] = "*/5 * * * * *";
        start.Environment["AzureWebJobs__HostId"] = "cme-bench-" + Guid.NewGuid().ToString("N")[..8];
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the host process.");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lines.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lines.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task StopAsync(Process process)
    {
        if (process.HasExited)
        {
            return;
        }

        _ = Interrupt(process.Id);
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
        }
    }

    private static async Task<bool> WaitAsync(Func<bool> condition, TimeSpan bound, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < bound)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(200, cancellationToken);
        }

        return condition();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private static bool Interrupt(int pid) => Kill(pid, 2) == 0;

    /// <summary>Resident memory from /proc: VmRSS now and VmHWM, the high-water mark since the process started.</summary>
    private readonly record struct Memory(double RssMb, double PeakRssMb)
    {
        public static Memory Of(int pid)
        {
            var status = File.ReadAllLines($"/proc/{pid}/status");
            return new Memory(Kilobytes(status, "VmRSS:") / 1024.0, Kilobytes(status, "VmHWM:") / 1024.0);
        }

        private static long Kilobytes(string[] status, string field) =>
            long.Parse(status.First(l => l.StartsWith(field, StringComparison.Ordinal))[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
