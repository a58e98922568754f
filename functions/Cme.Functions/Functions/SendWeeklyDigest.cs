using Cme.Application.Digest;
using Microsoft.Azure.Functions.Worker;

namespace Cme.Functions;

/// <summary>
/// Checks hourly (setting <c>Cme:Schedules:WeeklyDigest</c>) and at start-up whether this week's
/// digest is due (<c>Cme:Digest:Day</c> and <c>Time</c>, decided in UK time whatever the machine's
/// time zone) and sends it once.
/// </summary>
public sealed class SendWeeklyDigest(WeeklyDigestService digest)
{
    [Function(nameof(SendWeeklyDigest))]
    public Task Run([TimerTrigger("%Cme:Schedules:WeeklyDigest%", RunOnStartup = true)] TimerInfo timer, CancellationToken cancellationToken) =>
        digest.SendIfDueAsync(cancellationToken);
}
