using Cme.Core.Intake;
using Cme.Core.Mail;

namespace Cme.Core.Cases;

/// <summary>
/// A tracked concern about one child. Its state changes only through its own methods, which
/// refuse transitions the current state does not allow and say why.
/// </summary>
public sealed record Case
{
    public required CaseReference Reference { get; init; }

    public required CaseStatus Status { get; init; }

    /// <summary>The kind of email that opened the case.</summary>
    public required EmailKind OpenedBy { get; init; }

    public required DateTimeOffset OpenedAt { get; init; }

    public required ChildDetails Child { get; init; }

    public required CaseRouting Routing { get; init; }

    /// <summary>Who reported the concern; they hear when the case closes.</summary>
    public EmailAddress? Referrer { get; init; }

    public IReadOnlySet<RiskFactor> RiskFactors { get; init; } = new HashSet<RiskFactor>();

    public required DateTimeOffset LastActivityAt { get; init; }

    public DateTimeOffset? ClosedAt { get; init; }

    public string? Outcome { get; init; }

    /// <summary>What the case has become along the way: at risk after a missed on-roll deadline, a lost pupil, and so on.</summary>
    public IReadOnlySet<CaseFlag> Flags { get; init; } = new HashSet<CaseFlag>();

    public bool IsOpen => Status == CaseStatus.Open;

    /// <summary>The case with a flag added (unchanged if it already had it).</summary>
    public Case Flag(CaseFlag flag, DateTimeOffset at)
    {
        if (Flags.Contains(flag))
        {
            return this;
        }

        var flags = Flags.ToHashSet();
        flags.Add(flag);
        return this with { Flags = flags, LastActivityAt = at > LastActivityAt ? at : LastActivityAt };
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

        return new Case
        {
            Reference = reference,
            Status = CaseStatus.Open,
            OpenedBy = openedBy,
            OpenedAt = at,
            Child = child,
            Routing = routing,
            Referrer = referrer,
            RiskFactors = riskFactors.ToHashSet(),
            LastActivityAt = at,
        };
    }

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
            LastActivityAt = at > LastActivityAt ? at : LastActivityAt,
        };
    }

    /// <summary>Closes the case with its outcome.</summary>
    public Case Close(string outcome, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outcome);
        if (Status == CaseStatus.Closed)
        {
            throw new CaseTransitionException($"Case {Reference} is already closed ({Outcome}); it cannot be closed again as '{outcome}'.");
        }

        return this with { Status = CaseStatus.Closed, ClosedAt = at, Outcome = outcome, LastActivityAt = at };
    }
}

/// <summary>
/// Which area and officer a case belongs to. <see cref="DefaultReason"/> is set when the postcode
/// could not decide it (missing, or not in the profile's table), so the case says so.
/// </summary>
public sealed record CaseRouting(string Area, string? District, string? DefaultReason);
