using Cme.Core.Cases;
using Cme.Core.Intake;

namespace Cme.Parsing.Tests.Readers;

/// <summary>
/// The kind of an email hinges on what it says happened to a place or a child, not on a keyword:
/// a reply carrying a case reference is an update to that case; "started with us today" is a child
/// on roll, not an offer; a parent declining a place is a decline; an invitation, an FOI request or
/// an advert is nothing to do with a child.
/// </summary>
public sealed class KindClassifierTests
{
    private const string Acknowledgement = """
        -----Original Message-----
        From: CME <cme@council.example.org>
        Sent: 18 May 2026 09:31
        To: Attendance Office <attendance@oakfield-primary.example.org>
        Subject: Referral received

        Thank you for your referral.
        """;

    [Fact]
    public void A_reply_carrying_a_case_reference_only_in_its_body_in_lower_case_is_a_case_update()
    {
        var reply = new TestEmail("RE: Referral received", "Update on cme-2026-00012: mum says the family have moved to Leeds.\n\n" + Acknowledgement);

        var parsed = reply.Parse();

        Assert.Equal(EmailKind.CaseUpdate, parsed.Kind);
        Assert.Equal(CaseReference.Create(2026, 12), parsed.CaseReference);
    }

    [Fact]
    public void A_reply_carrying_a_case_reference_in_its_subject_is_a_case_update()
    {
        var reply = new TestEmail("RE: CME-2026-00012 Ellie-Mae Quinn", "She has not attended since 1 May; we have tried a home visit.\n\n" + Acknowledgement);

        Assert.Equal(EmailKind.CaseUpdate, reply.Parse().Kind);
    }

    [Fact]
    public void A_forward_whose_subject_carries_a_case_reference_is_a_case_update()
    {
        var forward = new TestEmail("FW: CME-2026-00012 Ellie-Mae Quinn", "For your information.\n\n" + Acknowledgement);

        Assert.Equal(EmailKind.CaseUpdate, forward.Parse().Kind);
    }

    [Theory]
    [InlineData("Ellie-Mae Quinn (DOB 04/02/2016) started with us today.")] // the school's usual words
    [InlineData("Ellie-Mae Quinn (DOB 04/02/2016) has been admitted and is attending.")] // admitted and attending
    [InlineData("Ellie-Mae Quinn (DOB 04/02/2016) is now on roll and attending from Monday 18 May.")] // now on roll
    public void Started_with_us_today_is_an_on_roll_confirmation_not_an_offer(string body)
    {
        // The subject keeps the offer's words: the reply says what happened since.
        var reply = new TestEmail("RE: In-year offer - Ellie-Mae Quinn", body);

        Assert.Equal(EmailKind.OnRollConfirmation, reply.Parse().Kind);
    }

    [Theory]
    [InlineData("Mum rang to say she has declined the place offered at Hillcrest Academy; the family are staying with relatives.")] // declined the place
    [InlineData("Dad has told us they do not want to accept the offer of a place at Hillcrest Academy.")] // do not want to accept the offer
    [InlineData("The parents have turned down the place at Hillcrest Academy.")] // turned down
    public void A_parent_declining_a_place_is_place_declined_not_an_offer(string body)
    {
        var email = new TestEmail("School place offer - Ellie-Mae Quinn (DOB 04/02/2016)", body)
        {
            From = "School Admissions <admissions@council.example.org>",
        };

        Assert.Equal(EmailKind.PlaceDeclined, email.Parse().Kind);
    }

    [Fact]
    public void An_offer_of_a_place_is_an_in_year_offer()
    {
        var email = new TestEmail("In-year offer - Ellie-Mae Quinn", """
            Ellie-Mae Quinn (DOB 04/02/2016) has been offered a place at Hillcrest Academy.
            Agreed start date: 01/06/2026
            """)
        {
            From = "School Admissions <admissions@council.example.org>",
        };

        Assert.Equal(EmailKind.InYearOffer, email.Parse().Kind);
    }

    [Fact]
    public void A_child_who_never_arrived_for_an_offered_place_is_a_no_show()
    {
        var reply = new TestEmail("RE: In-year offer - Ellie-Mae Quinn", "Ellie-Mae Quinn (DOB 04/02/2016) did not arrive on the agreed start date of 1 June and we cannot contact mum.");

        Assert.Equal(EmailKind.NoShow, reply.Parse().Kind);
    }

