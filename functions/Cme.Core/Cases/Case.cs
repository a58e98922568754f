using Cme.Core.Census;
using Cme.Core.Children;
using Cme.Core.Intake;
using Cme.Core.Mail;

namespace Cme.Core.Cases;

/// <summary>
/// A tracked concern about one child. Its state changes only through its own methods, which
/// refuse transitions the current state does not allow and say why; nothing outside it can set a
/// property (<c>with</c> included), and a stored case comes back through <see cref="Restore"/>,
/// which refuses a state no method could have produced.
/// </summary>
public sealed record Case
{
    private Case(CaseReference reference, CaseStatus status, EmailKind openedBy, DateTimeOffset openedAt, ChildDetails child, CaseRouting routing, DateTimeOffset lastActivityAt)
    {
        Reference = reference;
        Status = status;
        OpenedBy = openedBy;
        OpenedAt = openedAt;
        Child = child;
        Routing = routing;
        LastActivityAt = lastActivityAt;
    }

    public CaseReference Reference { get; private init; }

    public CaseStatus Status { get; private init; }

    /// <summary>The kind of email that opened the case.</summary>
    public EmailKind OpenedBy { get; private init; }

    public DateTimeOffset OpenedAt { get; private init; }

    public ChildDetails Child { get; private init; }

    public CaseRouting Routing { get; private init; }

    /// <summary>Who reported the concern; they hear when the case closes.</summary>
    public EmailAddress? Referrer { get; private init; }

    public IReadOnlySet<RiskFactor> RiskFactors { get; private init; } = new HashSet<RiskFactor>();

    public DateTimeOffset LastActivityAt { get; private init; }

    public DateTimeOffset? ClosedAt { get; private init; }

    public string? Outcome { get; private init; }

    /// <summary>What the case has become along the way: at risk after a missed on-roll deadline, a lost pupil, and so on.</summary>
    public IReadOnlySet<CaseFlag> Flags { get; private init; } = new HashSet<CaseFlag>();

    /// <summary>The main reason the child is missing education, from the profile's list; null until recorded (counted as "Not recorded").</summary>
    public CmeReason? Reason { get; private init; }

    /// <summary>The date the child became missing education when an officer corrected it; null means the day the case opened.</summary>
    public DateOnly? BecameCmeOn { get; private init; }

    /// <summary>The first day the child was no longer missing education (the on-roll start date, the day the case closed, or an officer's date); null while the child still is.</summary>
    public DateOnly? StoppedCmeOn { get; private init; }

    public bool IsOpen => Status == CaseStatus.Open;

    /// <summary>The day the child became missing education: the officer's date, else the day the case opened (in the authority's time zone).</summary>
    public DateOnly BecameCme(TimeZoneInfo zone) => BecameCmeOn ?? LocalDate(OpenedAt, zone);

    /// <summary>
    /// The first day the child was no longer missing education: the recorded date, else (for a case
    /// closed before the date was kept) the day it closed; null while the child still is.
    /// </summary>
    public DateOnly? StoppedCme(TimeZoneInfo zone) => StoppedCmeOn ?? (ClosedAt is { } closed ? LocalDate(closed, zone) : null);

    /// <summary>Whether the case was open on a day: opened on or before it, and not closed on or before it.</summary>
    public bool IsOpenOn(DateOnly date, TimeZoneInfo zone) =>
        LocalDate(OpenedAt, zone) <= date && (ClosedAt is not { } closed || LocalDate(closed, zone) > date);

    /// <summary>Whether the child was missing education on a day: became CME on or before it, and had not stopped by it (the stop date itself is not missing).</summary>
    public bool IsCmeOn(DateOnly date, TimeZoneInfo zone) =>
        BecameCme(zone) <= date && (StoppedCme(zone) is not { } stopped || stopped > date);

    /// <summary>Records the child's sex (an officer's word replaces what an email said).</summary>
    public Case RecordSex(Sex sex, DateTimeOffset at) =>
        this with { Child = Child with { Sex = sex }, LastActivityAt = Later(at) };

    /// <summary>Records the child's year group (an officer's word replaces what an email said).</summary>
    public Case RecordYearGroup(YearGroup yearGroup, DateTimeOffset at) =>
        this with { Child = Child with { YearGroup = yearGroup }, LastActivityAt = Later(at) };

    /// <summary>Records the main reason the child is missing education.</summary>
    public Case RecordReason(CmeReason reason, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(reason);
        return this with { Reason = reason, LastActivityAt = Later(at) };
    }

    /// <summary>Corrects the day the child became missing education; it cannot be after the day they stopped.</summary>
    public Case CorrectBecameCme(DateOnly on, DateTimeOffset at, TimeZoneInfo zone)
    {
        if (StoppedCme(zone) is { } stopped && on > stopped)
        {
            throw new CaseTransitionException($"Case {Reference}: the child stopped being missing education on {stopped:yyyy-MM-dd}, so cannot have become missing education on {on:yyyy-MM-dd}, after that; correct the stop date first (#cmeuntil).");
        }

        return this with { BecameCmeOn = on, LastActivityAt = Later(at) };
    }

    /// <summary>Records the first day the child was no longer missing education; it cannot be before the day they became so.</summary>
    public Case RecordStoppedCme(DateOnly on, DateTimeOffset at, TimeZoneInfo zone)
    {
        var became = BecameCme(zone);
        if (on < became)
        {
            throw new CaseTransitionException($"Case {Reference}: the child became missing education on {became:yyyy-MM-dd}, so cannot have stopped on {on:yyyy-MM-dd}, before that; correct the start first (#cmesince).");
        }

        return this with { StoppedCmeOn = on, LastActivityAt = Later(at) };
    }

