using Cme.Core.Digest;

namespace Cme.Infrastructure.Tests.Digest;

/// <summary>Every figure of the digest, from a store of known cases (see <see cref="DigestStore"/> for what each case is).</summary>
[Collection(DigestCollection.Name)]
public sealed class WeeklyDigestTests(DigestStore store)
{
    [Fact]
    public async Task The_headline_figures_count_open_new_closed_and_escalated_cases()
    {
        var digest = await store.Service.BuildAsync(CancellationToken.None);

        Assert.Equal(5, digest.OpenNow);
        Assert.Equal(1, digest.NewThisWeek);
        Assert.Equal(2, digest.ClosedThisWeek);
        Assert.Equal([new CountRow("located and in education", 1), new CountRow("on roll at a school", 1)], digest.ClosedByOutcome);
        Assert.Equal(3, digest.EscalatedCasesThisWeek);
        Assert.Equal(["CME-2026-00004"], digest.SafeguardingEscalationsThisWeek);
    }

    [Fact]
    public async Task Overdue_deadlines_are_listed_oldest_first_with_school_days_overdue()
    {
        var digest = await store.Service.BuildAsync(CancellationToken.None);

        Assert.Equal(
            [
                ("CME-2026-00001", "West", "cme-west@example.org", "Enquiries review", 15),
                ("CME-2026-00002", "West", "cme-west@example.org", "Enquiries review", 7),
                ("CME-2026-00003", "East", "cme-east@example.org", "On roll after an in-year offer", 4),
            ],
            digest.Overdue.Select(r => (r.Case, r.Area, r.Officer, r.Rule, r.SchoolDaysOverdue)));
        Assert.Equal([("CME-2026-00004", 3)], digest.DueSoon.Select(r => (r.Case, r.SchoolDaysLeft)));
    }

    [Fact]
    public async Task Areas_risk_factors_policy_and_intake_are_counted()
    {
        var digest = await store.Service.BuildAsync(CancellationToken.None);

        Assert.Equal([new AreaRow("West", "cme-west@example.org", 3, 2), new AreaRow("East", "cme-east@example.org", 2, 1)], digest.Areas);
        Assert.Equal([new CountRow("temporary-accommodation", 2), new CountRow("child-protection-plan", 1), new CountRow("domestic-abuse", 1)], digest.RiskFactors);
        Assert.True(digest.PolicyReview.Overdue);
        Assert.Equal(new DateOnly(2026, 9, 1), digest.PolicyReview.DueOn);
        Assert.Equal(-90, digest.PolicyReview.DaysUntilDue);
        Assert.Equal(new Core.Digest.IntakeHealth(12, 7, 2, 3, 2, 1, DigestStore.Now.AddMinutes(-1), Recovered: 2), digest.Intake);
        Assert.Null(digest.TermDatesWarning);
        Assert.Null(digest.MailboxWarning); // read a minute ago
    }

