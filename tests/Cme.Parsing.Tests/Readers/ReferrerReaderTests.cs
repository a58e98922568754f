using Cme.Core.Intake;
using Cme.Core.Mail;

namespace Cme.Parsing.Tests.Readers;

/// <summary>
/// The referrer is the person who wrote: the form's own "your email" answer, the original author of a
/// forward (however many times it was forwarded on), or the sender. A duty or admissions mailbox that
/// relays a report is not its referrer, and a no-reply or notifications address is never the person
/// acknowledged (<see cref="IntakePolicy.ReferrerToTell"/>).
/// </summary>
public sealed class ReferrerReaderTests
{
    private const string Report = "Ellie-Mae Quinn, DOB 04/02/2016, has not attended since 1 May and the family cannot be contacted.";

    [Fact]
    public void The_sender_who_writes_a_report_is_its_referrer()
    {
        var parsed = new TestEmail("CME referral", Report).Parse();

        Assert.Equal(EmailAddress.Parse("attendance@oakfield-primary.example.org"), parsed.ReferrerEmail);
    }

    [Fact]
    public void The_referrer_of_a_forward_is_its_original_author_not_the_relay()
    {
        var forward = new TestEmail("Fwd: Child not attending - Ellie-Mae Quinn", $"""
            For CME, please.

            ---------- Forwarded message ---------
            From: Sam Patel <attendance@westbrook-primary.example.org>
            Date: Fri, 15 May 2026 at 16:40
            Subject: Child not attending - Ellie-Mae Quinn
            To: <duty@council.example.org>

            {Report}
            """)
        {
            From = "Duty Desk <duty@council.example.org>",
        };

        Assert.Equal(EmailAddress.Parse("attendance@westbrook-primary.example.org"), forward.Parse().ReferrerEmail);
    }

    [Fact]
    public void The_referrer_of_a_forward_of_a_forward_is_the_first_author()
    {
        var forward = new TestEmail("FW: FW: Child not attending - Ellie-Mae Quinn", $"""
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

            {Report}
            """)
        {
            From = "Admissions <admissions@council.example.org>",
        };

        Assert.Equal(EmailAddress.Parse("attendance@westbrook-primary.example.org"), forward.Parse().ReferrerEmail);
    }

    [Fact]
    public void The_forms_own_your_email_answer_is_the_referrer_of_a_web_form()
    {
        var form = new TestEmail("New submission: CME referral", """
            Child's first name: Tobias
            Child's surname: Fenwick-Hale
            Date of birth: 11/09/2014
            Reason for referral: not attended since 20 April, family cannot be contacted

            Your name: Sam Patel
            Your email: attendance@westbrook-primary.example.org
            """)
        {
            From = "Council Forms <noreply@forms.council.example.org>",
        };

        var parsed = form.Parse();

        Assert.Equal(EmailAddress.Parse("attendance@westbrook-primary.example.org"), parsed.ReferrerEmail);
        Assert.Equal(EmailAddress.Parse("attendance@westbrook-primary.example.org"), IntakePolicy.ReferrerToTell(parsed));
    }

    [Fact]
    public void A_parents_email_on_the_form_is_not_the_referrer()
    {
        var email = new TestEmail("CME referral", $"""
            {Report}

            Parent/carer details
            Name: Joanne Quinn
            Email: parent.quinn@mail.example.com
            """);

        Assert.Equal(EmailAddress.Parse("attendance@oakfield-primary.example.org"), email.Parse().ReferrerEmail);
    }

    [Theory]
    [InlineData("noreply@forms.council.example.org")] // a council's web form
    [InlineData("no-reply@admissions.example.org")] // an admissions system
    [InlineData("do-not-reply@mis.example.com")] // an MIS vendor's relay
    [InlineData("notifications@oakfield-primary.example.org")] // a school's MIS sending as the school
    [InlineData("mis-notifications@oakfield-primary.example.org")] // the MIS's own notifications mailbox
    public void A_noreply_sender_is_never_the_person_to_acknowledge(string sender)
    {
        var parsed = new TestEmail("Pupil removed from admission register", Report) { From = sender }.Parse();

        Assert.Null(IntakePolicy.ReferrerToTell(parsed));
    }

