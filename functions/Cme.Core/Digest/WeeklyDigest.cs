using System.Globalization;
using Cme.Core.Cases;
using Cme.Core.Census;
using Cme.Core.Deadlines;
using Cme.Core.Intake;
using Cme.Core.Notifications;
using Cme.Core.Profiles;

namespace Cme.Core.Digest;

/// <summary>What the digest is built from: a snapshot of the store at one moment.</summary>
/// <param name="Now">The moment of the digest; "this week" is the seven days before it.</param>
/// <param name="Cases">Every case, open and closed.</param>
/// <param name="Deadlines">Every deadline of every case.</param>
/// <param name="Notifications">The notifications queued in the week (id, kind, case).</param>
/// <param name="Intake">How the mailbox and intake did in the week.</param>
/// <param name="PolicyReview">Where the policy's annual review stands.</param>
public sealed record DigestInputs(
    DateTimeOffset Now,
    IReadOnlyList<Case> Cases,
    IReadOnlyList<Deadline> Deadlines,
    IReadOnlyList<NoticeRecord> Notifications,
    IntakeHealth Intake,
    PolicyReviewStatus PolicyReview);

/// <summary>One notification the product queued: enough to count escalations, never its content.</summary>
public sealed record NoticeRecord(string Id, NotificationKind Kind, CaseReference? Case)
{
    /// <summary>How the mail service said it failed ("bounced", "was dropped by SendGrid"…), or null.</summary>
    public string? Failure { get; init; }

    /// <summary>The recipient it failed for, when it failed.</summary>
    public string? FailedTo { get; init; }
}

/// <summary>The intake figures of the week and the state of the mailbox.</summary>
/// <summary>The week's intake. <paramref name="Recovered"/>: emails reconciliation found in the mailbox without a record and ingested again.</summary>
public sealed record IntakeHealth(int Received, int Recorded, int Ignored, int Triaged, int WaitingInTriage, int Poison, DateTimeOffset? LastSuccessfulPoll, int Recovered = 0);

/// <summary>
/// The managers' weekly digest: where every child stands, at a glance. Pure: built from a
/// snapshot, so every figure can be checked against the cases that produced it. It names cases
/// by reference only; no child's details are needed to manage the caseload.
/// </summary>
public static class WeeklyDigest
{
    public const int TrendWeeks = 12;
    public const int DueSoonSchoolDays = 5;
    public const int TermDatesWarningDays = 120;

