using Cme.Core.Calendar;
using Cme.Core.Cases;
using Cme.Core.Profiles;

namespace Cme.Core.Deadlines;

/// <summary>
/// When a deadline falls due and when each of its reminders and escalations goes out, counted in
/// the authority's school days. Where the profile has no term dates for a period, days are counted
/// as weekdays instead: never later than the school-day count, so nothing is missed while the
/// term dates are added, and the deadline says it was estimated.
/// </summary>
public sealed class DeadlineSchedule(SchoolCalendar calendar, DeadlineParameters parameters, TimeZoneInfo timeZone)
{
    public DeadlineSchedule(AuthorityProfile profile)
        : this(profile.Calendar, profile.Deadlines, profile.TimeZone)
    {
    }

    public TimeZoneInfo TimeZone => timeZone;

    /// <summary>The school days the policy allows for a rule; annual reviews are counted in years instead.</summary>
    public int SchoolDaysAllowed(DeadlineRule rule) => rule switch
    {
        DeadlineRule.OnRoll => parameters.OnRollSchoolDays,
        DeadlineRule.NoShowReview => parameters.NoShowReviewSchoolDays,
        DeadlineRule.EnquiriesReview => parameters.ReferralReviewSchoolDays,
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "An annual review is due on the case's anniversary, not after a number of school days."),
    };

    /// <summary>Starts a deadline's clock on <paramref name="startedOn"/>.</summary>
    public Deadline Start(CaseReference @case, DeadlineRule rule, DateOnly startedOn, int sequence = 1)
    {
        if (rule == DeadlineRule.AnnualReview)
        {
            return new Deadline { Case = @case, Rule = rule, Sequence = sequence, StartedOn = startedOn, DueOn = startedOn.AddYears(sequence) };
        }

        var (due, estimated) = AddSchoolDays(startedOn, SchoolDaysAllowed(rule));
        return new Deadline { Case = @case, Rule = rule, Sequence = sequence, StartedOn = startedOn, DueOn = due, Estimated = estimated };
    }

    /// <summary>
    /// Every step of a deadline in date order: a reminder on each configured number of school days
    /// before the due day (0 is the due day itself), then an escalation on the first school day
    /// after it and again every configured number of school days. Unbounded: take what you need.
    /// </summary>
    public IEnumerable<DeadlineStep> Steps(Deadline deadline)
    {
        var reminders = Reminders(deadline);
        foreach (var reminder in reminders)
        {
            yield return reminder;
        }

        var escalation = FirstEscalation(deadline);
        for (var index = reminders.Count; ; index++)
        {
            yield return new DeadlineStep(index, DeadlineStepKind.Escalation, escalation, index - reminders.Count + 1);
            escalation = AddSchoolDays(escalation, parameters.EscalationRepeatSchoolDays).Date;
        }
    }

    /// <summary>The step at a position in the schedule, computed directly (a deadline missed for years has many escalations).</summary>
    public DeadlineStep StepAt(Deadline deadline, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var reminders = Reminders(deadline);
        if (index < reminders.Count)
        {
            return reminders[index];
        }

        var number = index - reminders.Count + 1;
        var first = FirstEscalation(deadline);
        var on = number == 1 ? first : AddSchoolDays(first, (number - 1) * parameters.EscalationRepeatSchoolDays).Date;
        return new DeadlineStep(index, DeadlineStepKind.Escalation, on, number);
    }

    /// <summary>The moment a step goes out: the profile's notification time, local, on its day.</summary>
    public DateTimeOffset MomentOf(DeadlineStep step) => LocalMoment(step.On, parameters.NotifyAt);

    /// <summary>The local date at a moment, in the authority's time zone.</summary>
    public DateOnly LocalDate(DateTimeOffset moment) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(moment, timeZone).DateTime);

    /// <summary>
    /// The step to send now, if any: the latest one whose moment has come and that comes after the
    /// last one sent. Earlier steps missed while the host was down are not sent as well: the latest
    /// says everything they would have.
    /// </summary>
    public DeadlineStep? StepDue(Deadline deadline, DateTimeOffset now)
    {
        if (!deadline.IsOpen)
        {
            return null;
        }

        var latest = LatestReached(deadline, now);
        return latest > (deadline.LastStep?.Index ?? -1) ? StepAt(deadline, latest) : null;
    }

    /// <summary>The next step still to come after <paramref name="now"/>; null when the deadline is met.</summary>
    public DeadlineStep? NextStep(Deadline deadline, DateTimeOffset now) =>
        deadline.IsOpen ? StepAt(deadline, Math.Max(LatestReached(deadline, now), deadline.LastStep?.Index ?? -1) + 1) : null;

    /// <summary>The index of the latest step whose moment has come (-1 for none).</summary>
    private int LatestReached(Deadline deadline, DateTimeOffset now)
    {
        var reminders = Reminders(deadline);
        var first = FirstEscalation(deadline);
        if (MomentOf(new DeadlineStep(reminders.Count, DeadlineStepKind.Escalation, first, 1)) > now)
        {
            return reminders.FindLastIndex(r => MomentOf(r) <= now);
        }

        // Escalation n falls (n - 1) x repeat school days after the first: start from the count, then step back past any still to come today.
        var index = reminders.Count + (SchoolDaysBetween(first, LocalDate(now)) / parameters.EscalationRepeatSchoolDays);
        while (index > reminders.Count && MomentOf(StepAt(deadline, index)) > now)
        {
            index--;
        }

        return index;
    }

    private List<DeadlineStep> Reminders(Deadline deadline) => parameters.ReminderSchoolDaysBefore
        .Distinct()
        .OrderByDescending(n => n)
        .Select(n => (Number: n, On: n == 0 ? deadline.DueOn : SubtractSchoolDays(deadline.DueOn, n)))
        .Where(r => r.On > deadline.StartedOn || r.Number == 0)
        .DistinctBy(r => r.On)
        .Select((r, index) => new DeadlineStep(index, DeadlineStepKind.Reminder, r.On, r.Number))
        .ToList();

    private DateOnly FirstEscalation(Deadline deadline) => AddSchoolDays(deadline.DueOn, 1).Date;

    /// <summary>School days past the due day (0 on or before it).</summary>
    public int SchoolDaysOverdue(Deadline deadline, DateOnly today) =>
        today <= deadline.DueOn ? 0 : SchoolDaysBetween(deadline.DueOn, today);

    /// <summary>School days from today to the due day, counting the due day (0 when due today or past).</summary>
    public int SchoolDaysLeft(Deadline deadline, DateOnly today) =>
        today >= deadline.DueOn ? 0 : SchoolDaysBetween(today, deadline.DueOn);

    private DateTimeOffset LocalMoment(DateOnly day, TimeOnly time)
    {
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);
        while (timeZone.IsInvalidTime(local))
        {
            // The clocks went forward over this time: the first valid minute after it.
            local = local.AddMinutes(1);
        }

        return new DateTimeOffset(local, timeZone.GetUtcOffset(local));
    }

    private (DateOnly Date, string? Estimated) AddSchoolDays(DateOnly from, int n)
    {
        try
        {
            return (calendar.AddSchoolDays(from, n), null);
        }
        catch (TermDataMissingException missing)
        {
            var day = from;
            for (var counted = 0; counted < n;)
            {
                day = day.AddDays(1);
                counted += IsWeekday(day) ? 1 : 0;
            }

            return (day, $"counted in weekdays: {missing.Message}");
        }
    }

    private DateOnly SubtractSchoolDays(DateOnly before, int n)
    {
        try
        {
            return calendar.SubtractSchoolDays(before, n);
        }
        catch (TermDataMissingException)
        {
            // An estimate until the term dates are added; the due-day reminder and the escalations do not depend on it.
            var day = before;
            for (var counted = 0; counted < n;)
            {
                day = day.AddDays(-1);
                counted += IsWeekday(day) ? 1 : 0;
            }

            return day;
        }
    }

    private int SchoolDaysBetween(DateOnly from, DateOnly to)
    {
        try
        {
            return calendar.SchoolDaysBetween(from, to);
        }
        catch (TermDataMissingException)
        {
            var count = 0;
            for (var day = from.AddDays(1); day <= to; day = day.AddDays(1))
            {
                count += IsWeekday(day) ? 1 : 0;
            }

            return count;
        }
    }

    private static bool IsWeekday(DateOnly day) => day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
}
