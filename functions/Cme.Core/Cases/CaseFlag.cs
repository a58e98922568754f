namespace Cme.Core.Cases;

/// <summary>What a case has become. Wire names are kebab-case.</summary>
public enum CaseFlag
{
    /// <summary>The on-roll deadline after an in-year offer was missed: allocated a place, not attending.</summary>
    AllocatedNotAttending,

    /// <summary>The referral met the safeguarding fast path and was escalated to the manager the day it arrived.</summary>
    SafeguardingEscalated,

    /// <summary>Enquiries ended without finding the child: recorded for the School to School lost pupils database.</summary>
    LostPupil,

    /// <summary>Awaiting an elective home education decision.</summary>
    AwaitingEheDecision,
}

public static class CaseFlags
{
    private static readonly Dictionary<CaseFlag, (string Wire, string Title)> Names = new()
    {
        [CaseFlag.AllocatedNotAttending] = ("allocated-not-attending", "allocated a place, not attending"),
        [CaseFlag.SafeguardingEscalated] = ("safeguarding-escalated", "safeguarding escalation"),
        [CaseFlag.LostPupil] = ("lost-pupil", "lost pupil"),
        [CaseFlag.AwaitingEheDecision] = ("awaiting-ehe-decision", "awaiting elective home education decision"),
    };

    public static string WireName(this CaseFlag flag) => Names[flag].Wire;

    public static string Title(this CaseFlag flag) => Names[flag].Title;

    public static bool TryParse(string? name, out CaseFlag flag)
    {
        foreach (var (candidate, names) in Names)
        {
            if (string.Equals(names.Wire, name, StringComparison.OrdinalIgnoreCase))
            {
                flag = candidate;
                return true;
            }
        }

        flag = default;
        return false;
    }
}
