namespace Cme.Core.Cases;

/// <summary>
/// One entry in a case's append-only log: what arrived or happened, when, from whom, and what the
/// system did. <see cref="Id"/> is derived from the cause (an email's key, a notification's id),
/// so recording the same cause twice records one event.
/// </summary>
public sealed record CaseEvent(
    string Id,
    CaseEventType Type,
    DateTimeOffset At,
    string Summary,
    IReadOnlyDictionary<string, string> Details);

public enum CaseEventType
{
    /// <summary>The case was opened by an email.</summary>
    Opened,

    /// <summary>A later email about the child was attached.</summary>
    EmailAttached,

    /// <summary>A notification about the case was delivered.</summary>
    NotificationDelivered,

    /// <summary>The case was closed.</summary>
    Closed,

    /// <summary>A free-text note.</summary>
    Note,

    /// <summary>A deadline's clock started.</summary>
    DeadlineStarted,

    /// <summary>A deadline was met (or cleared by an outcome).</summary>
    DeadlineMet,

    /// <summary>A reminder or escalation fell due and was queued.</summary>
    DeadlineStep,

    /// <summary>The case was flagged (at risk, lost pupil, safeguarding escalation…).</summary>
    Flagged,

    /// <summary>An officer's command was applied.</summary>
    CommandApplied,

    /// <summary>A command was refused: not from staff, not authenticated, or not valid for the case.</summary>
    CommandRefused,

    /// <summary>The mail service reported a notification about the case failed (bounced, dropped, deferred too long, reported as spam).</summary>
    NotificationFailed,
}