    /// <summary>
    /// The mailbox is polled every minute; no successful poll for this long means it is not being
    /// read (Graph refusing or down, a lost permission or secret) and the digest says so.
    /// </summary>
    public static readonly TimeSpan MailboxSilentAfter = TimeSpan.FromHours(1);

    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    public static DigestModel Build(AuthorityProfile profile, DigestInputs inputs)
    {
        var schedule = new DeadlineSchedule(profile);
        var now = inputs.Now;
        var weekStart = now.AddDays(-7);
        var today = schedule.LocalDate(now);
        var open = inputs.Cases.Where(c => c.IsOpen).ToList();
        var openReferences = open.Select(c => c.Reference).ToHashSet();
        var openDeadlines = inputs.Deadlines.Where(d => d.IsOpen && openReferences.Contains(d.Case)).ToList();
        var byReference = inputs.Cases.ToDictionary(c => c.Reference);

        var overdue = openDeadlines
            .Where(d => d.DueOn < today)
            .OrderBy(d => d.DueOn).ThenBy(d => d.Case.Year).ThenBy(d => d.Case.Number)
            .Select(d => Row(d, byReference[d.Case], profile, schedule, today))
            .ToList();
        var dueSoon = openDeadlines
            .Where(d => d.DueOn >= today && schedule.SchoolDaysLeft(d, today) <= DueSoonSchoolDays)
            .OrderBy(d => d.DueOn).ThenBy(d => d.Case.Year).ThenBy(d => d.Case.Number)
            .Select(d => Row(d, byReference[d.Case], profile, schedule, today))
            .ToList();

        var closed = inputs.Cases
            .Where(c => c.ClosedAt is { } at && at >= weekStart && at < now)
            .GroupBy(c => OutcomeGroup(c.Outcome))
            .Select(g => new CountRow(g.Key, g.Count()))
            .OrderByDescending(r => r.Count).ThenBy(r => r.Label, StringComparer.Ordinal)
            .ToList();

        var escalatedCases = inputs.Notifications.Where(n => n.Kind == NotificationKind.Escalation && n.Case is not null).Select(n => n.Case!).Distinct().Count();
        var safeguarding = inputs.Notifications
            .Where(n => n.Id.EndsWith(".safeguarding", StringComparison.Ordinal) && n.Case is not null)
            .Select(n => n.Case!.ToString())
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

        var trend = Enumerable.Range(0, TrendWeeks)
            .Select(weeksAgo => now.AddDays(-7 * (TrendWeeks - 1 - weeksAgo)))
            .Select(at => new TrendPoint(
                schedule.LocalDate(at),
                inputs.Cases.Count(c => c.OpenedAt <= at && (c.ClosedAt is null || c.ClosedAt > at))))
            .ToList();

        var areas = profile.Areas
            .Select(area => new AreaRow(
                area.Name,
                area.Officer.Value,
                open.Count(c => c.Routing.Area == area.Id),
                overdue.Count(r => r.Area == area.Name)))
            .ToList();

        var risks = Enum.GetValues<RiskFactor>()
            .Select(factor => new CountRow(factor.WireName(), open.Count(c => c.RiskFactors.Contains(factor))))
            .Where(r => r.Count > 0)
            .OrderByDescending(r => r.Count).ThenBy(r => r.Label, StringComparer.Ordinal)
            .ToList();

        var coveredUntil = profile.Calendar.CoveredUntil;
        var termDatesWarning = coveredUntil is null || coveredUntil.Value.DayNumber - today.DayNumber <= TermDatesWarningDays
            ? $"The {profile.Name} term dates run out on {coveredUntil?.ToString("d MMMM yyyy", English) ?? "(none loaded)"}: add the next school year's dates to {profile.Calendar.TermDatesFile ?? "the profile's term-dates file"} before then, or deadlines after it are only estimated."
            : null;

        var lastPoll = inputs.Intake.LastSuccessfulPoll;
        var mailboxWarning = lastPoll is null
            ? $"The CME mailbox {profile.Mailbox} has never been read successfully: no email is being picked up. Check the mailbox settings (for Graph, the app's Mail.ReadWrite permission and its secret) and the host log."
            : now - lastPoll.Value > MailboxSilentAfter
                ? $"The CME mailbox {profile.Mailbox} has not been read successfully since {TimeZoneInfo.ConvertTime(lastPoll.Value, profile.TimeZone).ToString("dddd d MMMM yyyy HH:mm", English)}: new email is not being picked up. Check the mailbox connection (for Graph, the app's Mail.ReadWrite permission and its secret) and the host log."
                : null;

        var census = Readiness(profile, open, today);

        return new DigestModel(
            profile.Name,
            profile.ServiceName,
            today,
            schedule.LocalDate(weekStart),
            open.Count,
            inputs.Cases.Count(c => c.OpenedAt >= weekStart && c.OpenedAt < now),
            closed.Sum(r => r.Count),
            closed,
            escalatedCases,
            safeguarding,
            trend,
            overdue,
            dueSoon,
            areas,
            risks,
            inputs.PolicyReview,
            inputs.Intake,
            termDatesWarning,
            mailboxWarning)
        {
            Census = census,
            DeliveryFailures = DeliveryFailures(inputs.Notifications),
        };
    }

