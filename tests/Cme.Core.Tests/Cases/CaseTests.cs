using Cme.Core.Cases;
using Cme.Core.Intake;

namespace Cme.Core.Tests.Cases;

public sealed class CaseTests
{
    private static readonly DateTimeOffset Monday = new(2026, 1, 12, 9, 15, 0, TimeSpan.Zero);

    [Fact]
    public void A_referral_opens_an_open_case_with_its_risk_factors()
    {
        var opened = Open();

        Assert.Equal(CaseStatus.Open, opened.Status);
        Assert.Contains(RiskFactor.TemporaryAccommodation, opened.RiskFactors);
        Assert.Equal(Monday, opened.LastActivityAt);
    }

    [Fact]
    public void A_case_cannot_be_opened_for_a_child_nobody_can_identify()
    {
        var error = Assert.Throws<CaseTransitionException>(() =>
            Case.Open(CaseReference.Create(2026, 1), EmailKind.Referral, Monday, ChildDetails.Unknown, Routing(), null, []));

        Assert.Contains("triage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_attached_email_adds_risk_factors_and_moves_last_activity_on()
    {
        var updated = Open().Attach(Monday.AddDays(2), ChildDetails.Unknown, [RiskFactor.DomesticAbuse]);

        Assert.Equal([RiskFactor.TemporaryAccommodation, RiskFactor.DomesticAbuse], updated.RiskFactors.Order());
        Assert.Equal(Monday.AddDays(2), updated.LastActivityAt);
    }

    [Fact]
    public void Closing_a_closed_case_is_refused_naming_both_outcomes()
    {
        var closed = Open().Close("located and in education", Monday.AddDays(5));

        var error = Assert.Throws<CaseTransitionException>(() => closed.Close("lost pupil", Monday.AddDays(6)));

        Assert.Contains("already closed (located and in education)", error.Message, StringComparison.Ordinal);
        Assert.Contains("lost pupil", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_closed_case_takes_no_more_emails()
    {
        var closed = Open().Close("located and in education", Monday.AddDays(5));

        Assert.Throws<CaseTransitionException>(() => closed.Attach(Monday.AddDays(6), ChildDetails.Unknown, []));
    }

    [Fact]
    public void Nothing_outside_a_case_can_set_its_state()
    {
        var type = typeof(Case);

        Assert.Empty(type.GetConstructors(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance));
        Assert.All(type.GetProperties(), property => Assert.True(
            property.SetMethod is null || !property.SetMethod.IsPublic,
            $"Case.{property.Name} can be set from outside the case"));
    }

    [Fact]
    public void A_stored_case_comes_back_as_it_was_written()
    {
        var written = Open().Flag(CaseFlag.LostPupil, Monday.AddDays(1)).Close("located and in education", Monday.AddDays(5), new DateOnly(2026, 1, 16));

        var restored = Restore(written, written.Status, written.ClosedAt, written.Outcome);

        Assert.Equal(written.Status, restored.Status);
        Assert.Equal(written.Outcome, restored.Outcome);
        Assert.Equal(written.ClosedAt, restored.ClosedAt);
        Assert.Equal(written.StoppedCmeOn, restored.StoppedCmeOn);
        Assert.Equal(written.Flags, restored.Flags);
        Assert.Equal(written.RiskFactors, restored.RiskFactors);
        Assert.Equal(written.LastActivityAt, restored.LastActivityAt);
    }

    [Fact]
    public void A_stored_case_marked_closed_without_an_outcome_is_refused_naming_the_case()
    {
        var open = Open();

        var error = Assert.Throws<CaseTransitionException>(() => Restore(open, CaseStatus.Closed, Monday.AddDays(5), outcome: null));

        Assert.Contains(open.Reference.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains("closed but has no closing time or outcome", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stored_case_marked_open_with_an_outcome_is_refused()
    {
        var error = Assert.Throws<CaseTransitionException>(() => Restore(Open(), CaseStatus.Open, closedAt: null, outcome: "located and in education"));

        Assert.Contains("open but has a closing time or outcome (located and in education)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_note_moves_last_activity_on_and_never_back()
    {
        var opened = Open();

        Assert.Equal(Monday.AddDays(1), opened.RecordActivity(Monday.AddDays(1)).LastActivityAt);
        Assert.Equal(Monday, opened.RecordActivity(Monday.AddDays(-1)).LastActivityAt);
    }

    private static Case Restore(Case from, CaseStatus status, DateTimeOffset? closedAt, string? outcome) => Case.Restore(
        from.Reference,
        status,
        from.OpenedBy,
        from.OpenedAt,
        from.LastActivityAt,
        from.Child,
        from.Routing,
        from.Referrer,
        from.RiskFactors,
        from.Flags,
        closedAt,
        outcome,
        from.Reason,
        from.BecameCmeOn,
        from.StoppedCmeOn);

    private static Case Open() => Case.Open(
        CaseReference.Create(2026, 1),
        EmailKind.Referral,
        Monday,
        ChildDetails.Unknown with { FirstName = "Leo", LastName = "Ashcombe" },
        Routing(),
        null,
        [RiskFactor.TemporaryAccommodation]);

    private static CaseRouting Routing() => new("havering", "RM7", null);
}
