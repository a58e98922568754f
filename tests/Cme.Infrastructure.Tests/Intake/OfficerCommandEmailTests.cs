using Cme.Core.Cases;
using Cme.Core.Deadlines;
using Cme.Core.Notifications;
using Cme.Testing;

namespace Cme.Infrastructure.Tests.Intake;

/// <summary>Officers' commands by email, end to end through ingestion on Azurite.</summary>
[Collection(StorageCollection.Name)]
public sealed class OfficerCommandEmailTests(AzuriteFixture azurite)
{
    private static async Task<(IngestionHarness Harness, CaseReference Case)> OpenReferralAsync(AzuriteFixture azurite)
    {
        var harness = await new IngestionHarness(azurite).StartAsync();
        harness.Drop("referral.eml", "referral", "Nia", harness.Surname, "2015-04-03");
        await harness.PollAndIngestAsync();
        return (harness, Assert.Single(await harness.CasesOfThisYearAsync()).Reference);
    }

    [Fact]
    public async Task An_authenticated_officers_located_command_closes_the_case_and_tells_the_officer_and_the_referrer()
    {
        var (harness, reference) = await OpenReferralAsync(azurite);
        await using var _ = harness;

        harness.Drop("reply.eml", "case-update", null, null, caseRef: reference.ToString(), from: "cme-west@example.org", headers: ["Authentication-Results: mx.example.org; dkim=pass header.d=example.org; dmarc=pass header.from=example.org", "X-Test-Command: #located"]);
        await harness.PollAndIngestAsync();

        var current = (await harness.Cases.GetWithDeadlinesAsync(reference, CancellationToken.None))!;
        Assert.Equal(CaseStatus.Closed, current.Case.Status);
        Assert.Equal("located and in education", current.Case.Outcome);
        Assert.All(current.Deadlines, d => Assert.False(d.IsOpen));
        var sent = await harness.NotificationsAsync();
        var reply = Assert.Single(sent, n => n.Kind == nameof(NotificationKind.CommandReply));
        Assert.Equal(["cme-west@example.org"], reply.To);
        Assert.StartsWith("Done", reply.Subject, StringComparison.Ordinal);
        Assert.Equal(["referrer@school.example.org"], Assert.Single(sent, n => n.Kind == nameof(NotificationKind.CaseClosed)).To);
    }

