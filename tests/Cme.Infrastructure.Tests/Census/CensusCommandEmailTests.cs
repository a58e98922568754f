using System.Text;
using Cme.Core.Cases;
using Cme.Core.Children;
using Cme.Core.Notifications;
using Cme.Infrastructure.Tests.Intake;
using Cme.Parsing;
using Cme.Testing;

namespace Cme.Infrastructure.Tests.Census;

/// <summary>The facts the DfE's census return counts, by email, end to end through ingestion on Azurite.</summary>
[Collection(StorageCollection.Name)]
public sealed class CensusCommandEmailTests(AzuriteFixture azurite)
{
    private const string Genuine = "Authentication-Results: mx.example.org; dkim=pass header.d=example.org; dmarc=pass header.from=example.org";

    private static async Task<(IngestionHarness Harness, CaseReference Case)> OpenReferralAsync(AzuriteFixture azurite)
    {
        var harness = await new IngestionHarness(azurite).StartAsync();
        harness.Drop("referral.eml", "referral", "Nia", harness.Surname, "2015-04-03");
        await harness.PollAndIngestAsync();
        return (harness, Assert.Single(await harness.CasesOfThisYearAsync()).Reference);
    }

    private static async Task CommandAsync(IngestionHarness harness, CaseReference reference, string command, string authentication = Genuine)
    {
        harness.Drop($"reply-{Guid.NewGuid():N}.eml", "case-update", null, null, caseRef: reference.ToString(), from: "cme-west@example.org", headers: [authentication, "X-Test-Command: " + command]);
        await harness.PollAndIngestAsync();
    }

    [Fact]
    public async Task Authenticated_officers_commands_record_the_reason_sex_year_group_and_became_CME_date_on_the_case_and_its_timeline()
    {
        var (harness, reference) = await OpenReferralAsync(azurite);
        await using var _ = harness;

        await CommandAsync(harness, reference, "#reason moved-in-from-another-la");
        await CommandAsync(harness, reference, "#sex f");
        await CommandAsync(harness, reference, "#year 7");
        await CommandAsync(harness, reference, "#cmesince 2026-10-03"); // before the case opened: the child was missing before anyone reported it

        var @case = (await harness.Cases.GetAsync(reference, CancellationToken.None))!.Case;
        Assert.Equal(("moved-in-from-another-la", "Moved in from another local authority"), (@case.Reason!.Slug, @case.Reason.Label));
        Assert.Equal(Sex.Female, @case.Child.Sex);
        Assert.Equal(YearGroup.Year(7), @case.Child.YearGroup);
        Assert.Equal(new DateOnly(2026, 10, 3), @case.BecameCme(harness.Profile.TimeZone));
        Assert.Equal(CaseStatus.Open, @case.Status);
        Assert.Equal(
            [
                "#cmesince 2026-10-03: missing education since 3 October 2026",
                "#reason moved-in-from-another-la: main reason for CME: Moved in from another local authority",
                "#sex female: sex: Female",
                "#year 7: year group: Year 7",
            ],
            (await harness.Cases.GetEventsAsync(reference, CancellationToken.None)).Where(e => e.Type == CaseEventType.CommandApplied).Select(e => e.Summary).Order(StringComparer.Ordinal)); // the four emails share one time
    }

    [Fact]
    public async Task A_spoofed_reason_command_is_refused_on_the_timeline_and_the_case_keeps_no_reason()
    {
        var (harness, reference) = await OpenReferralAsync(azurite);
        await using var _ = harness;

        await CommandAsync(harness, reference, "#reason moved-to-another-country", "Authentication-Results: mx.example.org; spf=fail smtp.mailfrom=example.org; dkim=none; dmarc=fail header.from=example.org");

        Assert.Null((await harness.Cases.GetAsync(reference, CancellationToken.None))!.Case.Reason);
        var refused = Assert.Single(await harness.Cases.GetEventsAsync(reference, CancellationToken.None), e => e.Type == CaseEventType.CommandRefused);
        Assert.Contains("DMARC failed", refused.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_reason_by_email_is_refused_and_the_officer_told_the_reasons_to_type()
    {
        var (harness, reference) = await OpenReferralAsync(azurite);
        await using var _ = harness;

        await CommandAsync(harness, reference, "#reason moved-away");

        Assert.Null((await harness.Cases.GetAsync(reference, CancellationToken.None))!.Case.Reason);
        var reply = Assert.Single(await harness.NotificationsAsync(), n => n.Kind == nameof(NotificationKind.CommandReply));
        Assert.StartsWith("Not applied", reply.Subject, StringComparison.Ordinal);
        Assert.Contains("'moved-away' is not one of the DfE's reasons in the profile; type #reason followed by one of: moved-to-another-country, moved-to-another-la", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_referral_form_stating_gender_and_year_group_opens_a_case_holding_them()
    {
        await using var harness = await new IngestionHarness(azurite, new EmailParser()).StartAsync();
        var mime = $"""
            From: Y Castell <y.castell@brookmead.sch.example.org>
            To: csf.cme@hertfordshire.gov.uk
            Subject: Child missing education referral
            Date: {new DateTimeOffset(harness.Year, 1, 12, 9, 0, 0, TimeSpan.Zero):R}
            Message-ID: <census-{Guid.NewGuid():N}@brookmead.sch.example.org>
            MIME-Version: 1.0
            Content-Type: text/plain; charset=utf-8

            Dear CME team,

            Please accept this referral for a child missing education.

            Child's first name: Nia
            Child's surname: {harness.Surname}
            Date of birth: 03/04/2015
            Gender: Female
            Year group: Year 4
            Address: 12 Lantern Walk, Watford WD17 1AA
            Last school attended: Brookmead Primary School

            Kind regards,
            Y Castell, Attendance Officer
            """.Replace("\n", "\r\n", StringComparison.Ordinal);
        harness.DropMime("referral.eml", Encoding.UTF8.GetBytes(mime));

        await harness.PollAndIngestAsync();

        var @case = Assert.Single(await harness.CasesOfThisYearAsync());
        Assert.Equal(Sex.Female, @case.Child.Sex);
        Assert.Equal(YearGroup.Year(4), @case.Child.YearGroup);
        Assert.Null(@case.Reason);
    }
}
