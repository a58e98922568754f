using Cme.Application.Deadlines;
using Microsoft.Azure.WebJobs;

namespace Cme.LocalRunner.Functions;

/// <summary>Finds due reminders and escalations on a schedule (host.json <c>cme.schedules.deadlineSweep</c>) and at start-up.</summary>
public sealed class DeadlineFunctions(DeadlineSweep sweep)
{
    [FunctionName("SweepDeadlines")]
    public Task Sweep([TimerTrigger("%Cme:Schedules:DeadlineSweep%", RunOnStartup = true)] TimerInfo timer, CancellationToken cancellationToken) =>
        sweep.RunAsync(cancellationToken);
}