    [Fact]
    public async Task A_spoofed_command_from_a_staff_address_that_failed_authentication_is_recorded_not_applied_and_the_officer_told_why()
    {
        var (harness, reference) = await OpenReferralAsync(azurite);
        await using var _ = harness;

        harness.Drop("spoof.eml", "case-update", null, null, caseRef: reference.ToString(), from: "cme-west@example.org", headers: ["Authentication-Results: mx.example.org; spf=fail smtp.mailfrom=example.org; dkim=none; dmarc=fail header.from=example.org", "X-Test-Command: #close family moved away"]);
        await harness.PollAndIngestAsync();

        var current = (await harness.Cases.GetWithDeadlinesAsync(reference, CancellationToken.None))!;
        Assert.Equal(CaseStatus.Open, current.Case.Status);
        Assert.Contains(current.Deadlines, d => d.Rule == DeadlineRule.EnquiriesReview && d.IsOpen);
        var refused = Assert.Single(await harness.Cases.GetEventsAsync(reference, CancellationToken.None), e => e.Type == CaseEventType.CommandRefused);
        Assert.Contains("DMARC failed", refused.Summary, StringComparison.Ordinal);
        var reply = Assert.Single(await harness.NotificationsAsync(), n => n.Kind == nameof(NotificationKind.CommandReply));
        Assert.StartsWith("Not applied", reply.Subject, StringComparison.Ordinal);
        Assert.Contains("someone may be sending mail in your name", reply.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("X-MS-Exchange-Organization-AuthAs: Internal", "no authentication results")] // Exchange's mark, written into a file in the folder mailbox
    [InlineData("Authentication-Results: mx.example.org; dmarc=pass", "no DMARC pass for example.org")] // a bare dmarc=pass from the trusted server
    [InlineData("Authentication-Results: mx.attacker.example; dkim=pass header.d=example.org; dmarc=pass header.from=example.org", "written by: mx.attacker.example")] // a server the council does not run
    public async Task A_forged_authentication_in_a_folder_mailbox_file_is_refused_on_the_timeline_and_the_officer_told_why(string forged, string reason)
    {
        var (harness, reference) = await OpenReferralAsync(azurite);
        await using var _ = harness;

        harness.Drop("forged.eml", "case-update", null, null, caseRef: reference.ToString(), from: "cme-west@example.org", headers: [forged, "X-Test-Command: #close family moved away"]);
        await harness.PollAndIngestAsync();

        Assert.Equal(CaseStatus.Open, (await harness.Cases.GetAsync(reference, CancellationToken.None))!.Case.Status);
        var refused = Assert.Single(await harness.Cases.GetEventsAsync(reference, CancellationToken.None), e => e.Type == CaseEventType.CommandRefused);
        Assert.Contains(reason, refused.Summary, StringComparison.Ordinal);
        var reply = Assert.Single(await harness.NotificationsAsync(), n => n.Kind == nameof(NotificationKind.CommandReply));
        Assert.Equal(["cme-west@example.org"], reply.To);
        Assert.StartsWith("Not applied", reply.Subject, StringComparison.Ordinal);
        Assert.Contains(reason, reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Exchange_onlines_marks_count_only_for_mail_read_through_graph()
    {
        var trust = new Cme.Application.Intake.CommandSenderTrust(["mx.example.org"]);

        Assert.True(trust.For(Cme.Application.Mailboxes.MailboxMessage.GraphSource).ReadFromOwnExchange);
        Assert.False(trust.For(Cme.Application.Mailboxes.MailboxMessage.FolderSource).ReadFromOwnExchange);
        Assert.False(trust.For("something else").ReadFromOwnExchange);
        Assert.Equal(["mx.example.org"], trust.For(Cme.Application.Mailboxes.MailboxMessage.FolderSource).TrustedAuthServIds);
    }

    [Fact]
    public async Task A_command_from_outside_the_team_is_recorded_not_applied_and_not_answered()
    {
        var (harness, reference) = await OpenReferralAsync(azurite);
        await using var _ = harness;

        harness.Drop("outsider.eml", "case-update", null, null, caseRef: reference.ToString(), from: "someone@example.net", headers: ["Authentication-Results: mx.example.org; dmarc=pass header.from=example.net", "X-Test-Command: #socialcare"]);
        await harness.PollAndIngestAsync();

        Assert.Equal(CaseStatus.Open, (await harness.Cases.GetAsync(reference, CancellationToken.None))!.Case.Status);
        Assert.Contains(await harness.Cases.GetEventsAsync(reference, CancellationToken.None), e => e.Type == CaseEventType.CommandRefused);
        Assert.DoesNotContain(await harness.NotificationsAsync(), n => n.Kind == nameof(NotificationKind.CommandReply));
    }

    [Fact]
    public async Task A_referral_of_a_child_on_a_protection_plan_whose_whereabouts_are_unknown_goes_to_the_manager_the_same_day()
    {
        await using var harness = await new IngestionHarness(azurite).StartAsync();
        harness.Drop("urgent.eml", "referral", "Nia", harness.Surname, "2015-04-03", headers: ["X-Test-Risk: child-protection-plan", "X-Test-Whereabouts: unknown"]);
        await harness.PollAndIngestAsync(deliveries: 2);

        var opened = Assert.Single(await harness.CasesOfThisYearAsync());
        Assert.Contains(CaseFlag.SafeguardingEscalated, opened.Flags);
        var urgent = Assert.Single(await harness.NotificationsAsync(), n => n.Kind == nameof(NotificationKind.Escalation));
        Assert.Contains("cme-manager@example.org", urgent.To);
        Assert.StartsWith("URGENT safeguarding", urgent.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain(harness.Surname, urgent.Text, StringComparison.OrdinalIgnoreCase);
    }
}