    [Fact]
    public void A_noreply_senders_Reply_To_is_the_person_to_acknowledge()
    {
        var parsed = new TestEmail("Pupil removed from admission register", Report) { From = "noreply@mis.example.com" }
            .With("Reply-To: Attendance Office <attendance@oakfield-primary.example.org>")
            .Parse();

        Assert.Equal(EmailAddress.Parse("attendance@oakfield-primary.example.org"), IntakePolicy.ReferrerToTell(parsed));
    }

    [Fact]
    public void A_machine_sent_notice_is_never_acknowledged_at_its_sender()
    {
        // An ordinary-looking address, but Auto-Submitted says a machine wrote it: nobody there reads replies.
        var parsed = new TestEmail("Pupil removed from admission register", Report).With("Auto-Submitted: auto-generated").Parse();

        Assert.True(parsed.IsMachineSent);
        Assert.Null(IntakePolicy.ReferrerToTell(parsed));
    }

    [Fact]
    public void A_noreply_address_given_as_the_forms_answer_is_not_the_referrer()
    {
        var parsed = new TestEmail("New submission: CME referral", $"""
            {Report}
            Your email: noreply@forms.council.example.org
            """)
        {
            From = "Council Forms <noreply@forms.council.example.org>",
        }.With("Reply-To: Attendance Office <attendance@westbrook-primary.example.org>").Parse();

        Assert.Equal(EmailAddress.Parse("attendance@westbrook-primary.example.org"), IntakePolicy.ReferrerToTell(parsed));
    }

    [Fact]
    public void The_referrers_role_after_a_comma_is_not_part_of_their_name()
    {
        var parsed = new TestEmail("CME referral", $"{Report}\nReferrer name: Sam Patel, Attendance Officer").Parse();

        Assert.Equal("Sam Patel", parsed.ReferrerName);
    }

    [Theory]
    [InlineData("Referrer name: Sam Okonkwo-Reid", "Sam Okonkwo-Reid")] // a double-barrelled surname keeps its hyphen
    [InlineData("Referrer name / role: Sam Patel - Attendance Officer", "Sam Patel")] // the role after the dash is not the name
    public void The_referrers_name_is_the_name_alone(string line, string name)
    {
        var parsed = new TestEmail("CME referral", $"{Report}\n{line}").Parse();

        Assert.Equal(name, parsed.ReferrerName);
    }

    [Theory]
    [InlineData("Kind regards,\n\nMrs Priya Shah\nDeputy Headteacher & DSL\nOakfield Primary School\nTel: 0113 496 0123", "Priya Shah", "Deputy Headteacher & DSL")] // title, role, school, phone
    [InlineData("Many thanks\nJo Bloggs | Education Welfare Officer | Attendance Team\nM: 07700 900123", "Jo Bloggs", "Education Welfare Officer")] // one line, bars between
    [InlineData("Thanks\nDave\n\nSent from my iPhone", "Dave", null)] // a first name alone, a phone's line after
    public void With_no_referrer_named_in_a_form_the_signature_gives_the_name_and_role(string signature, string name, string? role)
    {
        var parsed = new TestEmail("CME referral", $"{Report}\n\n{signature}").Parse();

        Assert.Equal(name, parsed.ReferrerName);
        Assert.Equal(role, parsed.ReferrerRole);
    }

    [Theory]
    [InlineData("Kind regards\nAttendance Team\nOakfield Primary School")] // an office, not a person
    [InlineData("Regards\nSent from my iPhone")] // only a phone's line
    public void A_signature_that_names_an_office_or_a_phone_names_no_referrer(string signature)
    {
        Assert.Null(new TestEmail("CME referral", $"{Report}\n\n{signature}").Parse().ReferrerName);
    }

    [Fact]
    public void A_forms_referrer_name_comes_before_the_signature()
    {
        var parsed = new TestEmail("CME referral", $"{Report}\nReferrer name: Sam Patel\n\nKind regards\nJo Bloggs\nAttendance Officer").Parse();

        Assert.Equal("Sam Patel", parsed.ReferrerName);
    }
}
