using System.Globalization;
using Cme.Core.Mail;
using Cme.Core.Notifications;
using Cme.Core.Profiles;

namespace Cme.Core.Digest;

/// <summary>The digest as a notification: one per recipient per ISO week, whatever fires it.</summary>
public static class DigestNotice
{
    /// <summary>The widest trend bar, in pixels: with its labels it fits a phone screen (375 pixels) as well as Outlook.</summary>
    public const int BarWidth = 160;

    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>The week a digest belongs to: ISO year and week of the local day, e.g. <c>2026-W48</c>.</summary>
    public static string WeekOf(DateOnly day) =>
        $"{ISOWeek.GetYear(day.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(day.ToDateTime(TimeOnly.MinValue)):D2}";

    /// <param name="digest">The figures.</param>
    /// <param name="recipient">Who receives it.</param>
    /// <param name="profile">The authority.</param>
    /// <param name="week">The week it is for (<see cref="WeekOf"/> of its send day): part of its id, so it is sent once.</param>
    public static NotificationRequest For(DigestModel digest, EmailAddress recipient, AuthorityProfile profile, string week) => new(
        $"digest.{profile.Key}.{week}.{recipient.Value}",
        NotificationKind.Digest,
        null,
        [recipient],
        "digest",
        Model(digest));

    public static Dictionary<string, object?> Model(DigestModel digest)
    {
        var maxOpen = Math.Max(1, digest.Trend.Max(p => p.Open));
        return new Dictionary<string, object?>
        {
            ["service"] = digest.ServiceName,
            ["authority"] = digest.Authority,
            ["today"] = Long(digest.Today),
            ["week_from"] = Long(digest.WeekFrom),
            ["open_now"] = digest.OpenNow,
            ["new_this_week"] = digest.NewThisWeek,
            ["closed_this_week"] = digest.ClosedThisWeek,
            ["closed_by_outcome"] = Rows(digest.ClosedByOutcome),
            ["escalated_this_week"] = digest.EscalatedCasesThisWeek,
            ["safeguarding"] = digest.SafeguardingEscalationsThisWeek.Cast<object?>().ToList(),
            ["trend"] = digest.Trend.Select(p => (object?)new Dictionary<string, object?>
            {
                ["week"] = p.WeekEnding.ToString("d MMM", English),
                ["open"] = p.Open,
                ["width"] = Math.Max(2, p.Open * BarWidth / maxOpen),
            }).ToList(),
            ["overdue"] = Deadlines(digest.Overdue),
            ["due_soon"] = Deadlines(digest.DueSoon),
            ["due_soon_days"] = WeeklyDigest.DueSoonSchoolDays,
            ["areas"] = digest.Areas.Select(a => (object?)new Dictionary<string, object?> { ["area"] = a.Area, ["officer"] = a.Officer, ["open"] = a.Open, ["overdue"] = a.Overdue }).ToList(),
            ["risk_factors"] = Rows(digest.RiskFactors),
            ["policy"] = new Dictionary<string, object?>
            {
                ["due_on"] = Long(digest.PolicyReview.DueOn),
                ["overdue"] = digest.PolicyReview.Overdue,
                ["days"] = Math.Abs(digest.PolicyReview.DaysUntilDue),
                ["last_reviewed"] = digest.PolicyReview.LastReviewedOn is { } last ? Long(last) : null,
            },
            ["intake"] = new Dictionary<string, object?>
            {
                ["received"] = digest.Intake.Received,
                ["recorded"] = digest.Intake.Recorded,
                ["ignored"] = digest.Intake.Ignored,
                ["triaged"] = digest.Intake.Triaged,
                ["waiting"] = digest.Intake.WaitingInTriage,
                ["poison"] = digest.Intake.Poison,
                ["recovered"] = digest.Intake.Recovered,
                ["last_poll"] = digest.Intake.LastSuccessfulPoll is { } poll ? poll.ToString("ddd d MMM yyyy HH:mm 'UTC'", English) : "never",
            },
            ["term_dates_warning"] = digest.TermDatesWarning,
            ["mailbox_warning"] = digest.MailboxWarning,
            ["delivery_failures"] = digest.DeliveryFailures,
            ["census"] = new Dictionary<string, object?>
            {
                ["next"] = digest.Census.NextCensus is { } next ? Long(next) : null,
                ["days"] = digest.Census.DaysToNextCensus,
                ["missing_reason"] = digest.Census.MissingReason,
                ["missing_sex"] = digest.Census.MissingSex,
                ["missing_year_group"] = digest.Census.MissingYearGroup,
                ["missing_any"] = digest.Census.MissingAny,
                ["warning"] = digest.Census.Warning,
            },
        };
    }

    private static List<object?> Rows(IEnumerable<CountRow> rows) =>
        rows.Select(r => (object?)new Dictionary<string, object?> { ["label"] = r.Label, ["count"] = r.Count }).ToList();

    private static List<object?> Deadlines(IEnumerable<DeadlineRow> rows) => rows.Select(r => (object?)new Dictionary<string, object?>
    {
        ["case"] = r.Case,
        ["area"] = r.Area,
        ["officer"] = r.Officer,
        ["rule"] = r.Rule,
        ["due_on"] = r.DueOn.ToString("ddd d MMM", English),
        ["overdue"] = r.SchoolDaysOverdue,
        ["left"] = r.SchoolDaysLeft,
        ["estimated"] = r.Estimated,
    }).ToList();

    private static string Long(DateOnly date) => date.ToString("dddd d MMMM yyyy", English);
}