    [Fact]
    public void A_school_removing_a_pupil_from_its_roll_is_a_removal_from_roll()
    {
        var email = new TestEmail("Deletion from register", "Ellie-Mae Quinn (DOB 04/02/2016) will be removed from our roll on 22 May: the family have moved abroad.");

        Assert.Equal(EmailKind.RemovalFromRoll, email.Parse().Kind);
    }

    [Fact]
    public void A_weekly_return_of_deletions_from_the_admission_register_is_a_removal_from_roll()
    {
        var email = new TestEmail("Deletions from admission register - week ending 27/11/2026", "Surname: Hussain\nForename: Zara\nDOB: 05/05/2013\nReason: not returned after leave");

        Assert.Equal(EmailKind.RemovalFromRoll, email.Parse().Kind);
    }

    [Theory]
    [InlineData("Parent has written to say they will home educate Ava Lewis (Y5, DOB 01/01/2017) with immediate effect.")]
    [InlineData("Ava Lewis (DOB 01/01/2017) is to be deregistered for elective home education from Friday.")]
    public void A_school_telling_us_a_child_leaves_for_home_education_is_a_removal_from_roll(string body)
    {
        Assert.Equal(EmailKind.RemovalFromRoll, new TestEmail("Elective home education", body).Parse().Kind);
    }

    [Theory]
    [InlineData("Pupil leaving", "We are moving back to Romania next week so Luca Popescu (Year 3) will not be back after Friday.")]
    [InlineData("Luca Popescu", "Luca Popescu (DOB 12/03/2018) is moving abroad with his family and is not returning to school after half term.")]
    public void A_child_leaving_the_school_for_abroad_or_for_good_is_a_removal_from_roll(string subject, string body)
    {
        Assert.Equal(EmailKind.RemovalFromRoll, new TestEmail(subject, body).Parse().Kind);
    }

    [Fact]
    public void A_named_child_nobody_can_find_is_a_referral()
    {
        var email = new TestEmail("Concern about a pupil", "Tobias Fenwick-Hale, DOB 11/09/2014, has not attended since 20 April. The house looks empty and nobody knows where the family has gone.");

        Assert.Equal(EmailKind.Referral, email.Parse().Kind);
    }

    [Fact]
    public void Refuses_in_an_unrelated_email_makes_no_kind()
    {
        var email = new TestEmail("Printer in room 4", "The printer refuses to print double-sided again. Could someone have a look before Friday?");

        var parsed = email.Parse();

        Assert.Equal(EmailKind.Other, parsed.Kind);
        Assert.Null(parsed.TriageReason);
    }

    [Fact]
    public void A_calendar_invitation_is_other()
    {
        var invitation = new TestEmail("CME panel", """
            --cal
            Content-Type: text/plain; charset=utf-8

            Monthly CME panel: referrals missing education to be reviewed.

            --cal
            Content-Type: text/calendar; charset=utf-8; method=REQUEST

            BEGIN:VCALENDAR
            METHOD:REQUEST
            BEGIN:VEVENT
            SUMMARY:CME panel
            DTSTART:20260602T100000Z
            DTEND:20260602T110000Z
            END:VEVENT
            END:VCALENDAR

            --cal--
            """)
        {
            From = "Education Welfare <ews@council.example.org>",
            ContentType = "multipart/alternative; boundary=\"cal\"",
        };

        var parsed = invitation.Parse();

        Assert.Equal(EmailKind.Other, parsed.Kind);
        Assert.Null(parsed.TriageReason);
    }

    [Theory]
    // An FOI request counts referrals; it is about no child.
    [InlineData("Freedom of Information request", "Under the Freedom of Information Act, please tell me how many children were referred as missing education in 2025.")]
    // A general question from a school names no child.
    [InlineData("Attendance codes query", "Which attendance code should we use for a pupil on a part-time timetable? Thanks.")]
    // An advert for training that mentions CME.
    [InlineData("Training: Children Missing Education for DSLs", "Book your place on our CME training session on 10 June. Places are limited.")]
    // A general question from a school names no child.
    [InlineData("Question about CME thresholds", "When should a school make a referral for a child who has moved away? Is there a form we should use?")]
    public void Mail_about_no_child_is_other(string subject, string body)
    {
        var email = new TestEmail(subject, body) { From = "Enquiries <enquiries@example.com>" };

        Assert.Equal(EmailKind.Other, email.Parse().Kind);
    }

