using System.Text;
using Cme.Application.Intake;
using Cme.Application.Ports;
using Cme.Core.Cases;
using Cme.Core.Intake;
using Cme.Infrastructure.Storage;
using Cme.Parsing;
using Cme.Testing;

namespace Cme.Infrastructure.Tests.Intake;

/// <summary>
/// Machine-sent mail through the whole of ingestion with the real parser, on Azurite and a real
/// folder mailbox. A machine-sent notice about a child is read and opens a case like any other;
/// it is never answered at its no-reply sender. An auto-reply is recorded and changes nothing.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class MachineSentMailIngestionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_council_web_form_referral_from_a_noreply_address_opens_a_case_and_acknowledges_the_person_the_form_names()
    {
        await using var harness = await new IngestionHarness(azurite, new EmailParser()).StartAsync();
        var mime = Email(
            harness.Year,
            "Online forms <noreply@forms.council.example.gov.uk>",
            "Children missing education referral - form submission 48213",
            "Auto-Submitted: auto-generated\r\nX-Auto-Response-Suppress: All\r\n",
            $"""
            A new form has been submitted.

            Child's first name: Poppy-Mae
            Child's surname: {harness.Surname}
            Date of birth: 03/04/2015
            Last known address: 14 Larkspur Road, Watford WD18 7PL
            Current school: Oakhurst Primary School
            Date last attended: 12/01/{harness.Year}
            Reason for referral: The family have not been seen since January and the child is missing from education.

            Your name: Sam Carter
            Your role: Family support worker
            Your email: family.support@agency.example.org
            """);
        harness.DropMime("web-form.eml", mime);

        Assert.Empty(await harness.PollAndIngestWithRetriesAsync());

        var opened = Assert.Single(await harness.CasesOfThisYearAsync());
        Assert.Equal(EmailKind.Referral, opened.OpenedBy);
        var acknowledgement = Assert.Single(await harness.NotificationsAsync(), n => n.Kind == "Acknowledgement");
        Assert.Equal(["family.support@agency.example.org"], acknowledgement.To);
        Assert.DoesNotContain(await harness.NotificationsAsync(), n => n.To.Any(to => to.StartsWith("noreply@", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task A_school_MIS_off_roll_notice_with_auto_submitted_opens_a_removal_case_and_acknowledges_nobody_saying_why_on_the_case()
    {
        await using var harness = await new IngestionHarness(azurite, new EmailParser()).StartAsync();
        var mime = Email(
            harness.Year,
            "School MIS <notifications@mis.school.example.org>",
            "Pupil removed from the admission register",
            "Auto-Submitted: auto-generated\r\nPrecedence: bulk\r\n",
            $"""
            This is an automated notification from the school information management system.

            The following pupil has been removed from the admission register.

            Surname: {harness.Surname.ToUpperInvariant()}
            Forename: Ellie-Mae
            Date of birth: 21/09/2013
            UPN: A919235121042
            School: Kestrel Heath Academy
            Date of last attendance: 09/01/{harness.Year}
            Ground for deletion: 9(1)(i) continuously absent for 20 school days
            Destination school: Not known

            Do not reply to this email.
            """);
        harness.DropMime("mis-notice.eml", mime);

        Assert.Empty(await harness.PollAndIngestWithRetriesAsync());

        var opened = Assert.Single(await harness.CasesOfThisYearAsync());
        Assert.Equal(EmailKind.RemovalFromRoll, opened.OpenedBy);
        Assert.Null(opened.Referrer);
        Assert.DoesNotContain(await harness.NotificationsAsync(), n => n.Kind == "Acknowledgement");
        var timeline = await harness.Cases.GetEventsAsync(opened.Reference, CancellationToken.None);
        Assert.Contains(timeline, e => e.Type == CaseEventType.Note && e.Summary.Contains("No acknowledgement sent", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_out_of_office_reply_quoting_our_acknowledgement_changes_nothing_and_is_never_answered()
    {
        await using var harness = await new IngestionHarness(azurite, new EmailParser()).StartAsync();
        var mime = Email(
            harness.Year,
            "Jo Referrer <jo.referrer@school.example.org>",
            $"Automatic reply: CME-{harness.Year}-00001 received: referral for P. S.",
            "Auto-Submitted: auto-replied\r\nX-Auto-Response-Suppress: All\r\n",
            $"""
            I am out of the office until Monday with limited access to email.

            > Thank you for your referral. Case CME-{harness.Year}-00001 has been opened for P. S. (Year 6).
            > The CME team will be in touch.
            """);
        harness.DropMime("out-of-office.eml", mime);

        Assert.Empty(await harness.PollAndIngestWithRetriesAsync());

        var key = EmailKeys.For(new EmailParser().Parse(mime).MessageId, mime).Key;
        Assert.Equal(EmailOutcome.Ignored, (await harness.Ledger.GetAsync(key, CancellationToken.None))?.Outcome);
        Assert.Empty(await harness.CasesOfThisYearAsync());
        Assert.Empty(await harness.NotificationsAsync());
    }

    private static byte[] Email(int year, string from, string subject, string headers, string body) =>
        Encoding.UTF8.GetBytes(
            $"From: {from}\r\nTo: cme@council.example.gov.uk\r\nSubject: {subject}\r\nDate: Mon, 12 Jan {year} 09:00:00 +0000\r\n" +
            $"Message-ID: <{Guid.NewGuid():N}@example.org>\r\n{headers}MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" +
            body.Replace("\n", "\r\n", StringComparison.Ordinal) + "\r\n");
}
