using Cme.Core.Cases;
using Cme.Core.Commands;
using Cme.Core.Mail;

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

    /// <summary>
    /// Who hears about the case: the person who made the report (the form's own answer, a forward's
    /// original author), else the sender, else the Reply-To of a machine-sent notice. Never a no-reply
    /// or notifications address, and never the sender of a machine-sent notice: null when no person is known.
    /// </summary>
    public static EmailAddress? ReferrerToTell(ParsedEmail email)
    {
        ArgumentNullException.ThrowIfNull(email);
        if (email.ReferrerEmail is { } referrer && !MachineAddress.IsMachine(referrer) && !(email.IsMachineSent && referrer == email.From))
        {
            return referrer;
        }

        if (!email.IsMachineSent && email.From is { } from && !MachineAddress.IsMachine(from))
        {
            return from;
        }

        return email.ReplyTo is { } replyTo && !MachineAddress.IsMachine(replyTo) ? replyTo : null;
    }

    /// <summary>Why an email of an acknowledged kind is not acknowledged, or null when it is (or its kind never is).</summary>
    public static string? WhyNotAcknowledged(ParsedEmail email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return IsAcknowledged(email.Kind) && ReferrerToTell(email) is null
            ? email.IsMachineSent
                ? "No acknowledgement sent: the notice was machine-sent and names no person's address to tell (no form answer, no Reply-To)"
                : "No acknowledgement sent: the email gives no address a person reads"
            : null;
    }

    public static IntakeDecision Decide(ParsedEmail email, IntakeFacts facts)
    {
        ArgumentNullException.ThrowIfNull(email);
        ArgumentNullException.ThrowIfNull(facts);

        if (email.IsAutomatic)
        {
            return new IntakeDecision.Ignore("automatic mail (auto-reply, bounce or similar): kept, never answered");
        }

        if (email.CaseReference is not null && OfficerCommand.FindIn(email.Text) is { } reading)
        {
            return DecideCommand(email, facts, email.CaseReference, reading);
        }

        if (email.Kind == EmailKind.Other)
        {
            // Unclassified and the parser says why a person must look (it could not read the
            // email, or it mentions a child but matches no kind): triage, never a silent ignore.
            return email.TriageReason is { } unsure
                ? new IntakeDecision.Triage(unsure)
                : new IntakeDecision.Ignore("not about a child (newsletter, invitation, enquiry or similar)");
        }

        if (email.TriageReason is not null)
        {
            return new IntakeDecision.Triage(email.TriageReason);
        }

        var acknowledge = IsAcknowledged(email.Kind) && ReferrerToTell(email) is not null;

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

    private static IntakeDecision DecideCommand(ParsedEmail email, IntakeFacts facts, CaseReference reference, CommandReading reading)
    {
        if (facts.ReferencedCase is null)
        {
            // The command's name only: the reason is logged, and the rest of the line is free text that may name the child.
            return new IntakeDecision.Triage($"a command ({reading.Name}) for case {reference}, which does not exist");
        }

        if (!facts.SenderIsStaff)
        {
            return new IntakeDecision.Command(reference, reading, null, "the sender is not one of the CME team's addresses in the profile", TellSender: false);
        }

        var verdict = SenderAuthentication.Evaluate(email.From, email.AuthenticationResults, email.ExchangeAuthAs, facts.Trust ?? SenderTrust.Nothing);
        if (!verdict.Passed)
        {
            return new IntakeDecision.Command(reference, reading, null, $"the message could not be shown to come from {email.From}: {verdict.Reason}", TellSender: true);
        }

        return reading.Command is null
            ? new IntakeDecision.Command(reference, reading, null, reading.Problem, TellSender: true)
            : new IntakeDecision.Command(reference, reading, reading.Command, null, TellSender: true);
    }
}

/// <summary>What the stores and the profile know that bears on an email.</summary>
/// <param name="ReferencedCase">The case whose reference the email carries, if it exists.</param>
/// <param name="OpenCaseForChild">An open case for the same child (same UPN, or same name and date of birth).</param>
/// <param name="SenderIsStaff">The sender is one of the profile's staff addresses.</param>
/// <param name="Trust">Whose authentication results count for this email (it depends on the mailbox it was read from); null trusts nothing, so no command is applied.</param>
public sealed record IntakeFacts(Case? ReferencedCase, CaseReference? OpenCaseForChild, bool SenderIsStaff = false, SenderTrust? Trust = null);

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

    /// <summary>
    /// A command line in a reply about a case: <see cref="Apply"/> when it may be applied, else
    /// <see cref="RefusedBecause"/> says why, and <see cref="TellSender"/> whether the (staff)
    /// sender is told — never a sender outside the team.
    /// </summary>
    public sealed record Command(CaseReference Case, CommandReading Reading, OfficerCommand? Apply, string? RefusedBecause, bool TellSender) : IntakeDecision;
}
