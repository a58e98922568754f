using System.CommandLine;
using System.Globalization;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Cme.Application.Deadlines;
using Cme.Application.Intake;
using Cme.Application.Mailboxes;
using Cme.Application.Outbox;
using Cme.Application.Queues;
using Cme.Core.Cases;
using Cme.Core.Intake;
using Cme.Infrastructure;
using Cme.Infrastructure.Configuration;
using Cme.Infrastructure.EmbeddedStorage;
using Cme.Infrastructure.Mailboxes;
using Cme.Infrastructure.Outbox;
using Cme.Infrastructure.Queues;
using Cme.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace Cme.Cli;

/// <summary>
/// `cme demo`: the whole product in a minute. Four school weeks of a Hertfordshire CME mailbox on
/// a simulated clock, through the real pipeline (folder mailbox, parser, Azurite, deadline sweep,
/// templates, local outbox): referrals arrive, reminders and escalations go out, officers reply
/// with commands (one of them spoofed), cases close. It runs on its own Azurite and folders under
/// <c>{DataFolder}/demo</c>, wiped at the start, so it never touches real data; the mail it sent
/// stays in <c>{DataFolder}/demo/outbox</c>. Every child in it is invented.
/// </summary>
public static class DemoCommand
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    public static Command Create()
    {
        var demo = new Command("demo", "Run a scripted four-week scenario on a simulated clock (its own Azurite and folders under .local/demo) and print the timeline.");
        demo.SetAction(async (parseResult, cancellationToken) => await RunAsync(parseResult.InvocationConfiguration.Output, cancellationToken));
        return demo;
    }

    public static async Task<int> RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var contentRoot = RepositoryLayout.FindContentRoot();
        var demoFolder = Path.GetFullPath(Path.Combine(contentRoot, new ConfigurationBuilder().AddCmeSources(contentRoot).Build()["Cme:DataFolder"] ?? ".local", "demo"));
        if (Directory.Exists(demoFolder))
        {
            Directory.Delete(demoFolder, recursive: true);
        }

        output.WriteLine($"Starting a private Azurite for the demo (data in {demoFolder}) …");
        var clock = new SimulatedClock(At(new DateOnly(2027, 1, 11), 7, 0));
        // The demo's mail arrives as files, as from a folder mailbox: it trusts the Authentication-Results
        // of the (invented) council's receiving server, as a real deployment would configure its own.
        await using var store = await PrivateStore.StartAsync(demoFolder, clock, cancellationToken, settings: new Dictionary<string, string?> { ["Cme:Commands:TrustedAuthServIds"] = DemoAuthServId });
        var provider = store.Services;

        var run = new DemoRun(provider, clock, output);
        await run.PlayAsync(cancellationToken);
        return 0;
    }

    internal static DateTimeOffset At(DateOnly day, int hour, int minute)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        var local = day.ToDateTime(new TimeOnly(hour, minute));
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    internal sealed class SimulatedClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

        public void Set(DateTimeOffset now) => _now = now > _now ? now : _now;
    }

    private sealed class DemoRun(IServiceProvider services, SimulatedClock clock, TextWriter output)
    {
        private readonly FolderMailbox _mailbox = (FolderMailbox)services.GetRequiredService<IMailbox>();
        private readonly PickupFolderDelivery _outbox = (PickupFolderDelivery)services.GetRequiredService<INotificationDelivery>();
        private readonly QueueServiceClient _queues = services.GetRequiredService<QueueServiceClient>();
        private readonly CaseStore _cases = services.GetRequiredService<CaseStore>();
        private readonly HashSet<string> _seenEvents = [];
        private readonly Dictionary<string, CaseReference> _byChild = [];
        private string? _dayHeading;

        /// <summary>Writes a line under the day's heading, writing the heading first if nothing has happened yet that day.</summary>
        private void Say(string line)
        {
            if (_dayHeading is not null)
            {
                output.WriteLine();
                output.WriteLine(_dayHeading);
                _dayHeading = null;
            }

            output.WriteLine(line);
        }

        public async Task PlayAsync(CancellationToken cancellationToken)
        {
            _mailbox.EnsureFolders();
            output.WriteLine();
            output.WriteLine("Hertfordshire CME mailbox, simulated from Monday 11 January 2027 (all children are invented).");

            for (var day = new DateOnly(2027, 1, 11); day <= new DateOnly(2027, 2, 12); day = day.AddDays(1))
            {
                if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
                {
                    continue;
                }

                _dayHeading = day.ToString("dddd d MMMM yyyy", English);
                clock.Set(At(day, 8, 5));
                await services.GetRequiredService<DeadlineSweep>().RunAsync(cancellationToken);
                await ReportEventsAsync(null, cancellationToken);
                await DeliverAsync(cancellationToken);

                foreach (var email in Script(day))
                {
                    clock.Set(At(day, email.Hour, email.Minute));
                    Drop(email);
                    await services.GetRequiredService<MailboxPoller>().PollAsync(cancellationToken);
                    await IngestAsync(cancellationToken);
                    await ReportEventsAsync(email.Child, cancellationToken);
                    await DeliverAsync(cancellationToken);
                }
            }

            output.WriteLine();
            output.WriteLine("Where the cases ended:");
            var deadlines = (await _cases.ListDeadlinesAsync(cancellationToken)).ToLookup(d => d.Case);
            foreach (var @case in await _cases.ListAsync(cancellationToken))
            {
                var open = deadlines[@case.Reference].Where(d => d.IsOpen).Select(d => $"{d.Rule.ToString()} due {d.DueOn:yyyy-MM-dd}");
                output.WriteLine($"  {@case.Reference}  {@case.Child.Initials,-5} {@case.Status,-7} {(@case.Outcome ?? string.Join("; ", open))}");
            }

            output.WriteLine();
            output.WriteLine($"{Directory.GetFiles(_outbox.Folder, "*.eml").Length} emails were sent; open them from {_outbox.Folder}.");
            output.WriteLine("The demo's own storage stopped with it; run 'cme demo' again to replay the scenario from the start.");
        }

        private void Drop(DemoEmail email)
        {
            var sent = clock.GetUtcNow();
            var message = new MimeMessage { Subject = email.Subject(this), Date = sent, MessageId = $"demo-{email.Key}@example.org" };
            message.From.Add(MailboxAddress.Parse(email.From));
            message.To.Add(MailboxAddress.Parse("csf.cme@hertfordshire.gov.uk"));
            foreach (var (name, value) in email.Headers)
            {
                message.Headers.Add(name, value);
            }

            message.Body = new TextPart("plain") { Text = email.Body(this) };
            var path = Path.Combine(_mailbox.Inbox, email.Key + ".eml");
            message.WriteTo(path);
            File.SetLastWriteTimeUtc(path, sent.UtcDateTime.AddMinutes(-1));
            Say($"  {sent.ToOffset(TimeZoneInfo.FindSystemTimeZoneById("Europe/London").GetUtcOffset(sent)):HH:mm} email in   {email.Description}");
        }

        public string Reference(string child) => _byChild.TryGetValue(child, out var reference) ? reference.ToString() : "(no case yet)";

        private async Task IngestAsync(CancellationToken cancellationToken)
        {
            var ingestion = services.GetRequiredService<EmailIngestion>();
            var queue = _queues.GetQueueClient(QueueNames.InboundMail);
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            while ((await queue.ReceiveMessagesAsync(16, cancellationToken: cancellationToken)).Value is { Length: > 0 } messages)
            {
                foreach (var message in messages)
                {
                    await ingestion.IngestAsync(message.Body.ToString(), cancellationToken);
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                }
            }
        }

        private async Task DeliverAsync(CancellationToken cancellationToken)
        {
            var sender = services.GetRequiredService<NotificationSender>();
            var queue = _queues.GetQueueClient(QueueNames.Notifications);
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            var before = Directory.Exists(_outbox.Folder) ? Directory.GetFiles(_outbox.Folder, "*.eml").ToHashSet() : [];
            while ((await queue.ReceiveMessagesAsync(16, cancellationToken: cancellationToken)).Value is { Length: > 0 } messages)
            {
                foreach (var message in messages)
                {
                    await sender.SendAsync(message.Body.ToString(), message.MessageId, cancellationToken);
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                }
            }

            foreach (var file in Directory.Exists(_outbox.Folder) ? Directory.GetFiles(_outbox.Folder, "*.eml").Except(before).Order().ToArray() : [])
            {
                var sent = await MimeMessage.LoadAsync(file, cancellationToken);
                Say($"        mail out   to {string.Join(", ", sent.To.Mailboxes.Select(m => m.Address)),-50} {sent.Subject}");
            }
        }

        private async Task ReportEventsAsync(string? child, CancellationToken cancellationToken)
        {
            foreach (var @case in await _cases.ListAsync(cancellationToken))
            {
                foreach (var e in await _cases.GetEventsAsync(@case.Reference, cancellationToken))
                {
                    if (e.Type is CaseEventType.NotificationDelivered or CaseEventType.DeadlineStep || !_seenEvents.Add(@case.Reference + e.Id))
                    {
                        continue;
                    }

                    if (e.Type == CaseEventType.Opened && child is not null)
                    {
                        _byChild[child] = @case.Reference;
                    }

                    Say($"        {@case.Reference}  {e.Summary}");
                }
            }
        }
    }

    private sealed record DemoEmail(
        string Key,
        DateOnly Day,
        int Hour,
        int Minute,
        string Child,
        string From,
        string Description,
        Func<DemoRun, string> Subject,
        Func<DemoRun, string> Body,
        IReadOnlyList<(string Name, string Value)> Headers);

    /// <summary>The authserv-id the invented council's receiving mail server writes.</summary>
    internal const string DemoAuthServId = "mx.hertfordshire.example";

    private static readonly (string, string)[] Authenticated = [("Authentication-Results", DemoAuthServId + "; dkim=pass header.d=example.org; dmarc=pass header.from=example.org")];

    private static IEnumerable<DemoEmail> Script(DateOnly day) => Emails.Where(e => e.Day == day).OrderBy(e => (e.Hour, e.Minute));

    private static readonly DemoEmail[] Emails =
    [
        new("01-referral", new DateOnly(2027, 1, 11), 9, 15, "mia", "dsl@oakfield-primary.example.org",
            "a school refers Mia (Year 4), absent since the Christmas holiday",
            _ => "CME referral - M Thornbury Y4",
            _ => """
                 Please find our Children Missing Education referral below.

                 Child surname:        Thornbury
                 Child forename(s):    Mia
                 Date of birth:        14/06/2018
                 Year group:           4
                 Current school:       Oakfield Primary School
                 Date last attended:   18/12/2026
                 Address:              12 Example Road, Watford
                 Postcode:             WD18 0AA
                 Temporary accommodation: Yes - placed by Housing in November
                 Child protection plan: No

                 Reason: Mia has not returned after the Christmas holiday. Phone calls unanswered; home visit on 8/1 - no reply.

                 Referrer: Designated Safeguarding Lead, Oakfield Primary School
                 Email: dsl@oakfield-primary.example.org
                 """,
            []),
        new("02-offer", new DateOnly(2027, 1, 11), 10, 30, "oscar", "admissions@example.org",
            "admissions offer Oscar a Year 7 place in year: the on-roll clock starts",
            _ => "In-year offer - Oscar Pembridge - Beechwood Academy",
            _ => """
                 An in-year offer has been made for the young person below.

                 Name:            Oscar Pembridge
                 DOB:             02/03/2015
                 Postcode:        SG1 2AB
                 Year group:      Year 7
                 Offer date:      11 January 2027
                 School offered:  Beechwood Academy

                 The school will confirm once Oscar is on roll.
                 """,
            []),
        new("03-urgent", new DateOnly(2027, 1, 11), 11, 45, "layla", "dsl@hillside-academy.example.org",
            "a referral for Layla, on a child protection plan, whereabouts unknown",
            _ => "URGENT CME referral - L Ashgrove",
            _ => """
                 Child surname:        Ashgrove
                 Child forename(s):    Layla
                 Date of birth:        09/09/2013
                 Year group:           8
                 Current school:       Hillside Academy
                 Postcode:             SG2 7XY
                 Child protection plan: Yes - plan since October 2026
                 Whereabouts known:    No

                 Reason: Layla and her mother have not been seen since 6 January; the family's whereabouts are unknown.

                 Referrer: DSL, Hillside Academy
                 Email: dsl@hillside-academy.example.org
                 """,
            []),
        new("04-out-of-office", new DateOnly(2027, 1, 11), 12, 0, "-", "head@oakfield-primary.example.org",
            "an out-of-office reply (kept, never answered)",
            _ => "Automatic reply: CME referral",
            _ => "I am out of the office until Monday.",
            [("Auto-Submitted", "auto-replied")]),
        new("05-socialcare", new DateOnly(2027, 1, 11), 15, 10, "layla", "cme-manager@example.org",
            "the manager replies on Layla's case: passed to social care",
            run => $"RE: {run.Reference("layla")}",
            _ => "MASH referral made this afternoon; social care have taken the lead.\n#socialcare\n",
            Authenticated),
        new("06-done", new DateOnly(2027, 1, 13), 14, 0, "mia", "cme-west@example.org",
            "the West officer ticks an enquiry on Mia's case",
            run => $"RE: {run.Reference("mia")}",
            _ => "Checked our systems and the previous school's records.\n#done records\n",
            Authenticated),
        new("07-spoof", new DateOnly(2027, 1, 14), 16, 20, "mia", "cme-west@example.org",
            "a spoofed 'close' for Mia's case, failing DMARC",
            run => $"RE: {run.Reference("mia")}",
            _ => "#close family moved away\n",
            [("Authentication-Results", "mx.hertfordshire.example; spf=fail smtp.mailfrom=example.org; dkim=none; dmarc=fail header.from=example.org")]),
        new("08-on-roll", new DateOnly(2027, 2, 1), 11, 0, "oscar", "office@beechwood-academy.example.org",
            "Beechwood Academy confirms Oscar is on roll (after the escalations)",
            _ => "Confirmation pupil on roll - Oscar Pembridge",
            _ => "Just to confirm that Oscar Pembridge (DOB 02/03/2015) started with us in Year 7 on 1st Feb 2027 and is now on our roll.\n",
            []),
        new("09-located", new DateOnly(2027, 2, 3), 9, 40, "mia", "cme-west@example.org",
            "the West officer finds Mia, in school in another county",
            run => $"RE: {run.Reference("mia")}",
            _ => "Mia is living with her aunt in Luton and attending school there, confirmed by Luton CME.\n#located\n",
            Authenticated),
    ];
}
