using Cme.Core.Intake;

namespace Cme.Parsing.Tests.Readers;

/// <summary>
/// The dates a report turns on. UK day-first always; a date written without a year takes its year
/// from the email's own date; a start date is read only for a no-show, an offer or an on-roll confirmation.
/// The emails here are sent on Monday 18 May 2026 unless a row says otherwise.
/// </summary>
public sealed class DateReaderTests
{
    private static DateOnly? LastAttended(string body, string sent = "Mon, 18 May 2026 09:30:00 +0100") =>
        DateReader.LastAttended(new TestEmail("CME referral", body) { Date = sent }.Read());

    [Theory]
    [InlineData("Date last attended: 03/04/2026", "2026-04-03")] // day first: 3 April, never 4 March
    [InlineData("Last attended: 15 May", "2026-05-15")] // no year: the year of the email
    [InlineData("Last day of attendance - 11.3.26", "2026-03-11")] // a dotted date with a two-digit year
    [InlineData("Date of last attendance at this school: 14/05/2026", "2026-05-14")] // a label that means last attended, though none of the usual ones
    [InlineData("She has not been in school since 20/04/2026 and mum is not answering.", "2026-04-20")] // prose
    [InlineData("Ellie-Mae was last at Oakfield Primary School on 12 May 2026.", "2026-05-12")] // 'was last at <school> on <date>'
    public void The_date_last_attended_is_read_day_first_from_a_label_or_a_sentence(string body, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), LastAttended(body));
    }

    [Fact]
    public void A_date_last_attended_without_a_year_just_after_new_year_is_in_the_year_before()
    {
        Assert.Equal(new DateOnly(2026, 12, 18), LastAttended("Last attended: 18/12", "Wed, 6 Jan 2027 09:00:00 +0000"));
    }

    [Fact]
    public void A_date_of_birth_is_not_the_date_last_attended()
    {
        Assert.Null(LastAttended("Name: Ellie-Mae Quinn\nDate of birth: 04/02/2016\nShe has moved away."));
    }

    [Theory]
    [InlineData(EmailKind.NoShow)] // the day the child was due and did not come
    [InlineData(EmailKind.InYearOffer)] // the day the child is due
    [InlineData(EmailKind.OnRollConfirmation)] // the day the child came
    public void The_agreed_start_date_is_read_for_the_kinds_that_turn_on_it(EmailKind kind)
    {
        var email = new TestEmail("Ellie-Mae Quinn", "Agreed start date: 01/06/2026").Read();

        Assert.Equal(new DateOnly(2026, 6, 1), DateReader.Start(email, kind));
    }

    [Theory]
    [InlineData(EmailKind.Referral)] // a referral's 'start date' is the child's history, not a deadline
    [InlineData(EmailKind.RemovalFromRoll)] // the date the child started at the removing school is history
    [InlineData(EmailKind.PlaceDeclined)] // a declined place has no start
    public void No_start_date_is_read_for_other_kinds(EmailKind kind)
    {
        var email = new TestEmail("Ellie-Mae Quinn", "Start date: 01/09/2022").Read();

        Assert.Null(DateReader.Start(email, kind));
    }

    [Fact]
    public void Started_with_us_today_is_the_day_the_email_was_sent()
    {
        var email = new TestEmail("RE: In-year offer - Ellie-Mae Quinn", "Ellie-Mae started with us today and settled in well.").Read();

        Assert.Equal(new DateOnly(2026, 5, 18), DateReader.Start(email, EmailKind.OnRollConfirmation));
    }

    [Fact]
    public void A_start_date_in_a_sentence_is_read()
    {
        var email = new TestEmail("In-year offer", "Ellie-Mae Quinn is due to start on Monday 1 June 2026 at Hillcrest Academy.").Read();

        Assert.Equal(new DateOnly(2026, 6, 1), DateReader.Start(email, EmailKind.InYearOffer));
    }

    [Fact]
    public void The_offer_date_is_read_only_for_an_offer()
    {
        var email = new TestEmail("In-year offer", "Date offer made: 12/05/2026\nAgreed start date: 01/06/2026").Read();

        Assert.Equal(new DateOnly(2026, 5, 12), DateReader.Offer(email, EmailKind.InYearOffer));
        Assert.Null(DateReader.Offer(email, EmailKind.NoShow));
    }
}
