using Cme.Core.Calendar;
using Cme.Core.Cases;
using Cme.Core.Census;
using Cme.Core.Children;
using Cme.Core.Intake;

namespace Cme.Core.Tests.Census;

public sealed class CensusReturnTests
{
    private static readonly DateOnly Census = new(2026, 10, 1);
    private static readonly TimeZoneInfo London = ShippedProfiles.Hertfordshire.TimeZone;
    private static readonly CmeReasonList Reasons = CmeReasonList.Default;
    private static int _number;

    // Opened at 09:00 UK time on the day; closed at 16:00 UK time.
    private static Case Opened(int year, int month, int day, Sex? sex = null, YearGroup? yearGroup = null, string? reason = null)
    {
        var @case = Case.Open(
            CaseReference.Create(year, Interlocked.Increment(ref _number)),
            EmailKind.Referral,
            new DateTimeOffset(year, month, day, 8, 0, 0, TimeSpan.Zero),
            new ChildDetails("Ada", "Invented", null, null, yearGroup, null, null, null) { Sex = sex },
            new CaseRouting("west", null, null),
            null,
            []);
        return reason is null ? @case : @case.RecordReason(Reasons.Find(reason)!, @case.OpenedAt);
    }

    private static Case ClosedOn(Case @case, int year, int month, int day) =>
        @case.Close("located and in education", new DateTimeOffset(year, month, day, 15, 0, 0, TimeSpan.Zero), new DateOnly(year, month, day));

    private static CensusReturn Count(params Case[] cases) =>
        CensusReturn.Count(cases, Census, ShippedProfiles.Hertfordshire.Calendar, London, Reasons);

    [Theory]
    [InlineData("2026-10-01", "Less than 2 weeks")] // opened on the census day itself: 0 days
    [InlineData("2026-09-18", "Less than 2 weeks")] // 13 days, the last day of the band
    [InlineData("2026-09-17", "2 to 4 weeks")] // 14 days: a band includes its lower bound
    [InlineData("2026-09-04", "2 to 4 weeks")] // 27 days
    [InlineData("2026-09-03", "4 to 8 weeks")] // 28 days
    [InlineData("2026-08-07", "4 to 8 weeks")] // 55 days
    [InlineData("2026-08-06", "8 to 12 weeks")] // 56 days
    [InlineData("2026-07-10", "8 to 12 weeks")] // 83 days
    [InlineData("2026-07-09", "12 to 26 weeks")] // 84 days
    [InlineData("2026-04-03", "12 to 26 weeks")] // 181 days
    [InlineData("2026-04-02", "26 to 52 weeks")] // 182 days
    [InlineData("2025-10-03", "26 to 52 weeks")] // 363 days
    [InlineData("2025-10-02", "Over 52 weeks")] // 364 days, 52 weeks exactly
    [InlineData("2024-09-01", "Over 52 weeks")] // two years
    public void Duration_is_the_census_date_minus_the_day_the_child_became_CME(string became, string band)
    {
        var date = DateOnly.Parse(became, System.Globalization.CultureInfo.InvariantCulture);
        var @case = date < new DateOnly(2026, 9, 1)
            ? Opened(2026, 9, 1).CorrectBecameCme(date, new DateTimeOffset(2026, 9, 2, 8, 0, 0, TimeSpan.Zero), London)
            : Opened(date.Year, date.Month, date.Day);

        var result = Count(@case);

        Assert.Equal(band, Assert.Single(result.Children).Duration.Label());
        Assert.Equal(1, result.Breakdown(CensusReturn.DurationBreakdown).Single(c => c.Value == band).Count);
    }

    [Fact]
    public void A_case_counts_only_while_open_and_CME_on_the_census_date()
    {
        var result = Count(
            Opened(2026, 9, 30), // counted
            Opened(2026, 10, 2), // opened the day after: not counted
            ClosedOn(Opened(2026, 9, 10), 2026, 9, 30), // closed the day before: not counted
            ClosedOn(Opened(2026, 9, 10), 2026, 10, 1), // closed on the census day: not counted
            ClosedOn(Opened(2026, 9, 10), 2026, 10, 2), // closed the day after: was open and CME on the day, counted
            Opened(2026, 9, 10).RecordStoppedCme(new DateOnly(2026, 9, 29), DateTimeOffset.UnixEpoch, London)); // open, but no longer CME: not counted

        Assert.Equal(2, result.Counted);
        Assert.Equal(2, result.Breakdown(CensusReturn.Total).Single().Count);
    }

