using Cme.Core.Intake;

namespace Cme.Parsing.Tests;

public sealed class UkDateTests
{
    [Theory]
    [InlineData("14/06/2016", "2016-06-14")] // the commonest form
    [InlineData("03/04/2015", "2015-04-03")] // day first: 3 April, never 4 March
    [InlineData("22.07.17", "2017-07-22")] // dots and a two-digit year (20yy)
    [InlineData("3 November 2013", "2013-11-03")] // month written out
    [InlineData("12th Jan 2026", "2026-01-12")] // ordinal and short month
    [InlineData("7th Sept 2017", "2017-09-07")] // the four-letter September
    [InlineData("Monday 12th January 2026", "2026-01-12")] // a weekday in front
    [InlineData("2016-06-14", "2016-06-14")] // ISO
    [InlineData("1 Feb. 2015", "2015-02-01")] // abbreviation with a full stop
    public void Uk_dates_are_read_day_first_in_every_common_spelling(string text, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), UkDate.Find(text));
    }

    [Fact]
    public void A_date_without_a_year_takes_the_year_of_the_email()
    {
        Assert.Equal(new DateOnly(2026, 1, 12), UkDate.Find("rang mum on 12/1", new DateOnly(2026, 1, 20)));
    }

    [Fact]
    public void A_date_without_a_year_just_after_new_year_belongs_to_the_year_before()
    {
        Assert.Equal(new DateOnly(2025, 12, 19), UkDate.Find("last seen 19/12", new DateOnly(2026, 1, 6)));
    }

    [Theory]
    [InlineData("31/02/2026")] // no such day
    [InlineData("07700 900417")] // a phone number
    [InlineData("Attendance 84.5% this year")] // a percentage
    public void Things_that_are_not_dates_are_not_read_as_dates(string text)
    {
        Assert.Null(UkDate.Find(text, new DateOnly(2026, 1, 20)));
    }

    [Theory]
    [InlineData("November 3rd 2026", "2026-11-03")] // month first with an ordinal
    [InlineData("Nov 3, 2026", "2026-11-03")] // abbreviated with a comma
    [InlineData("born September 21 2014", "2014-09-21")] // in a sentence
    public void A_date_written_month_first_with_its_year_is_read(string text, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), UkDate.Find(text));
    }

    [Theory]
    [InlineData("May 12 pupils be added to the list")] // a month's name as a word, then a number
    [InlineData("In March 3 children joined")] // a month and a count, no year
    public void A_month_and_a_number_without_a_year_is_no_date(string text)
    {
        Assert.Null(UkDate.Find(text));
    }
}
