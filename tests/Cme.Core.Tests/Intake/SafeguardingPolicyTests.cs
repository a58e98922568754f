using Cme.Core.Intake;

namespace Cme.Core.Tests.Intake;

public sealed class SafeguardingPolicyTests
{
    private static ParsedEmail Referral(bool? whereaboutsKnown, bool concerns = false, params RiskFactor[] risks) =>
        new() { Kind = EmailKind.Referral, WhereaboutsKnown = whereaboutsKnown, SignificantConcerns = concerns, RiskFactors = risks };

    [Theory]
    [InlineData(RiskFactor.ChildProtectionPlan)]
    [InlineData(RiskFactor.ChildInNeed)]
    public void A_child_on_a_plan_whose_whereabouts_are_unknown_escalates_the_same_day(RiskFactor plan)
    {
        Assert.True(SafeguardingPolicy.NeedsImmediateEscalation(Referral(false, false, plan)));
    }

    [Fact]
    public void Significant_concerns_with_whereabouts_not_stated_escalate()
    {
        var email = Referral(null, concerns: true);

        Assert.True(SafeguardingPolicy.NeedsImmediateEscalation(email));
        Assert.Equal("significant concerns stated; whereabouts not stated", SafeguardingPolicy.Reason(email));
    }

    [Fact]
    public void A_child_on_a_plan_whose_whereabouts_are_known_takes_the_normal_route()
    {
        Assert.False(SafeguardingPolicy.NeedsImmediateEscalation(Referral(true, true, RiskFactor.ChildProtectionPlan)));
    }

    [Fact]
    public void Other_risk_factors_alone_take_the_normal_route()
    {
        Assert.False(SafeguardingPolicy.NeedsImmediateEscalation(Referral(false, false, RiskFactor.TemporaryAccommodation, RiskFactor.DomesticAbuse)));
    }

    [Fact]
    public void Only_a_referral_takes_the_fast_path()
    {
        Assert.False(SafeguardingPolicy.NeedsImmediateEscalation(Referral(false, true) with { Kind = EmailKind.NoShow }));
    }
}
