using Cme.Application.Deadlines;
using Microsoft.Azure.Functions.Worker;

namespace Cme.Functions;

/// <summary>Finds due reminders and escalations on a schedule (setting <c>Cme:Schedules:DeadlineSweep</c>) and at start-up.</summary>
public sealed class SweepDeadlines(DeadlineSweep sweep)
{
    [Function(nameof(SweepDeadlines))]
    public Task Run([TimerTrigger("%Cme:Schedules:DeadlineSweep%", RunOnStartup = true)] TimerInfo timer, CancellationToken cancellationToken) =>
        sweep.RunAsync(cancellationToken);
}
