using System.Collections.Concurrent;
using Microsoft.Azure.WebJobs;

namespace Cme.Functions.Tests;

/// <summary>What the probe functions saw, in order, shared between the host and the test.</summary>
public sealed class InvocationLog
{
    private readonly ConcurrentQueue<(string Function, string Payload)> _entries = new();

    public void Record(string function, string payload) => _entries.Enqueue((function, payload));

    public int Count(string function) => _entries.Count(entry => entry.Function == function);

    public IReadOnlyList<string> Payloads(string function) =>
        _entries.Where(entry => entry.Function == function).Select(entry => entry.Payload).ToList();
}

/// <summary>
/// Functions that exist only to prove the host's plumbing: queue names and the timer schedule
/// come from settings, so each test gets its own queues and host.json.
/// </summary>
public sealed class ProbeFunctions(InvocationLog log)
{
    [FunctionName("ProbeEcho")]
    public void Echo([QueueTrigger("%Probe:EchoQueue%")] string message) => log.Record("echo", message);

    [FunctionName("ProbeAlwaysFails")]
    public void AlwaysFails([QueueTrigger("%Probe:FailingQueue%")] string message)
    {
        log.Record("fails", message);
        throw new InvalidOperationException("This probe always fails, to drive its message to the poison queue.");
    }
}

/// <summary>A timer whose schedule comes from host.json's <c>cme.schedules.probe</c>.</summary>
public sealed class ProbeTimerFunctions(InvocationLog log)
{
    [FunctionName("ProbeTimer")]
    public void Tick([TimerTrigger("%Cme:Schedules:Probe%")] TimerInfo timer) =>
        log.Record("timer", timer.ScheduleStatus?.Last.ToString("O") ?? "first");
}