    [Fact]
    public void Mail_that_names_a_child_but_no_known_kind_goes_to_a_person_not_ignored()
    {
        var email = new TestEmail("Ellie-Mae Quinn", "Could you give me a call about Ellie-Mae Quinn (DOB 04/02/2016) please?");

        var parsed = email.Parse();

        Assert.Equal(EmailKind.Other, parsed.Kind);
        Assert.NotNull(parsed.TriageReason);
    }

    [Theory]
    [InlineData("Car park", "My request for a parking place was refused again. Who should I speak to?")] // 'place' and 'refused', about a car
    [InlineData("Teaching assistant post", "Your offer letter for the teaching assistant post is attached; please sign and return it.")] // an offer letter for a job
    [InlineData("Tuesday's meeting", "Apologies for my no-show at Tuesday's meeting, I was stuck in traffic.")] // a no-show at a meeting
    [InlineData("Register of interests", "Could I please be removed from the register of interests now that I have left the governing body?")] // removed from a register that is no school's
    public void A_keyword_alone_in_an_unrelated_email_makes_no_kind(string subject, string body)
    {
        var email = new TestEmail(subject, body) { From = "Business Support <business.support@council.example.org>" };

        Assert.Equal(EmailKind.Other, email.Parse().Kind);
    }

    [Theory]
    [InlineData("Pupil Leaver: Aria Lindqvist\nDOB: 01/12/2015\nLeaving date: 27/02/2026\nDestination: Not known")] // an MIS leaver notice
    [InlineData("Student leavers\n\nAria Lindqvist (DOB 01/12/2015) left on 27/02/2026. Destination school unknown.")] // a plural heading
    [InlineData("Aria Lindqvist (DOB 01/12/2015) has been marked as a leaver with effect from 27/02/2026.")] // the MIS's own words
    public void A_pupil_leaver_notice_is_a_removal_from_roll(string body)
    {
        var notice = new TestEmail("Automated notification", body)
        {
            From = "MIS Notifications <noreply@mis.example.com>",
        }.With("Auto-Submitted: auto-generated");

        var parsed = notice.Parse();

        Assert.Equal(EmailKind.RemovalFromRoll, parsed.Kind);
        Assert.False(parsed.IsAutomatic);
        Assert.Equal("Aria", parsed.Child.FirstName);
    }

    [Theory]
    [InlineData("im home schooling Alfie Turner (DOB 02/02/2017) from now on, he was at Oakfield Primary.")] // a phone's lower case
    [InlineData("We have decided to home school our son Alfie Turner, DOB 02/02/2017, who is at Oakfield Primary School.")] // decided to home school
    [InlineData("I have decided to educate my son Alfie Turner (d.o.b. 02.02.2017) at home and have asked Oakfield Primary School to remove him from their register.")] // educate at home, dots in the date
    [InlineData("We will be home-schooling him from Monday. Alfie Turner, born 02/02/2017, Oakfield Primary School.")] // hyphenated
    public void A_parent_telling_us_they_will_home_school_is_a_removal_from_roll(string body)
    {
        var email = new TestEmail("Home education", body)
        {
            From = "Parent <a.parent@mail.example.com>",
        };

        Assert.Equal(EmailKind.RemovalFromRoll, email.Parse().Kind);
    }

    [Fact]
    public void A_home_school_liaison_officers_visit_is_not_a_home_schooling_notice()
    {
        var email = new TestEmail("CME referral", "Alfie Turner (DOB 02/02/2017) has not attended Oakfield Primary School since 27/04/2026. Our home-school liaison officer visited twice and nobody answered.");

        Assert.Equal(EmailKind.Referral, email.Parse().Kind);
    }

