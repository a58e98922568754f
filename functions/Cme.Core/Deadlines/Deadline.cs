using Cme.Core.Cases;

namespace Cme.Core.Deadlines;

/// <summary>
/// One deadline on a case: when its clock started, the day it is due, and whether it has been
/// met. <see cref="LastStep"/> records the last reminder or escalation sent, so a sweep that runs
/// again sends nothing twice.
/// </summary>
public sealed record Deadline
{
    public required CaseReference Case { get; init; }

    public required DeadlineRule Rule { get; init; }

    /// <summary>1 for most rules; the anniversary number for annual reviews.</summary>
    public int Sequence { get; init; } = 1;

    public required DateOnly StartedOn { get; init; }

    public required DateOnly DueOn { get; init; }

    /// <summary>
    /// Set when the profile had no term dates for the period: the due day was counted in weekdays
    /// instead, which is never later than the school-day count. The text says what to fix.
    /// </summary>
    public string? Estimated { get; init; }

    public DateOnly? MetOn { get; init; }

    /// <summary>How the deadline was met (the outcome or command that cleared it).</summary>
    public string? Resolution { get; init; }

    /// <summary>The last reminder or escalation sent for this deadline; null before the first.</summary>
    public DeadlineStep? LastStep { get; init; }

    /// <summary>The enquiries checklist items recorded as done (ids from the profile's checklist).</summary>
    public IReadOnlySet<string> ChecklistDone { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Stable and unique per case: <c>CME-2026-00012.on-roll.1</c>.</summary>
    public string Id => $"{Case}.{Rule.WireName()}.{Sequence}";

    public bool IsOpen => MetOn is null;

    public Deadline Meet(DateOnly on, string resolution)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resolution);
        return IsOpen ? this with { MetOn = on, Resolution = resolution } : this;
    }
}
