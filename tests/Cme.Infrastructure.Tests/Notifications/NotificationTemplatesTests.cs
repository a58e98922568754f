using Cme.Core.Cases;
using Cme.Core.Children;
using Cme.Core.Deadlines;
using Cme.Core.Intake;
using Cme.Core.Mail;
using Cme.Core.Notifications;
using Cme.Core.Profiles;
using Cme.Infrastructure.Configuration;
using Cme.Infrastructure.Notifications;
using Cme.Testing;

namespace Cme.Infrastructure.Tests.Notifications;

public sealed class NotificationTemplatesTests
{
    private static readonly AuthorityProfile Herts = ShippedProfiles.Hertfordshire;
    private static readonly NotificationTemplates Templates = NotificationTemplates.Load(ShippedProfiles.Folder, Herts.Key);
    private static readonly DeadlineSchedule Schedule = new(Herts);

    private static Case Hostile() => Case.Open(
        CaseReference.Create(2026, 5),
        EmailKind.Referral,
        new DateTimeOffset(2026, 1, 12, 9, 0, 0, TimeSpan.Zero),
        new ChildDetails("Ada", "Invented", null, null, YearGroup.Year(5), null, null, "<script>alert(1)</script> Primary\r\nBcc: victim@example.net"),
        new CaseRouting("west", null, null),
        EmailAddress.Parse("school@example.org"),
        []);

    private static Notification Reminder(AuthorityProfile profile)
    {
        var @case = Hostile();
        var deadline = Schedule.Start(@case.Reference, DeadlineRule.EnquiriesReview, new DateOnly(2026, 1, 12));
        return NotificationTemplates.Load(ShippedProfiles.Folder, profile.Key).Render(Notices.DeadlineStep(@case, deadline, Schedule.Steps(deadline).First(), Schedule, profile, new DateOnly(2026, 1, 22)));
    }

    [Fact]
    public void Every_value_in_the_html_is_encoded()
    {
        var html = Reminder(Herts).Html!;

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_subject_built_from_a_value_with_line_breaks_cannot_carry_a_header()
    {
        var @case = Hostile().Close("x", new DateTimeOffset(2026, 1, 13, 9, 0, 0, TimeSpan.Zero));
        var notification = Templates.Render(Notices.CommandReply("k", @case.Reference, EmailAddress.Parse("cme-west@example.org"), "#close moved\r\nBcc: victim@example.net", applied: true, "closed", Herts));

        Assert.DoesNotContain('\n', notification.Subject.Value);
        Assert.DoesNotContain('\r', notification.Subject.Value);
    }

    [Fact]
    public void By_default_a_reminder_names_the_child_by_initials_only()
    {
        var reminder = Reminder(Herts);

        Assert.Contains("A.I.", reminder.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Invented", reminder.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Invented", reminder.Html!, StringComparison.Ordinal);
    }

    [Fact]
    public void A_profile_that_allows_full_names_gets_them()
    {
        var reminder = Reminder(Herts with { Notifications = Herts.Notifications with { IncludeFullNames = true } });

        Assert.Contains("Ada Invented", reminder.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reminder_lists_the_enquiries_checklist_and_how_to_tick_an_item()
    {
        var reminder = Reminder(Herts);

        Assert.Contains("#done housing", reminder.Text, StringComparison.Ordinal);
        Assert.Contains("10 still to do", reminder.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(reminder.Text.Split('\n'), line => line.TrimStart().StartsWith('#'));
    }

    [Fact]
    public void A_profile_can_override_one_template_without_recompiling()
    {
        var folder = Directory.CreateTempSubdirectory("cme-templates-").FullName;
        try
        {
            CopyDirectory(Path.Combine(ShippedProfiles.Folder, NotificationTemplates.FolderName), Path.Combine(folder, NotificationTemplates.FolderName));
            Directory.CreateDirectory(Path.Combine(folder, NotificationTemplates.FolderName, "hertfordshire"));
            File.WriteAllText(Path.Combine(folder, NotificationTemplates.FolderName, "hertfordshire", "case-closed.subject.liquid"), "Closed: {{ case.reference }} ({{ service }})");

            var closed = NotificationTemplates.Load(folder, "hertfordshire").Render(Notices.CaseClosed(Hostile(), EmailAddress.Parse("school@example.org"), Herts));

            Assert.Equal("Closed: CME-2026-00005 (Hertfordshire)", closed.Subject.Value);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_broken_template_is_reported_with_its_file_at_load()
    {
        var folder = Directory.CreateTempSubdirectory("cme-templates-").FullName;
        try
        {
            CopyDirectory(Path.Combine(ShippedProfiles.Folder, NotificationTemplates.FolderName), Path.Combine(folder, NotificationTemplates.FolderName));
            File.WriteAllText(Path.Combine(folder, NotificationTemplates.FolderName, "reminder.txt.liquid"), "{% if %}");
            File.Delete(Path.Combine(folder, NotificationTemplates.FolderName, "escalation.html.liquid"));

            var problem = Assert.Throws<ConfigurationException>(() => NotificationTemplates.Load(folder, "hertfordshire"));

            Assert.Contains("reminder.txt.liquid", problem.Message, StringComparison.Ordinal);
            Assert.Contains("escalation.html.liquid: missing", problem.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
