using Cme.Core.Intake;

namespace Cme.Parsing.Tests.Readers;

/// <summary>
/// A secure-mail wrapper holds no report, only a link to one behind the sender's sign-in. Schools,
/// police and health send their most sensitive referrals this way, so a wrapper goes to a person
/// (never ignored, never answered, never read as a referral with no child); a person's own report
/// that happens to mention secure email is read as written.
/// </summary>
public sealed class SecureMessageRecogniserTests
{
    [Theory]
    [InlineData("You have received a secure email", "Safeguarding Lead, Oakfield Primary has sent you a secure email.\n\nSubject: Pupil concern\n\nTo read this message, sign in to the secure portal.\nDo not reply to this email.")] // a portal notice naming the sender and the subject
    [InlineData("New secure message", "You have a new secure message from attendance@oakfield-primary.example.org.\n\nClick below to view your secure message. It will expire in 14 days.")] // a "new secure message" link
    [InlineData("Encrypted: child not attending", "Attendance Office (attendance@oakfield-primary.example.org) has sent you a protected message.\n\nRead the message\n\nLearn about messages protected by Message Encryption.")] // Office 365 message encryption
    [InlineData("[SECURE] Files for you", "Police MASH has sent you confidential files.\n\nMessage: \"Child not in school - see document\"\n\nA password is required to retrieve the files.")] // a file-transfer service carrying a referral's subject
    [InlineData("Secure message waiting", "A secure email is waiting for you.\n\nPowered by Galaxkey. Click the link to open the message.")] // the service named, the link to open
    public void A_secure_mail_wrapper_goes_to_a_person_and_is_not_read_as_a_report(string subject, string body)
    {
        var wrapper = new TestEmail(subject, body)
        {
            From = "Secure Mail <notifications@securemail.example.com>",
        }.With("Auto-Submitted: auto-generated");

        var parsed = wrapper.Parse();

        Assert.Equal(EmailKind.Other, parsed.Kind);
        Assert.False(parsed.IsAutomatic);
        Assert.True(parsed.IsMachineSent);
        Assert.Equal("a secure message that can only be read in the sender's portal: a person should open it", parsed.TriageReason);
    }

    [Fact]
    public void A_wrapper_written_by_a_person_is_not_machine_sent_but_still_goes_to_a_person()
    {
        var wrapper = new TestEmail("Encrypted: pupil concern", "Attendance Office (attendance@oakfield-primary.example.org) has sent you a protected message.\n\nRead the message");

        var parsed = wrapper.Parse();

        Assert.False(parsed.IsMachineSent);
        Assert.NotNull(parsed.TriageReason);
        Assert.Contains("secure message", parsed.TriageReason);
    }

    [Fact]
    public void A_report_that_names_a_child_and_mentions_secure_email_is_read_as_a_report()
    {
        var report = new TestEmail("CME referral", """
            Ellie-Mae Quinn (DOB 04/02/2016) has not attended Oakfield Primary School since 27/04/2026 and the family cannot be contacted.
            I have sent you a secure email with the social worker's details as well.
            """);

        var parsed = report.Parse();

        Assert.Equal(EmailKind.Referral, parsed.Kind);
        Assert.Equal("Ellie-Mae", parsed.Child.FirstName);
        Assert.Null(parsed.TriageReason);
    }

    [Fact]
    public void A_long_email_that_only_mentions_a_secure_portal_is_not_a_wrapper()
    {
        var newsletter = new TestEmail("Attendance update", "We have sent you a secure email about the new portal. " + string.Concat(Enumerable.Repeat("Attendance matters for every pupil in every school. ", 60)));

        Assert.Null(SecureMessageRecogniser.Recognise(newsletter.Read()));
    }

    [Fact]
    public void A_wrapper_whose_subject_names_the_child_still_goes_to_a_person_with_the_name_kept()
    {
        var wrapper = new TestEmail("Secure: CME referral - Jayden Okafor", "dsl@oakfield-primary.example.org has sent you a secure email.\n\nSign in to read the message.")
        {
            From = "Secure Mail <notifications@securemail.example.com>",
        };

        var parsed = wrapper.Parse();

        Assert.Equal(EmailKind.Other, parsed.Kind);
        Assert.Equal("a secure message that can only be read in the sender's portal: a person should open it", parsed.TriageReason);
        Assert.Equal(("Jayden", "Okafor"), (parsed.Child.FirstName, parsed.Child.LastName));
    }
}
