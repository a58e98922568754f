using Cme.Core.Mail;

namespace Cme.Parsing.Tests.Readers;

/// <summary>
/// An email body split into what the sender wrote now and what came before: the message a forward
/// carries (its content, unquoted however the client quoted it) or the history a reply quotes. A
/// forward chain's header blocks are kept newest first, so the first author can be found.
/// </summary>
public sealed class ThreadTests
{
    [Fact]
    public void An_Apple_Mail_forward_quoted_with_angle_brackets_is_read_unquoted()
    {
        var thread = Thread.Split("""
            For CME, please.

            Begin forwarded message:

            > From: Sam Patel <attendance@westbrook-primary.example.org>
            > Subject: Child not attending
            > Date: 15 May 2026 at 16:40:00 BST
            > To: duty@council.example.org
            >
            > Surname: Quinn
            > > First name: Ellie-Mae
            """);

        Assert.True(thread.IsForward);
        Assert.Equal("For CME, please.", thread.NewText.Trim());
        Assert.Contains("\nSurname: Quinn\n", thread.Forwarded, StringComparison.Ordinal);
        Assert.Contains("\nFirst name: Ellie-Mae", thread.Forwarded, StringComparison.Ordinal);
        Assert.Equal(EmailAddress.Parse("attendance@westbrook-primary.example.org"), thread.FirstForwardedAuthor);
    }

    [Fact]
    public void A_Gmail_forward_is_a_forward_with_its_author()
    {
        var thread = Thread.Split("""
            FYI

            ---------- Forwarded message ---------
            From: Sam Patel <attendance@westbrook-primary.example.org>
            Date: Fri, 15 May 2026 at 16:40
            Subject: Child not attending
            To: <duty@council.example.org>

            Surname: Quinn
            """);

        Assert.True(thread.IsForward);
        Assert.Contains("Surname: Quinn", thread.Forwarded, StringComparison.Ordinal);
        Assert.Equal(EmailAddress.Parse("attendance@westbrook-primary.example.org"), thread.FirstForwardedAuthor);
    }

    [Fact]
    public void Outlooks_Original_Message_is_a_reply_not_a_forward()
    {
        var thread = Thread.Split("""
            She is back in school today.

            -----Original Message-----
            From: CME <cme@council.example.org>
            Sent: 18 May 2026 09:31
            To: Attendance Office <attendance@oakfield-primary.example.org>
            Subject: CME-2026-00012 received

            Thank you for your referral.
            """);

        Assert.False(thread.IsForward);
        Assert.Equal("She is back in school today.", thread.NewText.Trim());
        Assert.DoesNotContain("Thank you for your referral", thread.NewText, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reply_below_On_date_wrote_keeps_the_new_text_apart()
    {
        var thread = Thread.Split("""
            Mum has confirmed they moved to Leeds.

            On Mon, 18 May 2026 at 09:31, CME <cme@council.example.org> wrote:
            > Thank you for your referral.
            """);

        Assert.False(thread.IsForward);
        Assert.Equal("Mum has confirmed they moved to Leeds.", thread.NewText.Trim());
    }

    [Fact]
    public void Lines_quoted_with_angle_brackets_and_no_marker_are_history()
    {
        var thread = Thread.Split("Thanks, noted.\n> Surname: Quinn\n> > First name: Ellie-Mae");

        Assert.Equal("Thanks, noted.", thread.NewText.Trim());
        Assert.Equal("Surname: Quinn\nFirst name: Ellie-Mae", thread.Quoted);
        Assert.False(thread.IsForward);
    }

    [Fact]
    public void A_forward_chains_header_blocks_are_kept_newest_first()
    {
        var thread = Thread.Split("""
            Please log this one.

            ________________________________
            From: Duty Desk <duty@council.example.org>
            Sent: 18 May 2026 08:12
            To: Admissions <admissions@council.example.org>
            Subject: FW: Child not attending - Ellie-Mae Quinn

            For CME.

            ________________________________
            From: Sam Patel <attendance@westbrook-primary.example.org>
            Sent: 15 May 2026 16:40
            To: Duty Desk <duty@council.example.org>
            Subject: Child not attending - Ellie-Mae Quinn

            Surname: Quinn
            """);

        Assert.Equal(
            [
                (EmailAddress.Parse("duty@council.example.org"), "FW: Child not attending - Ellie-Mae Quinn"),
                (EmailAddress.Parse("attendance@westbrook-primary.example.org"), "Child not attending - Ellie-Mae Quinn"),
            ],
            thread.HeaderBlocks);
    }

    [Fact]
    public void A_forwards_content_ends_where_older_history_inside_it_begins()
    {
        var thread = Thread.Split("""
            ---------- Forwarded message ---------
            From: Duty Desk <duty@council.example.org>
            Date: Mon, 18 May 2026 at 08:12
            Subject: FW: Child not attending

            For CME.

            From: Sam Patel <attendance@westbrook-primary.example.org>
            Sent: 15 May 2026 16:40
            To: Duty Desk <duty@council.example.org>
            Subject: Child not attending

            Surname: Quinn
            """);

        Assert.Contains("For CME.", thread.Forwarded, StringComparison.Ordinal);
        Assert.DoesNotContain("Surname: Quinn", thread.Forwarded, StringComparison.Ordinal);
        Assert.Contains("Surname: Quinn", thread.Quoted, StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_with_no_history_is_all_new_text()
    {
        var thread = Thread.Split("Surname: Quinn\nFirst name: Ellie-Mae");

        Assert.Equal("Surname: Quinn\nFirst name: Ellie-Mae", thread.NewText);
        Assert.Empty(thread.Forwarded);
        Assert.Empty(thread.Quoted);
        Assert.False(thread.IsForward);
    }

    [Theory]
    [InlineData("FW: Deletion", true)] // Outlook's forward: a From:/Sent:/To:/Subject: block and no marker line
    [InlineData("Fwd: Pupil leaver", true)] // another client's forward prefix
    [InlineData("RE: Deletion", false)] // the same block under a reply is quoted history
    public void An_Outlook_header_block_without_a_marker_line_is_a_forward_when_the_subject_says_so(string subject, bool forward)
    {
        var email = new TestEmail(subject, """
            Please see below.

            From: School Office <office@oakfield-primary.example.org>
            Sent: 02 March 2026 14:02
            To: Head Teacher <head@oakfield-primary.example.org>
            Subject: Deletion

            Pupil: QUINN, Ellie-Mae
            DOB: 04/02/2016
            """).Read();

        Assert.Equal(forward, email.Thread.IsForward);
        Assert.Equal(forward, email.Thread.Forwarded.Contains("QUINN, Ellie-Mae", StringComparison.Ordinal));
        Assert.Equal(!forward, email.Thread.Quoted.Contains("QUINN, Ellie-Mae", StringComparison.Ordinal));
        Assert.Equal("Please see below.", email.Thread.NewText.Trim());
    }
}
