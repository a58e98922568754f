using System.Globalization;
using Cme.Core.Cases;
using Cme.Core.Deadlines;
using Cme.Core.Intake;
using Cme.Core.Mail;
using Cme.Core.Profiles;

namespace Cme.Core.Notifications;

/// <summary>
/// The notifications the policies call for, with deterministic ids (the same cause always gives
/// the same id, so it is delivered once) and the minimum personal data the profile allows.
/// </summary>
public static class Notices
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>The referrer's acknowledgement: the case reference to quote.</summary>
    public static NotificationRequest Acknowledgement(string emailKey, Case @case, EmailKind kind, EmailAddress referrer, AuthorityProfile profile)
    {
        var what = kind switch
        {
            EmailKind.NoShow => "notification that a child did not start",
            EmailKind.RemovalFromRoll => "notification of a removal from roll",
            _ => "referral",
        };
        return new NotificationRequest(
            "ack-" + emailKey,
            NotificationKind.Acknowledgement,
            @case.Reference,
            [referrer],
            "acknowledgement",
            Model(profile, @case, ("what", what)));
    }

    /// <summary>A reminder to the area's officer, or an escalation to the manager (copied to the officer).</summary>
    public static NotificationRequest DeadlineStep(Case @case, Deadline deadline, DeadlineStep step, DeadlineSchedule schedule, AuthorityProfile profile, DateOnly today)
    {
        var officer = OfficerFor(@case, profile);
        var escalation = step.Kind == DeadlineStepKind.Escalation;
        var checklist = deadline.Rule == DeadlineRule.EnquiriesReview
            ? profile.Deadlines.EnquiriesChecklist.Select(item => (object?)new Dictionary<string, object?>
            {
                ["id"] = item.Id,
                ["text"] = item.Text,
                ["done"] = deadline.ChecklistDone.Contains(item.Id),
            }).ToList()
            : [];
        return new NotificationRequest(
            $"{deadline.Id}.{step.Key}",
            escalation ? NotificationKind.Escalation : NotificationKind.Reminder,
            @case.Reference,
            escalation ? Distinct(profile.Manager, officer) : [officer],
            escalation ? "escalation" : "reminder",
            Model(
                profile,
                @case,
                ("deadline", new Dictionary<string, object?>
                {
                    ["rule"] = deadline.Rule.WireName(),
                    ["title"] = deadline.Rule.Title(),
                    ["started_on"] = LongDate(deadline.StartedOn),
                    ["due_on"] = LongDate(deadline.DueOn),
                    ["school_days_left"] = schedule.SchoolDaysLeft(deadline, today),
                    ["school_days_overdue"] = schedule.SchoolDaysOverdue(deadline, today),
                    ["estimated"] = deadline.Estimated,
                    ["checklist"] = checklist,
                    ["checklist_remaining"] = checklist.Count(item => item is Dictionary<string, object?> d && d["done"] is false),
                }),
                ("step", new Dictionary<string, object?>
                {
                    ["kind"] = step.Kind == DeadlineStepKind.Reminder ? "reminder" : "escalation",
                    ["number"] = step.Number,
                    ["due_today"] = step.Kind == DeadlineStepKind.Reminder && step.Number == 0,
                }),
                ("at_risk", deadline.Rule == DeadlineRule.OnRoll && escalation)));
    }

    /// <summary>The safeguarding fast path: to the manager the day the referral arrives.</summary>
    public static NotificationRequest Safeguarding(Case @case, string reason, AuthorityProfile profile) => new(
        $"{@case.Reference}.safeguarding",
        NotificationKind.Escalation,
        @case.Reference,
        Distinct(profile.Manager, OfficerFor(@case, profile)),
        "safeguarding",
        Model(profile, @case, ("reason", reason)));

    /// <summary>The referrer hears the case is closed (Havering 6.3), with the outcome in general terms.</summary>
    public static NotificationRequest CaseClosed(Case @case, EmailAddress referrer, AuthorityProfile profile) => new(
        $"{@case.Reference}.closed",
        NotificationKind.CaseClosed,
        @case.Reference,
        [referrer],
        "case-closed",
        Model(profile, @case));

    /// <summary>The answer to an officer's command: applied, or refused and why.</summary>
    public static NotificationRequest CommandReply(string emailKey, CaseReference reference, EmailAddress to, string line, bool applied, string summary, AuthorityProfile profile) => new(
        "cmd-" + emailKey,
        NotificationKind.CommandReply,
        reference,
        [to],
        "command-reply",
        new Dictionary<string, object?>
        {
            ["service"] = profile.ServiceName,
            ["reference"] = reference.ToString(),
            ["command"] = line,
            ["applied"] = applied,
            ["summary"] = summary,
            ["usage"] = Commands.OfficerCommand.Usage,
        });

    /// <summary>The manager's reminder of the policy's annual review; <paramref name="daysBefore"/> 0 or less means due or overdue.</summary>
    public static NotificationRequest PolicyReview(AuthorityProfile profile, DateOnly dueOn, int daysBefore) => new(
        $"policy-review.{dueOn:yyyyMMdd}.{(daysBefore > 0 ? daysBefore.ToString(CultureInfo.InvariantCulture) : "due")}",
        NotificationKind.Reminder,
        null,
        [profile.Manager],
        "policy-review",
        new Dictionary<string, object?>
        {
            ["service"] = profile.ServiceName,
            ["authority"] = profile.Name,
            ["due_on"] = LongDate(dueOn),
            ["days_before"] = Math.Max(daysBefore, 0),
            ["overdue"] = daysBefore <= 0,
        });

    public static EmailAddress OfficerFor(Case @case, AuthorityProfile profile) =>
        profile.Areas.FirstOrDefault(a => a.Id == @case.Routing.Area)?.Officer ?? profile.Manager;

    public static string LongDate(DateOnly date) => date.ToString("dddd d MMMM yyyy", English);

    private static EmailAddress[] Distinct(params EmailAddress[] addresses) => addresses.Distinct().ToArray();

    private static Dictionary<string, object?> Model(AuthorityProfile profile, Case @case, params (string Key, object? Value)[] extra)
    {
        var area = profile.Areas.FirstOrDefault(a => a.Id == @case.Routing.Area);
        var model = new Dictionary<string, object?>
        {
            ["service"] = profile.ServiceName,
            ["case"] = new Dictionary<string, object?>
            {
                ["reference"] = @case.Reference.ToString(),
                ["initials"] = string.IsNullOrEmpty(@case.Child.Initials) ? null : @case.Child.Initials,
                ["name"] = profile.Notifications.IncludeFullNames ? string.Join(' ', new[] { @case.Child.FirstName, @case.Child.LastName }.Where(n => !string.IsNullOrWhiteSpace(n))) : null,
                ["year_group"] = @case.Child.YearGroup?.ToString(),
                ["school"] = @case.Child.School,
                ["area"] = area?.Name ?? @case.Routing.Area,
                ["officer"] = area?.Officer.Value,
                ["opened_on"] = LongDate(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(@case.OpenedAt, profile.TimeZone).DateTime)),
                ["outcome"] = @case.Outcome,
                ["flags"] = @case.Flags.Select(f => (object?)f.Title()).ToList(),
            },
        };
        foreach (var (key, value) in extra)
        {
            model[key] = value;
        }

        return model;
    }
}
