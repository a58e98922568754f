using Cme.Core.Cases;
using Cme.Core.Commands;
using Cme.Core.Intake;
using Cme.Core.Mail;
using static Cme.Core.Tests.Commands.AuthenticationResultsNotation;

namespace Cme.Core.Tests.Intake;

/// <summary>A command in a reply is applied only from a staff address on a message that passed authentication.</summary>
public sealed class CommandIntakeTests
{
    private static readonly CaseReference Reference = CaseReference.Create(2026, 3);
    private static readonly Case Open = Case.Open(Reference, EmailKind.Referral, DateTimeOffset.UnixEpoch.AddYears(56), new ChildDetails("Ada", "Invented", null, null, null, null, null, null), new CaseRouting("west", null, null), null, []);

    /// <summary>The folder mailbox of a council whose receiving server writes the authserv-id <c>mx</c>.</summary>
    private static readonly SenderTrust Trust = new(["mx"], ReadFromOwnExchange: false);

    private static ParsedEmail Reply(string from, AuthenticationResultsHeader? authenticationResults, string? exchangeAuthAs = null, string text = "Thanks.\n#located\n") => new()
    {
        Kind = EmailKind.CaseUpdate,
        From = EmailAddress.Parse(from),
        CaseReference = Reference,
        Text = text,
        AuthenticationResults = authenticationResults is null ? [] : [authenticationResults],
        ExchangeAuthAs = exchangeAuthAs,
    };

    [Fact]
    public void An_authenticated_staff_command_is_applied()
    {
        var decision = Assert.IsType<IntakeDecision.Command>(IntakePolicy.Decide(Reply("cme-west@example.org", Header("mx", Dmarc("pass", "example.org"))), new IntakeFacts(Open, null, SenderIsStaff: true, Trust)));

        Assert.IsType<OfficerCommand.Located>(decision.Apply);
        Assert.True(decision.TellSender);
    }

    [Fact]
    public void A_spoofed_staff_command_that_failed_authentication_is_not_applied_and_the_officer_is_told_why()
    {
        var decision = Assert.IsType<IntakeDecision.Command>(IntakePolicy.Decide(Reply("cme-west@example.org", Header("mx", Spf("fail", "example.org"), Dmarc("fail", "example.org"))), new IntakeFacts(Open, null, SenderIsStaff: true, Trust)));

        Assert.Null(decision.Apply);
        Assert.True(decision.TellSender);
        Assert.Contains("DMARC failed", decision.RefusedBecause, StringComparison.Ordinal);
    }

    [Fact]
    public void A_command_from_outside_the_team_is_not_applied_and_nobody_outside_is_answered()
    {
        var decision = Assert.IsType<IntakeDecision.Command>(IntakePolicy.Decide(Reply("parent@example.net", Header("mx", Dmarc("pass"))), new IntakeFacts(Open, null, SenderIsStaff: false, Trust)));

        Assert.Null(decision.Apply);
        Assert.False(decision.TellSender);
    }

    [Fact]
    public void An_unreadable_command_from_authenticated_staff_is_answered_with_the_problem()
    {
        var decision = Assert.IsType<IntakeDecision.Command>(IntakePolicy.Decide(Reply("cme-west@example.org", null, "Internal", "#close"), new IntakeFacts(Open, null, SenderIsStaff: true, new SenderTrust([], ReadFromOwnExchange: true))));

        Assert.Null(decision.Apply);
        Assert.StartsWith("#close needs a reason", decision.RefusedBecause, StringComparison.Ordinal);
    }

    [Fact]
    public void A_command_for_a_case_that_does_not_exist_waits_in_triage()
    {
        Assert.IsType<IntakeDecision.Triage>(IntakePolicy.Decide(Reply("cme-west@example.org", Header("mx", Dmarc("pass"))), new IntakeFacts(null, null, SenderIsStaff: true, Trust)));
    }

    [Fact]
    public void An_automatic_reply_quoting_a_command_is_ignored()
    {
        Assert.IsType<IntakeDecision.Ignore>(IntakePolicy.Decide(Reply("cme-west@example.org", Header("mx", Dmarc("pass"))) with { IsAutomatic = true }, new IntakeFacts(Open, null, SenderIsStaff: true, Trust)));
    }

    [Fact]
    public void A_staff_command_with_facts_that_trust_nothing_is_refused_and_the_officer_told()
    {
        var decision = Assert.IsType<IntakeDecision.Command>(IntakePolicy.Decide(Reply("cme-west@example.org", Header("mx", Dmarc("pass", "example.org"))), new IntakeFacts(Open, null, SenderIsStaff: true)));

        Assert.Null(decision.Apply);
        Assert.True(decision.TellSender);
        Assert.Contains("could not be shown to come from cme-west@example.org", decision.RefusedBecause, StringComparison.Ordinal);
    }
}
