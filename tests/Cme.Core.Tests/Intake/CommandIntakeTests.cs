using Cme.Core.Cases;
using Cme.Core.Commands;
using Cme.Core.Intake;
using Cme.Core.Mail;

namespace Cme.Core.Tests.Intake;

/// <summary>A command in a reply is applied only from a staff address on a message that passed authentication.</summary>
public sealed class CommandIntakeTests
{
    private static readonly CaseReference Reference = CaseReference.Create(2026, 3);
    private static readonly Case Open = Case.Open(Reference, EmailKind.Referral, DateTimeOffset.UnixEpoch.AddYears(56), new ChildDetails("Ada", "Invented", null, null, null, null, null, null), new CaseRouting("west", null, null), null, []);

    private static ParsedEmail Reply(string from, string? authenticationResults, string? exchangeAuthAs = null, string text = "Thanks.\n#located\n") => new()
    {
        Kind = EmailKind.CaseUpdate,
        From = EmailAddress.Parse(from),
        CaseReference = Reference,
        Text = text,
        AuthenticationResults = authenticationResults,
        ExchangeAuthAs = exchangeAuthAs,
    };

    [Fact]
    public void An_authenticated_staff_command_is_applied()
    {
        var decision = Assert.IsType<IntakeDecision.Command>(IntakePolicy.Decide(Reply("cme-west@example.org", "mx; dmarc=pass header.from=example.org"), new IntakeFacts(Open, null, SenderIsStaff: true)));

        Assert.IsType<OfficerCommand.Located>(decision.Apply);
        Assert.True(decision.TellSender);
    }

    [Fact]
    public void A_spoofed_staff_command_that_failed_authentication_is_not_applied_and_the_officer_is_told_why()
    {
        var decision = Assert.IsType<IntakeDecision.Command>(IntakePolicy.Decide(Reply("cme-west@example.org", "mx; spf=fail smtp.mailfrom=example.org; dmarc=fail header.from=example.org"), new IntakeFacts(Open, null, SenderIsStaff: true)));

        Assert.Null(decision.Apply);
        Assert.True(decision.TellSender);
        Assert.Contains("DMARC failed", decision.RefusedBecause, StringComparison.Ordinal);
    }

    [Fact]
    public void A_command_from_outside_the_team_is_not_applied_and_nobody_outside_is_answered()
    {
        var decision = Assert.IsType<IntakeDecision.Command>(IntakePolicy.Decide(Reply("parent@example.net", "mx; dmarc=pass"), new IntakeFacts(Open, null, SenderIsStaff: false)));

        Assert.Null(decision.Apply);
        Assert.False(decision.TellSender);
    }

    [Fact]
    public void An_unreadable_command_from_authenticated_staff_is_answered_with_the_problem()
    {
        var decision = Assert.IsType<IntakeDecision.Command>(IntakePolicy.Decide(Reply("cme-west@example.org", null, "Internal", "#close"), new IntakeFacts(Open, null, SenderIsStaff: true)));

        Assert.Null(decision.Apply);
        Assert.StartsWith("#close needs a reason", decision.RefusedBecause, StringComparison.Ordinal);
    }

    [Fact]
    public void A_command_for_a_case_that_does_not_exist_waits_in_triage()
    {
        Assert.IsType<IntakeDecision.Triage>(IntakePolicy.Decide(Reply("cme-west@example.org", "mx; dmarc=pass"), new IntakeFacts(null, null, SenderIsStaff: true)));
    }

    [Fact]
    public void An_automatic_reply_quoting_a_command_is_ignored()
    {
        Assert.IsType<IntakeDecision.Ignore>(IntakePolicy.Decide(Reply("cme-west@example.org", "mx; dmarc=pass") with { IsAutomatic = true }, new IntakeFacts(Open, null, SenderIsStaff: true)));
    }
}
