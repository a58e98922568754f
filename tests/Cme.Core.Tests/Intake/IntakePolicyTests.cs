using Cme.Core.Cases;
using Cme.Core.Intake;
using Cme.Core.Mail;

namespace Cme.Core.Tests.Intake;

public sealed class IntakePolicyTests
{
    private static readonly IntakeFacts NothingKnown = new(null, null);

    [Fact]
    public void A_referral_for_a_new_child_opens_a_case_and_is_acknowledged()
    {
        Assert.Equal(new IntakeDecision.Open(Acknowledge: true), IntakePolicy.Decide(Referral(), NothingKnown));
    }

    [Fact]
    public void A_second_referral_of_a_child_with_an_open_case_attaches_to_it()
    {
        var open = CaseReference.Create(2026, 7);

        Assert.Equal(new IntakeDecision.Attach(open, Acknowledge: true), IntakePolicy.Decide(Referral(), new IntakeFacts(null, open)));
    }

    [Fact]
    public void An_out_of_office_reply_is_ignored_even_when_it_echoes_a_case_reference()
    {
        var autoReply = Referral() with { Kind = EmailKind.Other, IsAutomatic = true, CaseReference = CaseReference.Create(2026, 42) };

        Assert.IsType<IntakeDecision.Ignore>(IntakePolicy.Decide(autoReply, NothingKnown));
    }

    [Fact]
    public void Automatic_mail_is_never_acknowledged_whatever_it_looks_like()
    {
        var automaticReferral = Referral() with { IsAutomatic = true };

        Assert.IsType<IntakeDecision.Ignore>(IntakePolicy.Decide(automaticReferral, NothingKnown));
    }

    [Fact]
    public void An_email_the_parser_is_unsure_of_goes_to_triage_with_its_reason()
    {
        var unsure = Referral() with { TriageReason = "could not classify with confidence" };

        Assert.Equal(new IntakeDecision.Triage("could not classify with confidence"), IntakePolicy.Decide(unsure, NothingKnown));
    }

    [Fact]
    public void An_email_the_parser_could_not_read_at_all_goes_to_triage_with_its_reason_not_ignored()
    {
        var unreadable = new ParsedEmail { Kind = EmailKind.Other, Confidence = 0, TriageReason = "the email could not be read as MIME (FormatException)" };

        Assert.Equal(new IntakeDecision.Triage("the email could not be read as MIME (FormatException)"), IntakePolicy.Decide(unreadable, NothingKnown));
    }

    [Fact]
    public void An_unclassified_email_that_mentions_a_child_goes_to_triage_with_its_reason()
    {
        var unsure = new ParsedEmail { Kind = EmailKind.Other, Confidence = 0.3, TriageReason = "could not classify with confidence: it mentions a child or school but matches no known kind" };

        var decision = Assert.IsType<IntakeDecision.Triage>(IntakePolicy.Decide(unsure, NothingKnown));
        Assert.StartsWith("could not classify with confidence", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unclassified_email_with_nothing_for_a_person_to_look_at_is_ignored()
    {
        var newsletter = new ParsedEmail { Kind = EmailKind.Other, Confidence = 0.9 };

        Assert.IsType<IntakeDecision.Ignore>(IntakePolicy.Decide(newsletter, NothingKnown));
    }

    [Fact]
    public void A_referral_naming_no_child_goes_to_triage()
    {
        var anonymous = Referral() with { Child = ChildDetails.Unknown };

        Assert.Equal(new IntakeDecision.Triage("no child's name or UPN was found"), IntakePolicy.Decide(anonymous, NothingKnown));
    }

    [Fact]
    public void A_case_update_attaches_to_the_case_it_names_without_an_acknowledgement()
    {
        var existing = OpenCase(42);
        var update = Referral() with { Kind = EmailKind.CaseUpdate, CaseReference = existing.Reference };

        Assert.Equal(new IntakeDecision.Attach(existing.Reference, Acknowledge: false), IntakePolicy.Decide(update, new IntakeFacts(existing, null)));
    }

    [Fact]
    public void A_case_update_naming_a_case_that_does_not_exist_goes_to_triage_saying_so()
    {
        var update = Referral() with { Kind = EmailKind.CaseUpdate, CaseReference = CaseReference.Create(2026, 99) };

        var decision = Assert.IsType<IntakeDecision.Triage>(IntakePolicy.Decide(update, NothingKnown));
        Assert.Contains("CME-2026-00099, which does not exist", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_command_for_a_case_that_does_not_exist_goes_to_triage_naming_the_command_but_not_its_free_text()
    {
        var command = Referral() with { Kind = EmailKind.CaseUpdate, CaseReference = CaseReference.Create(2026, 99), Text = "#note Leo Ashcombe seen at 41 Quillan Road" };

        var decision = Assert.IsType<IntakeDecision.Triage>(IntakePolicy.Decide(command, NothingKnown));

        // The reason is logged: the officer's text after the verb may name the child.
        Assert.Equal("a command (#note) for case CME-2026-00099, which does not exist", decision.Reason);
    }

    [Fact]
    public void An_on_roll_confirmation_for_a_child_with_no_open_case_goes_to_triage()
    {
        var confirmation = Referral() with { Kind = EmailKind.OnRollConfirmation };

        Assert.IsType<IntakeDecision.Triage>(IntakePolicy.Decide(confirmation, NothingKnown));
    }

    [Theory]
    [InlineData(EmailKind.Referral, true)] // the policies acknowledge referrals
    [InlineData(EmailKind.NoShow, true)] // and start-date no-shows
    [InlineData(EmailKind.RemovalFromRoll, true)] // and removals from roll
    [InlineData(EmailKind.InYearOffer, false)] // admissions' own notice: no acknowledgement needed
    [InlineData(EmailKind.PlaceDeclined, false)] // a parent declining: the officer replies in person
    public void Only_referrals_no_shows_and_removals_are_acknowledged(EmailKind kind, bool acknowledged)
    {
        var decision = Assert.IsType<IntakeDecision.Open>(IntakePolicy.Decide(Referral() with { Kind = kind }, NothingKnown));

        Assert.Equal(acknowledged, decision.Acknowledge);
    }

    private static ParsedEmail Referral() => new()
    {
        Kind = EmailKind.Referral,
        Confidence = 0.9,
        Child = ChildDetails.Unknown with { FirstName = "Leo", LastName = "Ashcombe", DateOfBirth = new DateOnly(2016, 6, 14) },
        ReferrerEmail = EmailAddress.Parse("dsl@school.example.org"),
    };

    private static Case OpenCase(int number) => Case.Open(
        CaseReference.Create(2026, number),
        EmailKind.Referral,
        new DateTimeOffset(2026, 1, 12, 9, 0, 0, TimeSpan.Zero),
        ChildDetails.Unknown with { FirstName = "Leo", LastName = "Ashcombe" },
        new CaseRouting("havering", null, null),
        null,
        []);
}