    private DateTimeOffset Later(DateTimeOffset at) => at > LastActivityAt ? at : LastActivityAt;

    private static DateOnly LocalDate(DateTimeOffset moment, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(moment, zone).DateTime);

    /// <summary>The case with a flag added (unchanged if it already had it).</summary>
    public Case Flag(CaseFlag flag, DateTimeOffset at)
    {
        if (Flags.Contains(flag))
        {
            return this;
        }

        var flags = Flags.ToHashSet();
        flags.Add(flag);
        return this with { Flags = flags, LastActivityAt = Later(at) };
    }

    /// <summary>Opens a case from the first email about a child.</summary>
    public static Case Open(
        CaseReference reference,
        EmailKind openedBy,
        DateTimeOffset at,
        ChildDetails child,
        CaseRouting routing,
        EmailAddress? referrer,
        IEnumerable<RiskFactor> riskFactors)
    {
        if (openedBy is EmailKind.Other or EmailKind.CaseUpdate)
        {
            throw new CaseTransitionException($"A case cannot be opened by a {openedBy.WireName()} email: it opens from a report about a child.");
        }

        if (!child.IsIdentified)
        {
            throw new CaseTransitionException("A case cannot be opened without the child's name or UPN; the email belongs in triage.");
        }

        return new Case(reference, CaseStatus.Open, openedBy, at, child, routing, at)
        {
            Referrer = referrer,
            RiskFactors = riskFactors.ToHashSet(),
        };
    }

    /// <summary>
    /// A case as it was stored. Refuses a state no method of the case could have produced (closed
    /// with no closing time or outcome, open with one, stopped being missing education before it
    /// began), naming what is inconsistent, rather than carrying it on.
    /// </summary>
    public static Case Restore(
        CaseReference reference,
        CaseStatus status,
        EmailKind openedBy,
        DateTimeOffset openedAt,
        DateTimeOffset lastActivityAt,
        ChildDetails child,
        CaseRouting routing,
        EmailAddress? referrer,
        IEnumerable<RiskFactor> riskFactors,
        IEnumerable<CaseFlag> flags,
        DateTimeOffset? closedAt,
        string? outcome,
        CmeReason? reason,
        DateOnly? becameCmeOn,
        DateOnly? stoppedCmeOn)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(child);
        ArgumentNullException.ThrowIfNull(routing);
        var problem = status switch
        {
            CaseStatus.Closed when closedAt is null || string.IsNullOrWhiteSpace(outcome) => "it is closed but has no closing time or outcome",
            CaseStatus.Open when closedAt is not null || outcome is not null => $"it is open but has a closing time or outcome ({outcome})",
            _ when becameCmeOn is { } became && stoppedCmeOn is { } stopped && stopped < became => $"the child stopped being missing education on {stopped:yyyy-MM-dd}, before becoming so on {became:yyyy-MM-dd}",
            _ => null,
        };
        if (problem is not null)
        {
            throw new CaseTransitionException($"Case {reference} as stored cannot be a case's state: {problem}. The stored row was changed outside the service; correct it from the case's timeline.");
        }

        return new Case(reference, status, openedBy, openedAt, child, routing, lastActivityAt)
        {
            Referrer = referrer,
            RiskFactors = riskFactors.ToHashSet(),
            Flags = flags.ToHashSet(),
            ClosedAt = closedAt,
            Outcome = outcome,
            Reason = reason,
            BecameCmeOn = becameCmeOn,
            StoppedCmeOn = stoppedCmeOn,
        };
    }

    /// <summary>Something happened on the case that changes nothing but when it last saw activity (a note, a ticked enquiry, a review done).</summary>
    public Case RecordActivity(DateTimeOffset at) => this with { LastActivityAt = Later(at) };

    /// <summary>
    /// Records a later email about the same child: fills in what was not known (never overwrites
    /// it) and adds any risk factor it states.
    /// </summary>
    public Case Attach(DateTimeOffset at, ChildDetails child, IEnumerable<RiskFactor> riskFactors)
    {
        if (Status == CaseStatus.Closed)
        {
            throw new CaseTransitionException($"Case {Reference} is closed ({Outcome}); a new email about the child opens a new case rather than attaching to it.");
        }

        var merged = RiskFactors.ToHashSet();
        merged.UnionWith(riskFactors);
        return this with
        {
            Child = Child.MergeMissingFrom(child),
            RiskFactors = merged,
            LastActivityAt = Later(at),
        };
    }

    /// <summary>
    /// Closes the case with its outcome. Closing ends the child's time missing education: on
    /// <paramref name="cmeEndedOn"/> (an on-roll start date, or the day it closed) unless an
    /// officer already recorded the day, and never before the day the child became CME.
    /// </summary>
    public Case Close(string outcome, DateTimeOffset at, DateOnly? cmeEndedOn = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outcome);
        if (Status == CaseStatus.Closed)
        {
            throw new CaseTransitionException($"Case {Reference} is already closed ({Outcome}); it cannot be closed again as '{outcome}'.");
        }

        var stopped = StoppedCmeOn ?? (cmeEndedOn is { } ended ? (BecameCmeOn is { } became && became > ended ? became : ended) : null);
        return this with { Status = CaseStatus.Closed, ClosedAt = at, Outcome = outcome, LastActivityAt = at, StoppedCmeOn = stopped };
    }
}

/// <summary>
/// Which area and officer a case belongs to. <see cref="DefaultReason"/> is set when the postcode
/// could not decide it (missing, or not in the profile's table), so the case says so.
/// </summary>
public sealed record CaseRouting(string Area, string? District, string? DefaultReason);