    [Fact]
    public async Task The_intake_says_how_many_emails_reconciliation_recovered_this_week()
    {
        var notification = await store.Service.PreviewAsync(CancellationToken.None);

        Assert.Contains("2 emails recovered by reconciliation", notification.Text, StringComparison.Ordinal);
        Assert.Contains("id=\"intake-recovered\">2<", notification.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_trend_shows_open_cases_at_the_end_of_each_of_the_last_twelve_weeks()
    {
        var digest = await store.Service.BuildAsync(CancellationToken.None);

        Assert.Equal(12, digest.Trend.Count);
        Assert.Equal([5, 6, 5], digest.Trend.Reverse().Take(3).Select(p => p.Open));
        Assert.Equal((new DateOnly(2026, 9, 14), 1), (digest.Trend[0].WeekEnding, digest.Trend[0].Open));
    }

    [Fact]
    public async Task The_rendered_digest_shows_the_figures_and_no_childs_name()
    {
        var notification = await store.Service.PreviewAsync(CancellationToken.None);

        Assert.Equal("Hertfordshire CME weekly digest: 5 open, 3 overdue, week to Monday 30 November 2026", notification.Subject.Value);
        Assert.Contains("<div style=\"font-size:28px;font-weight:bold;\" id=\"open-now\">5</div>", notification.Html, StringComparison.Ordinal);
        Assert.Contains("CME-2026-00001  Enquiries review, due Mon 9 Nov, 15 school days overdue; West (cme-west@example.org)", notification.Text, StringComparison.Ordinal);
        Assert.Contains("OVERDUE: the annual review was due Tuesday 1 September 2026 (90 days ago)", notification.Text, StringComparison.Ordinal);
        Assert.Contains("Waiting in triage now:       2", notification.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Invented", notification.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Invented", notification.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Asked_through_the_week_and_after_a_restart_the_digest_is_queued_once_and_not_before_seven_on_Monday()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 6, 55, 0, TimeSpan.Zero));
        var (service, ledger) = store.CreateService(time);
        var id = "digest.hertfordshire.2026-W49.cme-manager@example.org";

        Assert.False(await service.SendIfDueAsync(CancellationToken.None));
        Assert.Null(await ledger.GetAsync(id, CancellationToken.None));

        time.Advance(TimeSpan.FromMinutes(10));
        Assert.True(await service.SendIfDueAsync(CancellationToken.None));
        await ledger.MarkDeliveredAsync(id, "outbox", id, CancellationToken.None);
        for (var hours = 6; hours < 24 * 6; hours += 6)
        {
            time.Advance(TimeSpan.FromHours(6));
            Assert.False(await service.SendIfDueAsync(CancellationToken.None));
        }

        var (restarted, _) = store.CreateService(time);
        Assert.False(await restarted.SendIfDueAsync(CancellationToken.None));
        // Sunday 01:05 now: the next Monday at 07:05 is the next week's digest.
        time.Advance(TimeSpan.FromHours(30));
        Assert.True(await restarted.SendIfDueAsync(CancellationToken.None), "the next week's digest");
    }

    [Fact]
    public async Task Census_readiness_counts_the_open_cases_lacking_a_reason_a_sex_or_a_year_group_and_names_the_next_census()
    {
        var digest = await store.Service.BuildAsync(CancellationToken.None);

        // Open: 1 (all three recorded), 2, 3 (sex only), 4, 5. The next census is Thursday 21 January 2027, 52 days on.
        Assert.Equal(new CensusReadiness(5, 4, 3, 4, 4, new DateOnly(2027, 1, 21), 52, null), digest.Census);
        var notification = await store.Service.PreviewAsync(CancellationToken.None);
        Assert.Contains("<td align=\"right\" id=\"census-missing-reason\">4</td>", notification.Html, StringComparison.Ordinal);
        Assert.Contains("<td align=\"right\" id=\"census-missing-sex\">3</td>", notification.Html, StringComparison.Ordinal);
        Assert.Contains("Next census: <strong id=\"census-next\">Thursday 21 January 2027</strong>, in 52 days.", notification.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("census-warning", notification.Html, StringComparison.Ordinal);
        Assert.Contains("Open cases without a year group:   4", notification.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("DfE CENSUS:", notification.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2027, 1, 7, "in 14 days")] // two weeks before: the first digest that warns
    [InlineData(2027, 1, 11, "in 10 days")] // the Monday digest of census week's run-up
    [InlineData(2027, 1, 21, "today")]
    public async Task In_the_two_weeks_before_a_census_the_digest_warns_with_what_is_missing(int year, int month, int day, string when)
    {
        var (service, _) = store.CreateService(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(year, month, day, 7, 30, 0, TimeSpan.Zero)));

        var notification = await service.PreviewAsync(CancellationToken.None);

        var warning = $"The DfE's CME census is on Thursday 21 January 2027, {when}, and 4 open cases lack a reason, a sex or a year group (4 without a reason, 3 without a sex, 4 without a year group): record them with #reason, #sex and #year before the census";
        Assert.Contains(warning["The DfE's ".Length..], notification.Html, StringComparison.Ordinal); // the apostrophe is HTML-encoded
        Assert.Contains("id=\"census-warning\"", notification.Html, StringComparison.Ordinal);
        Assert.Contains("DfE CENSUS: " + warning, notification.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fifteen_days_before_a_census_there_is_no_warning_yet()
    {
        var (service, _) = store.CreateService(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2027, 1, 6, 7, 30, 0, TimeSpan.Zero)));

        Assert.Null((await service.BuildAsync(CancellationToken.None)).Census.Warning);
    }
}
