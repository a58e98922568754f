using System.Diagnostics.Metrics;
using Cme.Infrastructure.EmbeddedStorage;

namespace Cme.LocalRunner.Benchmarks;

/// <summary>
/// Counts every HTTP request this process makes to one Azurite, by service (blob, queue, table)
/// and method. It listens to .NET's own <c>System.Net.Http</c> request metric, which every
/// HttpClient records once per request sent (a retry is another request), so it counts the
/// product's Azure.Data.Tables and Azure.Storage.Queues clients and the WebJobs SDK's legacy
/// queue and lock clients alike, without being wired into any of them.
/// </summary>
public sealed class StorageRoundTrips : IDisposable
{
    private const string HttpMeter = "System.Net.Http";
    private const string RequestDuration = "http.client.request.duration";

    private readonly MeterListener _listener = new();
    private readonly AzuritePorts _ports;
    private static readonly string[] ServiceNames = ["blob", "queue", "table"];
    private static readonly string[] MethodNames = ["GET", "POST", "PUT", "PATCH", "MERGE", "DELETE", "HEAD", "other"];

    private readonly long[] _counts = new long[ServiceNames.Length * MethodNames.Length];

    public StorageRoundTrips(AzuritePorts ports)
    {
        _ports = ports;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == HttpMeter && instrument.Name == RequestDuration)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, _, tags, _) => Record(tags));
        _listener.Start();
    }

    /// <summary>blob, queue, table: the order of a snapshot's rows.</summary>
    public static IReadOnlyList<string> Services => ServiceNames;

    /// <summary>The HTTP methods a snapshot tells apart; anything else counts as "other".</summary>
    public static IReadOnlyList<string> Methods => MethodNames;

    public Snapshot Take() => new(_counts.Select((_, i) => Interlocked.Read(ref _counts[i])).ToArray());

    public void Dispose() => _listener.Dispose();

    private void Record(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        int? port = null;
        string? method = null;
        foreach (var (name, value) in tags)
        {
            if (name == "server.port" && value is int p)
            {
                port = p;
            }
            else if (name == "http.request.method")
            {
                method = value as string;
            }
        }

        var service = port == _ports.Blob ? 0 : port == _ports.Queue ? 1 : port == _ports.Table ? 2 : -1;
        if (service < 0)
        {
            return;
        }

        var methodIndex = method is null ? -1 : Array.IndexOf(MethodNames, method);
        Interlocked.Increment(ref _counts[(service * MethodNames.Length) + (methodIndex < 0 ? MethodNames.Length - 1 : methodIndex)]);
    }

    /// <summary>Requests counted up to a moment; subtract two to count a stretch of work.</summary>
    public sealed class Snapshot(long[] counts)
    {
        public long Total => counts.Sum();

        public long Of(string service) => Enumerable.Range(0, MethodNames.Length).Sum(m => counts[(Index(service) * MethodNames.Length) + m]);

        public long Of(string service, string method) => counts[(Index(service) * MethodNames.Length) + Array.IndexOf(MethodNames, method)];

        public static Snapshot operator -(Snapshot later, Snapshot earlier) =>
            new(later.Counts.Zip(earlier.Counts, (a, b) => a - b).ToArray());

        private long[] Counts => counts;

        private static int Index(string service) => Array.IndexOf(ServiceNames, service);
    }
}