    /// <summary>
    /// One line per kind, recipient and failure among the week's notifications the mail service
    /// reported failed, most first: "3 reminders to cme-west@example.org bounced this week".
    /// </summary>
    public static IReadOnlyList<string> DeliveryFailures(IEnumerable<NoticeRecord> notices) =>
        notices.Where(n => n.Failure is not null)
            .GroupBy(n => (n.Kind, To: n.FailedTo ?? "an unknown recipient", Failure: n.Failure!))
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key.Kind).ThenBy(g => g.Key.To, StringComparer.Ordinal)
            .Select(g => $"{g.Count()} {KindName(g.Key.Kind, g.Count())} to {g.Key.To} {g.Key.Failure} this week")
            .ToList();

    private static string KindName(NotificationKind kind, int count) => (kind, count == 1) switch
    {
        (NotificationKind.Acknowledgement, true) => "acknowledgement",
        (NotificationKind.Acknowledgement, false) => "acknowledgements",
        (NotificationKind.Reminder, true) => "reminder",
        (NotificationKind.Reminder, false) => "reminders",
        (NotificationKind.Escalation, true) => "escalation",
        (NotificationKind.Escalation, false) => "escalations",
        (NotificationKind.CaseClosed, true) => "case-closed notice",
        (NotificationKind.CaseClosed, false) => "case-closed notices",
        (NotificationKind.Digest, true) => "digest",
        (NotificationKind.Digest, false) => "digests",
        (NotificationKind.CommandReply, true) => "command reply",
        _ => "command replies",
    };

    /// <summary>
    /// How ready the open cases are for the DfE's next census: how many lack the main reason, the
    /// sex or the year group (each counted as Not recorded or Unknown in the return), and a warning
    /// from <see cref="CensusSettings.WarningDays"/> before the census date.
    /// </summary>
    public static CensusReadiness Readiness(AuthorityProfile profile, IReadOnlyCollection<Case> open, DateOnly today)
    {
        static bool NoReason(Case c) => c.Reason is null || c.Reason.Slug == CmeReasonList.NotRecordedSlug;
        var missingReason = open.Count(NoReason);
        var missingSex = open.Count(c => c.Child.Sex is null);
        var missingYear = open.Count(c => c.Child.YearGroup is null);
        var missingAny = open.Count(c => NoReason(c) || c.Child.Sex is null || c.Child.YearGroup is null);
        var next = profile.Census.NextOnOrAfter(today);
        var days = next is { } on ? on.DayNumber - today.DayNumber : (int?)null;
        string? warning = null;
        if (next is { } census && days <= profile.Census.WarningDays)
        {
            var when = days switch { 0 => "today", 1 => "tomorrow", _ => $"in {days} days" };
            warning = missingAny == 0
                ? $"The DfE's CME census is on {census.ToString("dddd d MMMM yyyy", English)}, {when}. Every open case has its reason, sex and year group recorded; run cme census --date {census:yyyy-MM-dd} for the return."
                : $"The DfE's CME census is on {census.ToString("dddd d MMMM yyyy", English)}, {when}, and {missingAny} open case{(missingAny == 1 ? " lacks" : "s lack")} a reason, a sex or a year group ({missingReason} without a reason, {missingSex} without a sex, {missingYear} without a year group): record them with #reason, #sex and #year before the census, or they are counted as Not recorded and Unknown.";
        }

        return new CensusReadiness(open.Count, missingReason, missingSex, missingYear, missingAny, next, days, warning);
    }

    /// <summary>Closing outcomes grouped as the policies name them; a free-text reason counts as "closed for another reason".</summary>
    public static string OutcomeGroup(string? outcome) => outcome switch
    {
        null => "closed for another reason",
        _ when outcome.StartsWith("on roll", StringComparison.OrdinalIgnoreCase) => "on roll at a school",
        "located and in education" => "located and in education",
        "passed to Children's Social Care" => "passed to Children's Social Care",
        _ => "closed for another reason",
    };

    private static DeadlineRow Row(Deadline deadline, Case @case, AuthorityProfile profile, DeadlineSchedule schedule, DateOnly today)
    {
        var area = profile.Areas.FirstOrDefault(a => a.Id == @case.Routing.Area);
        return new DeadlineRow(
            deadline.Case.ToString(),
            area?.Name ?? @case.Routing.Area,
            area?.Officer.Value ?? profile.Manager.Value,
            deadline.Rule.Title(),
            deadline.DueOn,
            schedule.SchoolDaysOverdue(deadline, today),
            schedule.SchoolDaysLeft(deadline, today),
            deadline.Estimated is not null);
    }
}

/// <summary>Every figure in the digest.</summary>
public sealed record DigestModel(
    string Authority,
    string ServiceName,
    DateOnly Today,
    DateOnly WeekFrom,
    int OpenNow,
    int NewThisWeek,
    int ClosedThisWeek,
    IReadOnlyList<CountRow> ClosedByOutcome,
    int EscalatedCasesThisWeek,
    IReadOnlyList<string> SafeguardingEscalationsThisWeek,
    IReadOnlyList<TrendPoint> Trend,
    IReadOnlyList<DeadlineRow> Overdue,
    IReadOnlyList<DeadlineRow> DueSoon,
    IReadOnlyList<AreaRow> Areas,
    IReadOnlyList<CountRow> RiskFactors,
    PolicyReviewStatus PolicyReview,
    IntakeHealth Intake,
    string? TermDatesWarning,
    string? MailboxWarning)
{
    /// <summary>How ready the open cases are for the DfE's next census.</summary>
    public CensusReadiness Census { get; init; } = new(0, 0, 0, 0, 0, null, null, null);

    /// <summary>Notifications the mail service reported failed this week, one line per kind, recipient and failure.</summary>
    public IReadOnlyList<string> DeliveryFailures { get; init; } = [];
}

/// <summary>The open cases' readiness for the DfE's next census: what each lacks, when the census is, and the warning before it.</summary>
public sealed record CensusReadiness(int OpenCases, int MissingReason, int MissingSex, int MissingYearGroup, int MissingAny, DateOnly? NextCensus, int? DaysToNextCensus, string? Warning);

public sealed record CountRow(string Label, int Count);

public sealed record TrendPoint(DateOnly WeekEnding, int Open);

public sealed record DeadlineRow(string Case, string Area, string Officer, string Rule, DateOnly DueOn, int SchoolDaysOverdue, int SchoolDaysLeft, bool Estimated);

public sealed record AreaRow(string Area, string Officer, int Open, int Overdue);
