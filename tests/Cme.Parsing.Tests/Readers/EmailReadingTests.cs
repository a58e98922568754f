namespace Cme.Parsing.Tests.Readers;

/// <summary>
/// The one reading every reader works from: the subject without its reply and forward prefixes (in
/// the languages mail clients write them) and the day the email was sent.
/// </summary>
public sealed class EmailReadingTests
{
    [Theory]
    [InlineData("RE: Ellie-Mae Quinn", true, false)] // English reply
    [InlineData("FW: Ellie-Mae Quinn", false, true)] // Outlook's forward
    [InlineData("Fwd: Ellie-Mae Quinn", false, true)] // Gmail's and Apple's forward
    [InlineData("RE: FW: Ellie-Mae Quinn", true, true)] // a reply to a forward
    [InlineData("AW: Ellie-Mae Quinn", true, false)] // German reply
    [InlineData("WG: Ellie-Mae Quinn", false, true)] // German forward
    [InlineData("RE[2]: Ellie-Mae Quinn", true, false)] // a counted reply
    [InlineData("Ellie-Mae Quinn", false, false)] // neither
    public void The_subjects_prefixes_say_whether_it_is_a_reply_or_a_forward(string subject, bool reply, bool forward)
    {
        var reading = new TestEmail(subject, "-").Read();

        Assert.Equal((reply, forward), (reading.IsReply, reading.IsForward));
        Assert.Equal("Ellie-Mae Quinn", reading.CleanSubject);
    }

    [Fact]
    public void A_word_like_Re_inside_the_subject_is_no_prefix()
    {
        var reading = new TestEmail("Referral: Ellie-Mae Quinn", "-").Read();

        Assert.False(reading.IsReply);
        Assert.Equal("Referral: Ellie-Mae Quinn", reading.CleanSubject);
    }

    [Fact]
    public void The_day_it_was_sent_is_the_reference_for_dates_without_a_year()
    {
        var reading = new TestEmail("CME referral", "-") { Date = "Mon, 18 May 2026 09:30:00 +0100" }.Read();

        Assert.Equal(new DateOnly(2026, 5, 18), reading.Reference);
    }

    [Fact]
    public void The_day_it_was_sent_is_the_senders_own_day_not_the_day_in_UTC()
    {
        // Half past midnight in British Summer Time is still the 17th in UTC; the school wrote on the 18th.
        var reading = new TestEmail("CME referral", "-") { Date = "Mon, 18 May 2026 00:30:00 +0100" }.Read();

        Assert.Equal(new DateOnly(2026, 5, 18), reading.Reference);
    }

    [Fact]
    public void The_senders_own_words_leave_out_the_history_they_quote()
    {
        var reading = new TestEmail("RE: Referral", "She is back today.\n\n-----Original Message-----\nFrom: CME <cme@council.example.org>\nSent: 18 May 2026 09:31\nTo: Attendance Office <attendance@oakfield-primary.example.org>\nSubject: Referral\n\nThank you.").Read();

        Assert.Equal("She is back today.", reading.OwnText.Trim());
    }
}