    [Fact]
    public void A_forwarded_deletion_in_an_Outlook_block_without_a_marker_line_is_a_removal_from_roll()
    {
        var forward = new TestEmail("FW: Deletion", """
            FYI

            From: School Office <office@oakfield-primary.example.org>
            Sent: 02 March 2026 14:02
            To: Head Teacher <head@oakfield-primary.example.org>
            Subject: Deletion

            The following pupil will be removed from our admission register on 06/03/2026:
            Pupil: BROWN, Theo
            DOB: 04/04/2015
            """);

        var parsed = forward.Parse();

        Assert.Equal(EmailKind.RemovalFromRoll, parsed.Kind);
        Assert.Equal(("Theo", "Brown"), (parsed.Child.FirstName, parsed.Child.LastName));
    }

    [Theory]
    [InlineData("he disclosed he has not been on a school roll since leaving Oakfield Primary School in December.")] // a return interview
    [InlineData("she is not currently registered at any school.")] // not registered anywhere
    public void A_child_not_on_any_school_roll_is_a_referral(string words)
    {
        var email = new TestEmail("Education check", "Harvey Quinn-Doyle (DOB 19/08/2012): " + words)
        {
            From = "Missing Persons <missing.persons@police.example.org>",
        };

        Assert.Equal(EmailKind.Referral, email.Parse().Kind);
    }

    [Theory]
    [InlineData("Ellie-Mae Quinn (DOB 04/02/2016) hasn't started with us yet; she was due on 11 May.")] // "hasn't started", though "started with us" follows
    [InlineData("Ellie-Mae Quinn (DOB 04/02/2016) has not yet arrived; we cannot reach mum.")] // not yet arrived
    [InlineData("The family haven't taken up the place for Ellie-Mae Quinn (DOB 04/02/2016).")] // haven't taken up
    public void A_child_who_has_not_yet_started_is_a_no_show_never_a_confirmation(string body)
    {
        Assert.Equal(EmailKind.NoShow, new TestEmail("Ellie-Mae Quinn", body).Parse().Kind);
    }

    [Theory]
    [InlineData("Ellie-Mae Quinn (DOB 04/02/2016) is attending from Monday 18 May.")] // attending from a date
    [InlineData("I can confirm Ellie-Mae Quinn (04/02/2016) is on our register as of today.")] // on our register as of today
    [InlineData("Ellie-Mae Quinn, DOB 04/02/2016, has been on the roll since 11 May.")] // on the roll since
    public void A_school_saying_the_child_attends_or_is_on_its_register_is_an_on_roll_confirmation(string body)
    {
        Assert.Equal(EmailKind.OnRollConfirmation, new TestEmail("Ellie-Mae Quinn", body).Parse().Kind);
    }

    [Theory]
    [InlineData("Ellie-Mae Quinn (04/02/2016) will be attending from Monday once the uniform arrives.")] // will be attending
    [InlineData("Ellie-Mae Quinn (04/02/2016) should be on our register from Monday.")] // should be on our register
    public void A_school_saying_the_child_will_attend_is_never_an_on_roll_confirmation(string body)
    {
        Assert.NotEqual(EmailKind.OnRollConfirmation, new TestEmail("Ellie-Mae Quinn", body).Parse().Kind);
    }

    [Theory]
    [InlineData("We are deleting Ellie-Mae Quinn (04/02/2016) from our register as mum will educate her at home.")] // deleting the child from our register
    [InlineData("Ellie-Mae Quinn (04/02/2016): we will delete her from the school roll on Friday.")] // delete her from the roll
    public void A_school_deleting_a_named_child_from_its_register_is_a_removal(string body)
    {
        Assert.Equal(EmailKind.RemovalFromRoll, new TestEmail("Ellie-Mae Quinn", body).Parse().Kind);
    }

    [Theory]
    [InlineData("I will be home educating Ava Lewis (DOB 01/01/2017) from January.")] // will be home educating
    [InlineData("Just to let you know we are now home educating Ava Lewis (01/01/2017).")] // are now home educating
    public void A_parent_saying_they_will_be_home_educating_is_a_removal_from_roll(string body)
    {
        Assert.Equal(EmailKind.RemovalFromRoll, new TestEmail("Ava Lewis", body) { From = "A parent <parent.family@example.com>" }.Parse().Kind);
    }
}
