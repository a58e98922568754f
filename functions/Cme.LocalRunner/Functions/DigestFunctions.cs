using Cme.Application.Digest;
using Microsoft.Azure.WebJobs;

namespace Cme.LocalRunner.Functions;

/// <summary>
/// Checks hourly (host.json <c>cme.schedules.weeklyDigest</c>) and at start-up whether this week's
/// digest is due (<c>Cme:Digest:Day</c> and <c>Time</c>, UK time) and sends it once.
/// </summary>
public sealed class DigestFunctions(WeeklyDigestService digest)
{
    [FunctionName("SendWeeklyDigest")]
    public Task Send([TimerTrigger("%Cme:Schedules:WeeklyDigest%", RunOnStartup = true)] TimerInfo timer, CancellationToken cancellationToken) =>
        digest.SendIfDueAsync(cancellationToken);
}
