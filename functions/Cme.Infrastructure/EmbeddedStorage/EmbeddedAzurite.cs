using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Cme.Infrastructure.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cme.Infrastructure.EmbeddedStorage;

/// <summary>
/// The embedded local storage: the Azurite emulator (the npm package pinned in
/// tools/azurite/package-lock.json), installed on first use, listening on 127.0.0.1 only, with
/// telemetry off, and stopped when its owner is disposed or dies.
/// </summary>
public sealed class EmbeddedAzurite : IAsyncDisposable
{
    // Azurite's published development account; it only ever exists on loopback.
    private const string AccountName = "devstoreaccount1";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);

    private readonly string _toolFolder;
    private readonly bool _inMemory;
    private readonly System.Text.StringBuilder _output = new();
    private Process _process;

    // Services this process said it is listening on (Azurite prints one line for each of blob, queue and
    // table once bound). Ports answering prove only that something listens: another Azurite that took
    // the ports first answers too, while this one exits with EADDRINUSE.
    private int _servicesListening;
    private readonly string? _temporaryDataFolder;
    private int _disposed;

    private EmbeddedAzurite(string toolFolder, AzuritePorts ports, string dataFolder, string? temporaryDataFolder, AzuriteSecurity? security, bool inMemory)
    {
        _toolFolder = toolFolder;
        Ports = ports;
        DataFolder = dataFolder;
        _temporaryDataFolder = temporaryDataFolder;
        Security = security;
        _inMemory = inMemory;
        _process = Launch();
    }

    public AzuritePorts Ports { get; }

    public string DataFolder { get; }

    /// <summary>HTTPS and bearer tokens, when Azurite was started with them; null for plain HTTP.</summary>
    public AzuriteSecurity? Security { get; }

    private string Scheme => Security is null ? "http" : "https";

    public string ConnectionString =>
        $"DefaultEndpointsProtocol={Scheme};AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint={BlobServiceUri};QueueEndpoint={QueueServiceUri};TableEndpoint={TableServiceUri};";

    public Uri BlobServiceUri => new($"{Scheme}://127.0.0.1:{Ports.Blob}/{AccountName}");

    public Uri QueueServiceUri => new($"{Scheme}://127.0.0.1:{Ports.Queue}/{AccountName}");

    public Uri TableServiceUri => new($"{Scheme}://127.0.0.1:{Ports.Table}/{AccountName}");

    public string Description =>
        $"embedded Azurite on 127.0.0.1 ({(Security is null ? "" : "HTTPS with bearer tokens, ")}blob {Ports.Blob}, queue {Ports.Queue}, table {Ports.Table}), data in {DataFolder}";

    /// <summary>
    /// Starts Azurite. With a data folder the data persists across runs (the local service);
    /// without one a temporary folder is used and deleted on dispose (tests). Preferred ports are
    /// used when free, otherwise free ports are chosen. With <paramref name="security"/> Azurite
    /// serves HTTPS and accepts bearer tokens, as a storage account does for a managed identity.
    /// <paramref name="inMemory"/> keeps nothing on disk (benchmarks).
    /// </summary>
    public static async Task<EmbeddedAzurite> StartAsync(
        string? dataFolder = null,
        AzuritePorts? preferredPorts = null,
        ILogger? logger = null,
        AzuriteSecurity? security = null,
        CancellationToken cancellationToken = default,
        bool inMemory = false)
    {
        logger ??= NullLogger.Instance;
        var toolFolder = FindToolFolder();
        await EnsureInstalledAsync(toolFolder, logger, cancellationToken).ConfigureAwait(false);

        string? temporary = null;
        if (dataFolder is null)
        {
            temporary = Directory.CreateTempSubdirectory("cme-azurite-").FullName;
            dataFolder = temporary;
        }

        Directory.CreateDirectory(dataFolder);
        var ports = preferredPorts is { } preferred && preferred.AreFree() ? preferred : AzuritePorts.FindFree();

        var azurite = new EmbeddedAzurite(toolFolder, ports, dataFolder, temporary, security, inMemory);
        try
        {
            await azurite.WaitUntilStartedAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (EmbeddedStorageException) when (ports == preferredPorts && !ports.AreFree())
        {
            // Another process took the preferred ports between the check and the start (two commands
            // started at once): this Azurite could not bind them, so it starts again on free ports.
            Directory.CreateDirectory(dataFolder);
            azurite = new EmbeddedAzurite(toolFolder, AzuritePorts.FindFree(), dataFolder, temporary, security, inMemory);
            await azurite.WaitUntilStartedAsync(cancellationToken).ConfigureAwait(false);
        }
        logger.LogInformation("Started {Storage}", azurite.Description);
        return azurite;
    }

    /// <summary>
    /// Stops Azurite as SIGTERM does, so it saves its data files, and keeps them: a storage outage
    /// that <see cref="RestartAsync"/> ends. Nothing is lost unless Azurite runs in memory.
    /// </summary>
    public async Task StopAsync()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        await StopProcessAsync(saveData: true).ConfigureAwait(false);
    }

    /// <summary>
    /// Kills Azurite outright (SIGKILL), as a crash or an evicted container does: whatever it had
    /// not yet saved to its data folder (it saves every few seconds) is lost. The files are kept
    /// for <see cref="RestartAsync"/>. For fault tests.
    /// </summary>
    public async Task KillAsync()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        await StopProcessAsync(saveData: false).ConfigureAwait(false);
    }

    /// <summary>Starts Azurite again after <see cref="StopAsync"/> or <see cref="KillAsync"/>, on the same ports and the same data folder.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        if (!_process.HasExited)
        {
            throw new InvalidOperationException("Azurite is still running; stop it before restarting it.");
        }

        _process.Dispose();
        Interlocked.Exchange(ref _servicesListening, 0);
        _process = Launch();
        await WaitUntilStartedAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            // A temporary folder is about to be deleted, so there is nothing to save.
            await StopProcessAsync(saveData: _temporaryDataFolder is null).ConfigureAwait(false);
        }
        finally
        {
            _process.Dispose();
        }

        if (_temporaryDataFolder is not null)
        {
            try
            {
                Directory.Delete(_temporaryDataFolder, recursive: true);
            }
            catch (IOException)
            {
                // A temporary folder left behind is harmless; failing a test run over it is not.
            }
        }
    }

    private Process Launch()
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = _toolFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     Path.Combine(_toolFolder, "embedded.js"),
                     "--blobHost", "127.0.0.1", "--blobPort", Ports.Blob.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--queueHost", "127.0.0.1", "--queuePort", Ports.Queue.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--tableHost", "127.0.0.1", "--tablePort", Ports.Table.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--disableTelemetry",
                     "--skipApiVersionCheck",
                     "--silent",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        if (_inMemory)
        {
            // Azurite otherwise re-serialises its whole database to disk every five seconds, a pause
            // that grows with every row stored: an emulator cost, not the product's, which would
            // swamp what a benchmark is there to measure.
            start.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(DataFolder);
        }

        if (Security is { } security)
        {
            // "basic" checks a token's shape, lifetime, issuer and audience, not its signature.
            foreach (var argument in new[] { "--cert", security.CertificatePath, "--key", security.KeyPath, "--oauth", "basic" })
            {
                start.ArgumentList.Add(argument);
            }

            if (security.DebugLogPath is not null)
            {
                start.ArgumentList.Add("--debug");
                start.ArgumentList.Add(security.DebugLogPath);
            }
        }

        start.Environment["CME_AZURITE_PARENT_PID"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new EmbeddedStorageException(
                "Could not start Node.js to run the embedded Azurite. Install Node.js 20 or later and make sure 'node' is on PATH, " +
                "or set AzureWebJobsStorage to a storage connection string.", exception);
        }

        process.OutputDataReceived += (_, e) => Capture(e.Data);
        process.ErrorDataReceived += (_, e) => Capture(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Capture(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }

            if (line.Contains("service is successfully listening", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _servicesListening);
            }
        }
    }

    private async Task WaitUntilStartedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await WaitUntilListeningAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is TimeoutException or EmbeddedStorageException)
        {
            await DisposeAsync().ConfigureAwait(false);
            string captured;
            lock (_output)
            {
                captured = _output.ToString();
            }

            throw new EmbeddedStorageException(
                $"The embedded Azurite did not start listening on 127.0.0.1 ports {Ports.Blob}-{Ports.Table} within {StartTimeout.TotalSeconds:0} s. " +
                $"Its output was:{Environment.NewLine}{captured}", exception);
        }
    }

    private async Task StopProcessAsync(bool saveData)
    {
        try
        {
            if (!_process.HasExited)
            {
                // A graceful stop lets Azurite save its data files (a kill is the fallback).
                if (saveData && !OperatingSystem.IsWindows() && NativeSignals.Terminate(_process.Id))
                {
                    using var graceful = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                    try
                    {
                        await _process.WaitForExitAsync(graceful.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        // Fall through to the kill.
                    }
                }

                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                    using var killed = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                    await _process.WaitForExitAsync(killed.Token).ConfigureAwait(false);
                }
            }
        }
        catch (Exception exception) when (exception is InvalidOperationException or OperationCanceledException)
        {
            // Already gone, or refusing to go in time: the parent watch in embedded.js ends it when we exit.
        }
    }

    private async Task WaitUntilListeningAsync(CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new EmbeddedStorageException($"Azurite exited with code {_process.ExitCode} while starting.");
            }

            if (Volatile.Read(ref _servicesListening) >= 3 &&
                await AzuritePorts.IsListeningAsync(Ports.Blob).ConfigureAwait(false) &&
                await AzuritePorts.IsListeningAsync(Ports.Queue).ConfigureAwait(false) &&
                await AzuritePorts.IsListeningAsync(Ports.Table).ConfigureAwait(false))
            {
                return;
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException();
    }


    private static string FindToolFolder()
    {
        var root = RepositoryLayout.FindRepositoryRoot()
            ?? throw new EmbeddedStorageException(
                "No storage is configured and the embedded Azurite is only available from a clone of the repository. " +
                "Set AzureWebJobsStorage (or AzureWebJobsStorage__accountName for managed identity) to the storage account.");
        return Path.Combine(root, "tools", "azurite");
    }

    private static async Task EnsureInstalledAsync(string toolFolder, ILogger logger, CancellationToken cancellationToken)
    {
        var entryPoint = Path.Combine(toolFolder, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (File.Exists(entryPoint))
        {
            return;
        }

        // Several test assemblies may start at once on a fresh clone: one installs, the others wait.
        using var installLock = await AcquireInstallLockAsync(Path.Combine(toolFolder, ".install.lock"), cancellationToken).ConfigureAwait(false);
        if (File.Exists(entryPoint))
        {
            return;
        }

        logger.LogInformation("Installing the pinned Azurite with npm ci in {Folder} (first run only)", toolFolder);
        var install = new ProcessStartInfo("npm")
        {
            WorkingDirectory = toolFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "ci", "--no-audit", "--no-fund", "--loglevel=error" })
        {
            install.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(install) ?? throw new InvalidOperationException("npm did not start.");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new EmbeddedStorageException(
                "Could not run npm to install the embedded Azurite. Install Node.js and npm, " +
                "or set AzureWebJobsStorage to a storage connection string.", exception);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(InstallTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new EmbeddedStorageException($"npm ci in {toolFolder} did not finish within {InstallTimeout.TotalMinutes:0} minutes.");
            }

            if (process.ExitCode != 0 || !File.Exists(entryPoint))
            {
                throw new EmbeddedStorageException(
                    $"npm ci in {toolFolder} failed with exit code {process.ExitCode}. Run it by hand to see why.{Environment.NewLine}" +
                    await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false));
            }
        }
    }

    private static async Task<FileStream> AcquireInstallLockAsync(string path, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited.Elapsed < InstallTimeout)
            {
                await Task.Delay(250, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}

internal static class NativeSignals
{
    private const int SigTerm = 15;

    /// <summary>Asks a process to stop, as <c>kill -TERM</c> does.</summary>
    public static bool Terminate(int processId) => Kill(processId, SigTerm) == 0;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code enabled for one call.
    private static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}

/// <summary>
/// Azurite over HTTPS with bearer tokens accepted, to run the managed-identity path on a
/// developer's machine or in a test: PEM files of a certificate for 127.0.0.1 and its key, and
/// optionally a file for Azurite's request-by-request debug log.
/// </summary>
public sealed record AzuriteSecurity(string CertificatePath, string KeyPath, string? DebugLogPath = null);

/// <summary>The three loopback ports Azurite serves blob, queue and table storage on.</summary>
public readonly record struct AzuritePorts(int Blob, int Queue, int Table)
{
    /// <summary>Azurite's own defaults, which Azure Storage Explorer and other tools look for.</summary>
    public static AzuritePorts Defaults => new(10000, 10001, 10002);

    public bool AreFree() => IsFree(Blob) && IsFree(Queue) && IsFree(Table);

    /// <summary>Whether something accepts connections on this loopback port.</summary>
    public static async Task<bool> IsListeningAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static AzuritePorts FindFree()
    {
        // Hold all three listeners at once so the operating system hands out three different ports.
        var listeners = Enumerable.Range(0, 3).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            foreach (var listener in listeners)
            {
                listener.Start();
            }

            var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
            return new AzuritePorts(ports[0], ports[1], ports[2]);
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }

    private static bool IsFree(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        finally
        {
            listener.Stop();
        }
    }
}

/// <summary>The embedded storage could not be installed or started; the message says what to do.</summary>
public sealed class EmbeddedStorageException : Exception
{
    public EmbeddedStorageException(string message) : base(message)
    {
    }

    public EmbeddedStorageException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
