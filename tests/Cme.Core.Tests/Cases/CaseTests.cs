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