    [Fact]
    public void A_case_opened_after_the_census_is_not_counted_even_when_the_child_became_CME_before_it()
    {
        // Opened after the census, but the officer found the child had been missing since August.
        var @case = Opened(2026, 10, 5);

        Assert.Equal(0, Count(@case).Counted);
        Assert.Equal(0, Count(@case.CorrectBecameCme(new DateOnly(2026, 8, 20), DateTimeOffset.UnixEpoch, London)).Counted); // the case itself was not open on the census day
    }

    [Fact]
    public void Every_breakdown_sums_to_the_total_and_missing_facts_count_as_unknown_or_not_recorded()
    {
        var result = Count(
            Opened(2026, 9, 25, Sex.Female, YearGroup.Year(7), "moved-in-from-another-la"),
            Opened(2026, 9, 17, Sex.Male, YearGroup.Reception, "moved-in-from-another-la"),
            Opened(2026, 9, 3, Sex.Unknown, YearGroup.Year(11), "unsuitable-ehe"),
            Opened(2026, 9, 2));

        Assert.Empty(result.BreakdownsNotSummingToTotal());
        Assert.Equal(4, result.Counted);
        Assert.Equal(new[] { ("Female", 1), ("Male", 1), ("Unknown", 2) }, result.Breakdown(CensusReturn.SexBreakdown).Select(c => (c.Value, c.Count)));
        Assert.Equal(13, result.Breakdown(CensusReturn.YearGroupBreakdown).Count()); // Reception, Year 1 … Year 11, Unknown
        Assert.Equal(1, result.Breakdown(CensusReturn.YearGroupBreakdown).Single(c => c.Value == "Unknown").Count);
        Assert.Equal(1, result.Breakdown(CensusReturn.YearGroupBreakdown).Single(c => c.Value == "Reception").Count);
        Assert.Equal(20, result.Breakdown(CensusReturn.ReasonBreakdown).Count());
        Assert.Equal(2, result.Breakdown(CensusReturn.ReasonBreakdown).Single(c => c.Value == "Moved in from another local authority").Count);
        Assert.Equal(1, result.Breakdown(CensusReturn.ReasonBreakdown).Single(c => c.Value == "Not recorded").Count);
        Assert.Equal(8, result.Breakdown(CensusReturn.DurationBreakdown).Count());
    }

    [Fact]
    public void CME_at_any_time_in_the_year_counts_closed_cases_whose_CME_period_reached_into_the_school_year()
    {
        var result = Count(
            Opened(2026, 9, 30), // open
            Opened(2026, 10, 20), // after the census, still in 2026/27
            ClosedOn(Opened(2026, 9, 10), 2026, 9, 30), // CME for twenty days of 2026/27
            ClosedOn(Opened(2026, 1, 10), 2026, 6, 15), // CME only in 2025/26
            ClosedOn(Opened(2026, 6, 1), 2026, 9, 1), // stopped on the first day of 2026/27: CME only in 2025/26
            ClosedOn(Opened(2026, 6, 1), 2026, 9, 2)); // CME on 1 September 2026

        Assert.Equal(4, result.AnyTimeInYear);
        Assert.Equal(new SchoolYear(2026), result.SchoolYear);
    }

    [Fact]
    public void A_census_date_outside_the_profiles_school_years_names_the_year()
    {
        var error = Assert.Throws<TermDataMissingException>(() =>
            CensusReturn.Count([], new DateOnly(2027, 10, 7), ShippedProfiles.Hertfordshire.Calendar, London, Reasons));

        Assert.Contains("2027/28", error.Message, StringComparison.Ordinal);
        Assert.Contains("Add that year's published term dates", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reason_no_longer_in_the_profiles_list_is_counted_under_its_own_label_and_named()
    {
        var @case = Opened(2026, 9, 30).RecordReason(new CmeReason("retired-reason", "A reason the DfE withdrew"), new DateTimeOffset(2026, 10, 1, 9, 0, 0, TimeSpan.Zero));

        var result = Count(@case);

        Assert.Equal([@case.Reference], result.ReasonsNotInList);
        Assert.Equal(1, result.Breakdown(CensusReturn.ReasonBreakdown).Single(c => c.Value.StartsWith("A reason the DfE withdrew", StringComparison.Ordinal)).Count);
        Assert.Empty(result.BreakdownsNotSummingToTotal());
    }
}
