using Cme.Core.Cases;

namespace Cme.Core.Intake;

/// <summary>
/// Decides what one parsed email does to the case records. Pure: the caller looks up the facts
/// (the case the email refers to, the child's open case) and carries out the decision.
/// </summary>
public static class IntakePolicy
{
    /// <summary>The kinds whose sender is told the case reference (the policies' acknowledgement).</summary>
    public static bool IsAcknowledged(EmailKind kind) =>
        kind is EmailKind.Referral or EmailKind.NoShow or EmailKind.RemovalFromRoll;

    public static IntakeDecision Decide(ParsedEmail email, IntakeFacts facts)
    {
        ArgumentNullException.ThrowIfNull(email);
        ArgumentNullException.ThrowIfNull(facts);

        if (email.IsAutomatic)
        {
            return new IntakeDecision.Ignore("automatic mail (auto-reply, bounce or similar): kept, never answered");
        }

        if (email.Kind == EmailKind.Other)
        {
            return new IntakeDecision.Ignore("not about a child (newsletter, invitation, enquiry or similar)");
        }

        if (email.TriageReason is not null)
        {
            return new IntakeDecision.Triage(email.TriageReason);
        }

        var acknowledge = IsAcknowledged(email.Kind) && email.ReferrerEmail is not null;

        if (email.Kind == EmailKind.CaseUpdate)
        {
            return email.CaseReference switch
            {
                null => new IntakeDecision.Triage("a reply or forward about a case, but it carries no case reference"),
                _ when facts.ReferencedCase is null => new IntakeDecision.Triage($"refers to {email.CaseReference}, which does not exist"),
                _ when facts.ReferencedCase.Status == CaseStatus.Closed => new IntakeDecision.Triage($"refers to {email.CaseReference}, which is closed"),
                _ => new IntakeDecision.Attach(facts.ReferencedCase.Reference, Acknowledge: false),
            };
        }

        if (facts.ReferencedCase is { Status: CaseStatus.Open } referenced)
        {
            return new IntakeDecision.Attach(referenced.Reference, acknowledge);
        }

        if (facts.OpenCaseForChild is { } openCase)
        {
            return new IntakeDecision.Attach(openCase, acknowledge);
        }

        if (!email.Child.IsIdentified)
        {
            return new IntakeDecision.Triage("no child's name or UPN was found");
        }

        if (email.Kind == EmailKind.OnRollConfirmation)
        {
            return new IntakeDecision.Triage("confirms a child on roll, but no open case matches the child");
        }

        return new IntakeDecision.Open(acknowledge);
    }
}

/// <summary>What the stores know that bears on an email.</summary>
/// <param name="ReferencedCase">The case whose reference the email carries, if it exists.</param>
/// <param name="OpenCaseForChild">An open case for the same child (same UPN, or same name and date of birth).</param>
public sealed record IntakeFacts(Case? ReferencedCase, CaseReference? OpenCaseForChild);

/// <summary>What to do with an email.</summary>
public abstract record IntakeDecision
{
    private IntakeDecision()
    {
    }

    /// <summary>Not about a child, or automatic: record that it was seen, do nothing else.</summary>
    public sealed record Ignore(string Reason) : IntakeDecision;

    /// <summary>A person must look at it; the reason says why.</summary>
    public sealed record Triage(string Reason) : IntakeDecision;

    /// <summary>Open a new case for the child.</summary>
    public sealed record Open(bool Acknowledge) : IntakeDecision;

    /// <summary>Record it on an existing open case.</summary>
    public sealed record Attach(CaseReference Case, bool Acknowledge) : IntakeDecision;
}
