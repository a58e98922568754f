using System.Globalization;
using Cme.Core.Cases;
using Cme.Core.Deadlines;
using Cme.Core.Intake;

namespace Cme.Core.Tests.Deadlines;

public sealed class DeadlinePlannerTests
{
    private static readonly DeadlinePlanner Planner = new(new DeadlineSchedule(ShippedProfiles.Hertfordshire));
    private static readonly DateTimeOffset Monday = new(2026, 1, 12, 10, 0, 0, TimeSpan.Zero);

    private static Case NewCase(EmailKind kind) => Case.Open(
        CaseReference.Create(2026, 1), kind, Monday, new ChildDetails("Ada", "Invented", null, null, null, null, null, null), new CaseRouting("west", null, null), null, []);

    [Theory]
    [InlineData("referral", "enquiries-review")]
    [InlineData("removal-from-roll", "enquiries-review")]
    [InlineData("place-declined", "enquiries-review")]
    [InlineData("no-show", "no-show-review")]
    [InlineData("in-year-offer", "on-roll")]
    public void A_new_case_gets_its_rules_deadline_and_an_annual_review(string kind, string rule)
    {
        EmailKinds.TryParse(kind, out var emailKind);

        var plan = Planner.ForEmail(NewCase(emailKind), opened: true, [], emailKind, Monday, offerDate: null);

        Assert.Equal(new[] { "annual-review", rule }.Order(), plan.Deadlines.Select(d => d.Rule.WireName()).Order());
        Assert.Equal(2, plan.Events.Count(e => e.Type == CaseEventType.DeadlineStarted));
    }

    [Fact]
    public void The_on_roll_clock_starts_on_the_offer_date_the_email_gives()
    {
        var plan = Planner.ForEmail(NewCase(EmailKind.InYearOffer), true, [], EmailKind.InYearOffer, Monday, new DateOnly(2026, 1, 8));

        var onRoll = plan.Deadlines.Single(d => d.Rule == DeadlineRule.OnRoll);
        Assert.Equal(new DateOnly(2026, 1, 8), onRoll.StartedOn);
        Assert.Equal(new DateOnly(2026, 1, 22), onRoll.DueOn);
    }

    [Fact]
    public void A_second_email_of_the_same_kind_does_not_restart_an_open_clock()
    {
        var first = Planner.ForEmail(NewCase(EmailKind.Referral), true, [], EmailKind.Referral, Monday, null);

        var second = Planner.ForEmail(first.Case, false, first.Deadlines, EmailKind.Referral, Monday.AddDays(3), null);

        Assert.Empty(second.Deadlines);
    }

    [Fact]
    public void An_on_roll_confirmation_meets_the_on_roll_deadline_and_closes_a_case_with_nothing_else_open()
    {
        var offer = Planner.ForEmail(NewCase(EmailKind.InYearOffer), true, [], EmailKind.InYearOffer, Monday, null);

        var confirmed = Planner.ForEmail(offer.Case, false, offer.Deadlines, EmailKind.OnRollConfirmation, Monday.AddDays(7), null);

        Assert.All(confirmed.Deadlines, d => Assert.False(d.IsOpen));
        Assert.Equal(CaseStatus.Closed, confirmed.Case.Status);
        Assert.Equal("on roll: confirmed by the school", confirmed.ClosedWith);
        Assert.Contains(confirmed.Events, e => e.Type == CaseEventType.DeadlineMet && e.Details["deadline"].Contains("on-roll", StringComparison.Ordinal));
    }

    [Fact]
    public void An_on_roll_confirmation_leaves_a_case_with_open_enquiries_open()
    {
        var referral = Planner.ForEmail(NewCase(EmailKind.Referral), true, [], EmailKind.Referral, Monday, null);
        var offer = Planner.ForEmail(referral.Case, false, referral.Deadlines, EmailKind.InYearOffer, Monday.AddDays(1), null);
        var all = referral.Deadlines.Concat(offer.Deadlines).ToList();

        var confirmed = Planner.ForEmail(offer.Case, false, all, EmailKind.OnRollConfirmation, Monday.AddDays(7), null);

        Assert.Equal(CaseStatus.Open, confirmed.Case.Status);
        Assert.False(Assert.Single(confirmed.Deadlines).IsOpen);
    }
}
