using Azure.Data.Tables;
using Azure.Storage.Queues;
using Cme.Application.Deadlines;
using Cme.Application.Digest;
using Cme.Application.Mailboxes;
using Cme.Application.Notifications;
using Cme.Application.Ports;
using Cme.Core.Cases;
using Cme.Core.Children;
using Cme.Core.Deadlines;
using Cme.Core.Intake;
using Cme.Core.Mail;
using Cme.Core.Profiles;
using Cme.Infrastructure.Configuration;
using Cme.Infrastructure.Mailboxes;
using Cme.Infrastructure.Notifications;
using Cme.Infrastructure.Queues;
using Cme.Infrastructure.Storage;
using Cme.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Cme.Infrastructure.Tests.Digest;

/// <summary>
/// A store with known cases, on an Azurite of its own (the digest reads whole tables, so no other
/// test's rows may be in them). The week ends Monday 30 November 2026, 07:30 UK time.
/// </summary>
public sealed class DigestStore : IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2026, 11, 30, 7, 30, 0, TimeSpan.Zero);

    public AzuriteFixture Azurite { get; } = new();

    public FakeTimeProvider Time { get; } = new(Now);

    public AuthorityProfile Profile { get; } = ShippedProfiles.Hertfordshire;

    public WeeklyDigestService Service { get; private set; } = null!;

    /// <summary>A digest service with its own clock and ledger view, for tests that move time.</summary>
    public Func<TimeProvider, (WeeklyDigestService Service, NotificationLedger Ledger)> CreateService { get; private set; } = null!;

    public QueueServiceClient Queues { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Azurite.InitializeAsync();
        var tables = new TableServiceClient(Azurite.ConnectionString);
        Queues = new QueueServiceClient(Azurite.ConnectionString, QueueEncoding.ClientOptions);
        var cases = new CaseStore(tables);
        var ledger = new NotificationLedger(tables, Time);
        var outbox = new NotificationOutbox(NotificationTemplates.Load(ShippedProfiles.Folder, Profile.Key), ledger, new MailQueues(Queues), Time);
        var emails = new EmailLedger(tables);
        var triage = new TriageStore(tables);
        var state = new TableMailboxStateStore(tables);
        CreateService = time =>
        {
            var timedLedger = new NotificationLedger(tables, time);
            var timedOutbox = new NotificationOutbox(NotificationTemplates.Load(ShippedProfiles.Folder, Profile.Key), timedLedger, new MailQueues(Queues), time);
            return (new WeeklyDigestService(cases, timedLedger, emails, triage, state, new PolicyReviews(new TablePolicyReviewRecords(tables, Profile, time), timedOutbox, Profile, time), timedOutbox, Profile, new DigestOptions(), time, NullLogger<WeeklyDigestService>.Instance), timedLedger);
        };
        Service = CreateService(Time).Service;
        var schedule = new DeadlineSchedule(Profile);

        async Task<Case> Open(int number, string area, DateTimeOffset openedAt, DeadlineRule rule, DateOnly startedOn, params RiskFactor[] risks)
        {
            var @case = Case.Open(CaseReference.Create(2026, number), EmailKind.Referral, openedAt, new ChildDetails("Ada", "Invented" + number, null, null, null, null, null, null), new CaseRouting(area, null, null), EmailAddress.Parse("school@example.org"), risks);
            var deadline = schedule.Start(@case.Reference, rule, startedOn);
            await cases.OpenAsync(@case, [], new SourceEmail("digest-" + number, "test", number.ToString(System.Globalization.CultureInfo.InvariantCulture), null, null, EmailKind.Referral, openedAt), [deadline], CancellationToken.None);
            return @case;
        }

        async Task Close(Case @case, string outcome, DateTimeOffset at)
        {
            var current = (await cases.GetWithDeadlinesAsync(@case.Reference, CancellationToken.None))!;
            await cases.UpdateAsync(current.Stored, current.Case.Close(outcome, at), [], current.Deadlines.Select(d => d.Meet(DateOnly.FromDateTime(at.UtcDateTime), outcome)).ToList(), null, CancellationToken.None);
        }

        // Open and overdue: enquiries reviews due Mon 9 Nov (1) and Thu 19 Nov (2); on-roll due Tue 24 Nov (3).
        await Open(1, "west", new(2026, 10, 19, 9, 0, 0, TimeSpan.Zero), DeadlineRule.EnquiriesReview, new DateOnly(2026, 10, 19), RiskFactor.TemporaryAccommodation);
        await Open(2, "west", new(2026, 11, 5, 9, 0, 0, TimeSpan.Zero), DeadlineRule.EnquiriesReview, new DateOnly(2026, 11, 5), RiskFactor.TemporaryAccommodation, RiskFactor.DomesticAbuse);
        await Open(3, "east", new(2026, 11, 10, 9, 0, 0, TimeSpan.Zero), DeadlineRule.OnRoll, new DateOnly(2026, 11, 10));
        // Open, due soon: enquiries review due Thu 3 Dec (4), opened last week.
        await Open(4, "east", new(2026, 11, 19, 9, 0, 0, TimeSpan.Zero), DeadlineRule.EnquiriesReview, new DateOnly(2026, 11, 19), RiskFactor.ChildProtectionPlan);
        // New this week, open, due Thu 10 Dec: not within five school days (5).
        await Open(5, "west", new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero), DeadlineRule.EnquiriesReview, new DateOnly(2026, 11, 26));
        // Closed this week: located (6), on roll (7); closed long ago (8).
        await Close(await Open(6, "east", new(2026, 9, 14, 9, 0, 0, TimeSpan.Zero), DeadlineRule.EnquiriesReview, new DateOnly(2026, 9, 14)), "located and in education", new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        await Close(await Open(7, "west", new(2026, 10, 5, 9, 0, 0, TimeSpan.Zero), DeadlineRule.OnRoll, new DateOnly(2026, 10, 5)), "on roll at Oakfield Primary from 27 November 2026", new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
        await Close(await Open(8, "west", new(2026, 9, 7, 9, 0, 0, TimeSpan.Zero), DeadlineRule.EnquiriesReview, new DateOnly(2026, 9, 7)), "passed to Children's Social Care", new(2026, 10, 1, 12, 0, 0, TimeSpan.Zero));

        // Census facts: case 1 has its reason, sex and year group; case 3 only its sex; the other open cases none.
        async Task Facts(int number, Func<Case, Case> record)
        {
            var current = (await cases.GetAsync(CaseReference.Create(2026, number), CancellationToken.None))!;
            await cases.UpdateAsync(current, record(current.Case), [], [], null, CancellationToken.None);
        }

        await Facts(1, c => c.RecordReason(Profile.Census.Reasons.Find("moved-in-from-another-la")!, c.OpenedAt).RecordSex(Sex.Female, c.OpenedAt).RecordYearGroup(YearGroup.Year(7), c.OpenedAt));
        await Facts(3, c => c.RecordSex(Sex.Male, c.OpenedAt));

        // Escalations this week on cases 1 and 2 (two on case 1), a safeguarding escalation on 4; one last week on 3.
        foreach (var (id, kind, @case, at) in new[]
                 {
                     ("CME-2026-00001.enquiries-review.1.escalation-4", "Escalation", "CME-2026-00001", Now.AddDays(-6)),
                     ("CME-2026-00001.enquiries-review.1.escalation-5", "Escalation", "CME-2026-00001", Now.AddDays(-3)),
                     ("CME-2026-00002.enquiries-review.1.escalation-1", "Escalation", "CME-2026-00002", Now.AddDays(-2)),
                     ("CME-2026-00004.safeguarding", "Escalation", "CME-2026-00004", Now.AddDays(-5)),
                     ("CME-2026-00003.on-roll.1.reminder-2", "Reminder", "CME-2026-00003", Now.AddDays(-5)),
                     ("CME-2026-00003.on-roll.1.escalation-1", "Escalation", "CME-2026-00003", Now.AddDays(-9)),
                 })
        {
            await new NotificationLedger(tables, new FakeTimeProvider(at)).TryRecordQueuedAsync(id, kind, @case, CancellationToken.None);
        }

        // Intake this week: 7 recorded (2 of them recovered by reconciliation), 2 ignored, 3 to
        // triage (one retried since); last week: 4 recorded (1 recovered, before the week).
        var n = 0;
        foreach (var (outcome, count, recovered, at) in new[] { (EmailOutcome.Recorded, 7, 2, Now.AddDays(-2)), (EmailOutcome.Ignored, 2, 0, Now.AddDays(-1)), (EmailOutcome.Triage, 3, 0, Now.AddDays(-4)), (EmailOutcome.Recorded, 4, 1, Now.AddDays(-9)) })
        {
            for (var i = 0; i < count; i++)
            {
                await emails.RecordAsync(new LedgerEntry("email-" + n++, outcome, null, null, at, Recovered: i < recovered), CancellationToken.None);
            }
        }

        await triage.RecordAsync(new TriageItem("t1", "folder", "a.eml", "no child's name or UPN was found", "referral", Now.AddDays(-4), TriageStatus.Waiting, IsPoison: false), CancellationToken.None);
        await triage.RecordAsync(new TriageItem("t2", "folder", "b.eml", "refers to CME-2025-00009, which does not exist", "case-update", Now.AddDays(-3), TriageStatus.Waiting, IsPoison: false), CancellationToken.None);
        await triage.RecordAsync(new TriageItem("t3", "folder", "c.eml", "retried", "referral", Now.AddDays(-4), TriageStatus.Retried, IsPoison: false), CancellationToken.None);
        await triage.RecordAsync(new TriageItem("p1", "folder", "d.eml", "Processing failed on every attempt", null, Now.AddDays(-1), TriageStatus.Waiting, IsPoison: true), CancellationToken.None);
        await state.SetAsync(MailboxPoller.StatePartition, MailboxPoller.LastSuccessfulPollKey, Now.AddMinutes(-1).ToString("O"), CancellationToken.None);
    }

    public Task DisposeAsync() => Azurite.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class DigestCollection : ICollectionFixture<DigestStore>
{
    public const string Name = "digest store";
}
