using System.Globalization;
using Cme.Core.Cases;
using Cme.Core.Deadlines;
using Cme.Core.Profiles;

namespace Cme.Core.Tests.Deadlines;

/// <summary>
/// The deadline rules on Hertfordshire's real calendar, with the profile's defaults: reminders two
/// school days before and on the due day at 08:00 local, escalations from the next school day and
/// every two school days after. Expected dates were counted by hand from the term-date file.
/// </summary>
public sealed class DeadlineScheduleTests
{
    private static readonly CaseReference Case = CaseReference.Create(2026, 12);
    private static readonly AuthorityProfile Herts = ShippedProfiles.Hertfordshire;
    private static readonly DeadlineSchedule Schedule = new(Herts);

    private static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateTimeOffset Utc(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static Deadline OfferOn(string iso) => Schedule.Start(Case, DeadlineRule.OnRoll, D(iso));

    [Fact]
    public void An_offer_on_the_Friday_before_half_term_is_due_after_the_break_with_reminders_and_escalations_on_school_days()
    {
        var deadline = OfferOn("2026-02-13");

        Assert.Equal(D("2026-03-06"), deadline.DueOn);
        var steps = Schedule.Steps(deadline).Take(5).Select(s => (s.Key, s.On)).ToList();
        Assert.Equal(
            [
                ("reminder-2", D("2026-03-04")),
                ("reminder-0", D("2026-03-06")),
                ("escalation-1", D("2026-03-09")),
                ("escalation-2", D("2026-03-11")),
                ("escalation-3", D("2026-03-13")),
            ],
            steps);
    }

    [Fact]
    public void An_offer_a_week_before_Christmas_is_due_in_the_second_week_of_January()
    {
        var deadline = OfferOn("2026-12-14");

        Assert.Equal(D("2027-01-11"), deadline.DueOn);
        Assert.Equal(D("2027-01-07"), Schedule.Steps(deadline).First().On);
        Assert.Equal(D("2027-01-12"), Schedule.Steps(deadline).First(s => s.Kind == DeadlineStepKind.Escalation).On);
    }

    [Fact]
    public void A_reminder_two_school_days_before_a_deadline_just_after_Christmas_goes_out_before_the_break()
    {
        var deadline = new Deadline { Case = Case, Rule = DeadlineRule.NoShowReview, StartedOn = D("2026-12-01"), DueOn = D("2027-01-05") };

        Assert.Equal(D("2026-12-18"), Schedule.Steps(deadline).First().On);
    }

    [Fact]
    public void The_early_May_bank_holiday_is_not_counted()
    {
        Assert.Equal(D("2026-05-15"), OfferOn("2026-04-30").DueOn);
    }

    [Fact]
    public void Every_rule_counts_the_profiles_school_days()
    {
        var start = D("2026-01-12");
        Assert.Equal(Herts.Calendar.AddSchoolDays(start, Herts.Deadlines.OnRollSchoolDays), Schedule.Start(Case, DeadlineRule.OnRoll, start).DueOn);
        Assert.Equal(Herts.Calendar.AddSchoolDays(start, Herts.Deadlines.NoShowReviewSchoolDays), Schedule.Start(Case, DeadlineRule.NoShowReview, start).DueOn);
        Assert.Equal(Herts.Calendar.AddSchoolDays(start, Herts.Deadlines.ReferralReviewSchoolDays), Schedule.Start(Case, DeadlineRule.EnquiriesReview, start).DueOn);
        Assert.Equal(D("2027-01-12"), Schedule.Start(Case, DeadlineRule.AnnualReview, start).DueOn);
        Assert.Equal(D("2028-01-12"), Schedule.Start(Case, DeadlineRule.AnnualReview, start, sequence: 2).DueOn);
    }

    [Fact]
    public void Steps_go_out_at_eight_local_time_on_either_side_of_the_October_clock_change()
    {
        // British Summer Time ends on Sunday 25 October 2026.
        var summer = new DeadlineStep(0, DeadlineStepKind.Reminder, D("2026-10-23"), 0);
        var winter = new DeadlineStep(0, DeadlineStepKind.Reminder, D("2026-11-02"), 0);

        Assert.Equal(Utc("2026-10-23T07:00:00Z"), Schedule.MomentOf(summer));
        Assert.Equal(Utc("2026-11-02T08:00:00Z"), Schedule.MomentOf(winter));
    }

    [Fact]
    public void Steps_go_out_at_eight_local_time_on_either_side_of_the_March_clock_change()
    {
        // British Summer Time starts on Sunday 28 March 2027.
        Assert.Equal(Utc("2027-03-26T08:00:00Z"), Schedule.MomentOf(new DeadlineStep(0, DeadlineStepKind.Reminder, D("2027-03-26"), 0)));
        Assert.Equal(Utc("2027-04-12T07:00:00Z"), Schedule.MomentOf(new DeadlineStep(0, DeadlineStepKind.Reminder, D("2027-04-12"), 0)));
    }

    [Fact]
    public void Nothing_is_due_before_the_first_reminders_time_and_the_reminder_is_due_from_it()
    {
        var deadline = OfferOn("2026-02-13");

        Assert.Null(Schedule.StepDue(deadline, Utc("2026-03-04T07:59:00Z")));
        Assert.Equal("reminder-2", Schedule.StepDue(deadline, Utc("2026-03-04T08:00:00Z"))!.Key);
    }

    [Fact]
    public void A_step_already_sent_is_not_due_again()
    {
        var deadline = OfferOn("2026-02-13");
        var sent = deadline with { LastStep = Schedule.StepDue(deadline, Utc("2026-03-04T09:00:00Z")) };

        Assert.Null(Schedule.StepDue(sent, Utc("2026-03-05T12:00:00Z")));
        Assert.Equal("reminder-0", Schedule.NextStep(sent, Utc("2026-03-05T12:00:00Z"))!.Key);
    }

    [Fact]
    public void After_the_host_was_down_for_a_week_only_the_latest_step_is_sent()
    {
        var deadline = OfferOn("2026-02-13");

        var due = Schedule.StepDue(deadline, Utc("2026-03-12T10:00:00Z"))!;

        Assert.Equal("escalation-2", due.Key);
        Assert.Equal(D("2026-03-13"), Schedule.NextStep(deadline with { LastStep = due }, Utc("2026-03-12T10:00:00Z"))!.On);
    }

    [Fact]
    public void Escalations_repeat_every_configured_number_of_school_days_until_the_deadline_is_met()
    {
        var schedule = new DeadlineSchedule(Herts.Calendar, Herts.Deadlines with { EscalationRepeatSchoolDays = 5 }, Herts.TimeZone);
        var deadline = schedule.Start(Case, DeadlineRule.OnRoll, D("2026-02-13"));

        var escalations = schedule.Steps(deadline).Where(s => s.Kind == DeadlineStepKind.Escalation).Take(3).Select(s => s.On);

        Assert.Equal([D("2026-03-09"), D("2026-03-16"), D("2026-03-23")], escalations);
    }

    [Fact]
    public void A_met_deadline_has_no_step_due_and_none_to_come()
    {
        var met = OfferOn("2026-02-13").Meet(D("2026-03-05"), "on roll");

        Assert.Null(Schedule.StepDue(met, Utc("2026-03-20T10:00:00Z")));
        Assert.Null(Schedule.NextStep(met, Utc("2026-03-20T10:00:00Z")));
    }

    [Fact]
    public void Overdue_and_remaining_days_are_counted_in_school_days()
    {
        var deadline = OfferOn("2026-02-13");

        Assert.Equal(2, Schedule.SchoolDaysLeft(deadline, D("2026-03-04")));
        Assert.Equal(0, Schedule.SchoolDaysOverdue(deadline, D("2026-03-06")));
        Assert.Equal(5, Schedule.SchoolDaysOverdue(deadline, D("2026-03-13")));
    }

    [Fact]
    public void Without_term_dates_the_deadline_is_counted_in_weekdays_never_later_and_says_so()
    {
        // Havering's term dates cover 2024/25 only.
        var havering = new DeadlineSchedule(ShippedProfiles.Havering);
        var deadline = havering.Start(Case, DeadlineRule.OnRoll, D("2026-10-19"));

        Assert.Equal(D("2026-11-02"), deadline.DueOn);
        Assert.Contains("2026/27", deadline.Estimated, StringComparison.Ordinal);
        Assert.NotEmpty(havering.Steps(deadline).Take(4));
    }

    [Fact]
    public void The_step_due_computed_directly_matches_walking_the_schedule_step_by_step_at_every_hour_for_ten_weeks()
    {
        var deadline = OfferOn("2026-11-30");
        var steps = Schedule.Steps(deadline).Take(40).ToList();
        Assert.Equal(steps, Enumerable.Range(0, 40).Select(i => Schedule.StepAt(deadline, i)));

        for (var now = Utc("2026-12-01T00:00:00Z"); now < Utc("2027-02-10T00:00:00Z"); now = now.AddHours(1))
        {
            var walked = steps.LastOrDefault(step => Schedule.MomentOf(step) <= now);
            Assert.Equal(walked, Schedule.StepDue(deadline, now));
            Assert.Equal(steps.First(step => Schedule.MomentOf(step) > now), Schedule.NextStep(deadline, now));
        }
    }
}
