using Cme.Application.Queues;
using Cme.Core.Commands;
using Cme.Core.Deadlines;
using Cme.Core.Notifications;
using Cme.Infrastructure.Queues;
using Cme.Infrastructure.Tests.Intake;
using Cme.Testing;

namespace Cme.Infrastructure.Tests.Deadlines;

/// <summary>The sweep on real Azurite: each reminder and escalation is queued once, whatever happens to the sweep.</summary>
[Collection(StorageCollection.Name)]
public sealed class DeadlineSweepTests(AzuriteFixture azurite)
{
    private static async Task<(IngestionHarness Harness, Deadline Review)> ReferralAsync(AzuriteFixture azurite)
    {
        var harness = await new IngestionHarness(azurite).StartAsync();
        harness.Drop("referral.eml", "referral", "Nia", harness.Surname, "2015-04-03");
        await harness.PollAndIngestAsync();
        var opened = Assert.Single(await harness.CasesOfThisYearAsync());
        var review = (await harness.Cases.GetWithDeadlinesAsync(opened.Reference, CancellationToken.None))!.Deadlines.Single(d => d.Rule == DeadlineRule.EnquiriesReview);
        return (harness, review);
    }

    private static async Task<IReadOnlyList<NotificationMessage>> StepsAsync(IngestionHarness harness) =>
        (await harness.NotificationsAsync()).Where(n => n.Case is not null && n.Kind is nameof(NotificationKind.Reminder) or nameof(NotificationKind.Escalation)).ToList();

    [Fact]
    public async Task A_reminder_that_has_come_due_is_queued_once_when_the_sweep_runs_twice()
    {
        var (harness, review) = await ReferralAsync(azurite);
        await using var _ = harness;
        harness.SetLocalTime(review.DueOn, 8, 30);

        await harness.Sweep.RunAsync(CancellationToken.None);
        await harness.Sweep.RunAsync(CancellationToken.None);

        var reminder = Assert.Single(await StepsAsync(harness));
        Assert.Equal($"{review.Id}.reminder-0", reminder.Id);
        Assert.Equal(["cme-west@example.org"], reminder.To);
        var stored = (await harness.Cases.GetWithDeadlinesAsync(review.Case, CancellationToken.None))!.Deadlines.Single(d => d.Id == review.Id);
        Assert.Equal("reminder-0", stored.LastStep!.Key);
    }

    [Fact]
    public async Task Nothing_is_queued_before_the_notification_time_on_the_due_day()
    {
        var (harness, review) = await ReferralAsync(azurite);
        await using var _ = harness;
        var schedule = harness.Changes.Schedule;
        var twoBefore = schedule.Steps(review).First();
        Assert.True(twoBefore.On < review.DueOn);

        harness.SetLocalTime(twoBefore.On, 7, 59);
        await harness.Sweep.RunAsync(CancellationToken.None);
        Assert.Empty(await StepsAsync(harness));

        harness.SetLocalTime(twoBefore.On, 8, 0);
        await harness.Sweep.RunAsync(CancellationToken.None);
        Assert.Equal($"{review.Id}.reminder-2", Assert.Single(await StepsAsync(harness)).Id);
    }

    [Fact]
    public async Task A_sweep_that_crashed_after_queueing_and_before_recording_queues_nothing_more_when_run_again()
    {
        var (harness, review) = await ReferralAsync(azurite);
        await using var _ = harness;
        harness.SetLocalTime(review.DueOn, 9, 0);
        var stored = (await harness.Cases.GetWithDeadlinesAsync(review.Case, CancellationToken.None))!;
        var step = harness.Changes.Schedule.StepDue(review, harness.Time.GetUtcNow())!;
        // What the crashed sweep got done: the notification queued, the deadline not yet updated.
        await harness.Outbox.QueueAsync(Notices.DeadlineStep(stored.Case, review, step, harness.Changes.Schedule, harness.Profile, review.DueOn), CancellationToken.None);

        await harness.Sweep.RunAsync(CancellationToken.None);

        Assert.Single(await StepsAsync(harness));
        var after = (await harness.Cases.GetWithDeadlinesAsync(review.Case, CancellationToken.None))!.Deadlines.Single(d => d.Id == review.Id);
        Assert.Equal(step.Key, after.LastStep!.Key);
    }

    [Fact]
    public async Task With_the_host_down_over_the_reminders_and_first_escalation_the_next_sweep_sends_the_latest_escalation_to_the_manager()
    {
        var (harness, review) = await ReferralAsync(azurite);
        await using var _ = harness;
        var second = harness.Changes.Schedule.Steps(review).First(s => s.Key == "escalation-2");
        harness.SetLocalTime(second.On, 10, 0);

        await harness.Sweep.RunAsync(CancellationToken.None);

        var escalation = Assert.Single(await StepsAsync(harness));
        Assert.Equal($"{review.Id}.escalation-2", escalation.Id);
        Assert.Contains("cme-manager@example.org", escalation.To);
        Assert.Contains("overdue", escalation.Subject, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Escalations_repeat_on_later_sweeps_until_the_deadline_is_met_and_then_stop()
    {
        var (harness, review) = await ReferralAsync(azurite);
        await using var _ = harness;
        var steps = harness.Changes.Schedule.Steps(review).Where(s => s.Kind == DeadlineStepKind.Escalation).Take(3).ToList();
        foreach (var step in steps.Take(2))
        {
            harness.SetLocalTime(step.On, 9, 0);
            await harness.Sweep.RunAsync(CancellationToken.None);
        }

        var current = (await harness.Cases.GetWithDeadlinesAsync(review.Case, CancellationToken.None))!;
        await harness.Changes.ApplyAsync(current, new OfficerCommand.Located(), "test-located", harness.Time.GetUtcNow(), new Dictionary<string, string>(), null, CancellationToken.None);
        harness.SetLocalTime(steps[2].On, 9, 0);
        await harness.Sweep.RunAsync(CancellationToken.None);

        Assert.Equal(["escalation-1", "escalation-2"], (await StepsAsync(harness)).Select(n => n.Id.Split('.')[^1]));
        Assert.Contains(await harness.NotificationsAsync(), n => n.Kind == nameof(NotificationKind.CaseClosed) && n.To.SequenceEqual(["referrer@school.example.org"]));
    }

    [Fact]
    public async Task A_missed_on_roll_deadline_flags_the_child_as_allocated_a_place_and_not_attending()
    {
        await using var harness = await new IngestionHarness(azurite).StartAsync();
        harness.Drop("offer.eml", "in-year-offer", "Nia", harness.Surname, "2015-04-03");
        await harness.PollAndIngestAsync();
        var opened = Assert.Single(await harness.CasesOfThisYearAsync());
        var onRoll = (await harness.Cases.GetWithDeadlinesAsync(opened.Reference, CancellationToken.None))!.Deadlines.Single(d => d.Rule == DeadlineRule.OnRoll);
        harness.SetLocalTime(harness.Changes.Schedule.Steps(onRoll).First(s => s.Kind == DeadlineStepKind.Escalation).On, 9, 0);

        await harness.Sweep.RunAsync(CancellationToken.None);

        var flagged = (await harness.Cases.GetWithDeadlinesAsync(opened.Reference, CancellationToken.None))!.Case;
        Assert.Contains(Core.Cases.CaseFlag.AllocatedNotAttending, flagged.Flags);
        Assert.Contains("allocated a place, not attending", Assert.Single(await StepsAsync(harness)).Subject, StringComparison.Ordinal);
    }
}
