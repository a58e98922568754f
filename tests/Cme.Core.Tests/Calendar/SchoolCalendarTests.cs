using Cme.Core.Calendar;

namespace Cme.Core.Tests.Calendar;

public sealed class SchoolCalendarTests
{
    private static SchoolCalendar Herts => ShippedProfiles.Hertfordshire.Calendar;

    private static SchoolCalendar Havering => ShippedProfiles.Havering.Calendar;

    private static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Ten_school_days_after_an_offer_on_the_Friday_before_half_term_lands_after_the_break()
    {
        // Friday 13 Feb 2026 is the last day of Spring 1; half term is 16-20 Feb.
        Assert.Equal(D("2026-03-06"), Herts.AddSchoolDays(D("2026-02-13"), 10));
    }

    [Fact]
    public void The_start_date_never_counts_even_when_it_is_a_school_day()
    {
        // Monday 12 Jan 2026 is a school day; one school day after it is Tuesday.
        Assert.Equal(D("2026-01-13"), Herts.AddSchoolDays(D("2026-01-12"), 1));
    }

    [Fact]
    public void Counting_from_a_saturday_starts_on_the_monday()
    {
        Assert.Equal(D("2026-01-12"), Herts.AddSchoolDays(D("2026-01-10"), 1));
    }

    [Theory]
    // Christmas: the last school day of 2025 is Fri 19 Dec, term resumes Mon 5 Jan 2026.
    [InlineData("2025-12-19", 1, "2026-01-05")]
    // Easter 2026 holiday 30 Mar-10 Apr, with Good Friday and Easter Monday inside it.
    [InlineData("2026-03-27", 1, "2026-04-13")]
    // Early May bank holiday, Mon 4 May 2026, is skipped inside term.
    [InlineData("2026-05-01", 1, "2026-05-05")]
    // Summer: 2025/26 ends Thu 23 Jul 2026; 2026/27 starts Tue 1 Sep 2026.
    [InlineData("2026-07-23", 1, "2026-09-01")]
    // A deadline counted across the October half term of 2026.
    [InlineData("2026-10-16", 10, "2026-11-06")]
    public void Deadlines_skip_holidays_and_bank_holidays(string from, int n, string expected)
    {
        Assert.Equal(D(expected), Herts.AddSchoolDays(D(from), n));
    }

    [Theory]
    [InlineData("2026-05-04", false)] // Early May bank holiday, in term
    [InlineData("2026-02-18", false)] // February half term
    [InlineData("2026-02-14", false)] // a Saturday in term
    [InlineData("2026-09-01", true)] // first day of 2026/27
    [InlineData("2025-09-02", false)] // before Hertfordshire's 2025/26 term began (Wed 3 Sep)
    public void Whether_a_day_is_a_school_day(string date, bool schoolDay)
    {
        Assert.Equal(schoolDay, Herts.IsSchoolDay(D(date)));
    }

    [Fact]
    public void A_deadline_that_runs_into_a_year_without_term_dates_names_that_year()
    {
        // Havering's published dates in the repository cover 2024/25 only.
        var error = Assert.Throws<TermDataMissingException>(() => Havering.AddSchoolDays(D("2025-07-18"), 5));

        Assert.Equal(new SchoolYear(2025), error.MissingYear);
        Assert.Contains("2025/26", error.Message, StringComparison.Ordinal);
        Assert.Contains("havering-term-dates.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deadline_inside_a_covered_year_does_not_care_that_later_years_are_missing()
    {
        Assert.Equal(D("2025-07-22"), Havering.AddSchoolDays(D("2025-07-18"), 2));
    }

    [Fact]
    public void Asking_about_a_day_in_a_missing_year_is_an_error_not_a_guess()
    {
        Assert.Throws<TermDataMissingException>(() => Herts.IsSchoolDay(D("2027-09-06")));
    }

    [Fact]
    public void School_days_between_counts_after_the_start_up_to_and_including_the_end()
    {
        // Mon 12 Jan to Fri 16 Jan 2026: Tue, Wed, Thu, Fri.
        Assert.Equal(4, Herts.SchoolDaysBetween(D("2026-01-12"), D("2026-01-16")));
        Assert.Equal(-4, Herts.SchoolDaysBetween(D("2026-01-16"), D("2026-01-12")));
        Assert.Equal(0, Herts.SchoolDaysBetween(D("2026-02-14"), D("2026-02-20")));
    }

    [Fact]
    public void Zero_school_days_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Herts.AddSchoolDays(D("2026-01-12"), 0));
    }

    [Fact]
    public void Hertfordshire_years_have_the_196_days_the_county_sets()
    {
        // HCC's rule: 190 pupil days + 5 INSET + 1 occasional day, all inside the published terms
        // (the early May bank holiday falls in term and is not one of them).
        foreach (var year in Herts.CoveredYears)
        {
            Assert.Equal(196, Herts.SchoolDaysBetween(year.FirstDay.AddDays(-1), year.LastDay));
        }
    }

    [Fact]
    public void Bank_holidays_and_holidays_are_named_for_people()
    {
        Assert.Equal(new CalendarDay(D("2026-05-04"), DayKind.BankHoliday, "Early May bank holiday"), Herts.Describe(D("2026-05-04")));
        Assert.Equal("February half term", Herts.Describe(D("2026-02-18")).Name);
    }
}
