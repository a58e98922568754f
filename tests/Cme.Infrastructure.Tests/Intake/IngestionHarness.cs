using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Cme.Application.Deadlines;
using Cme.Application.Intake;
using Cme.Application.Mailboxes;
using Cme.Application.Notifications;
using Cme.Application.Queues;
using Cme.Core.Cases;
using Cme.Core.Children;
using Cme.Core.Intake;
using Cme.Core.Mail;
using Cme.Core.Profiles;
using Cme.Infrastructure.Mailboxes;
using Cme.Infrastructure.Notifications;
using Cme.Infrastructure.Queues;
using Cme.Infrastructure.Storage;
using Cme.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Cme.Application.Ports;
using Cme.Application.Outbox;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Cme.Infrastructure.Tests.Intake;

/// <summary>
/// Ingestion over real Azurite tables and queues and a real folder mailbox, with a stand-in parser
/// that reads a few <c>X-Test-*</c> headers: these tests are about what is stored, not about
/// reading emails (the parser has its own tests). Tests about what real mail does pass the real parser.
/// </summary>
public sealed class IngestionHarness : IAsyncDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("cme-ingest-").FullName;

    public IngestionHarness(AzuriteFixture azurite, IEmailParser? parser = null)
    {
        // Each harness its own account-level names would be ideal; a unique queue service per test is not
        // available in Azurite, so each harness uses fresh storage by prefixing nothing and relying on
        // unique case years and email keys instead.
        Time = new FakeTimeProvider(new DateTimeOffset(Year, 1, 12, 9, 0, 0, TimeSpan.Zero));
        Profile = ShippedProfiles.Hertfordshire;
        _azurite = azurite;
        _parser = parser ?? new HeaderParser();
        // The product's own composition and clients (which put back a table or queue found missing).
        _services = Compose();
        Mailbox = (FolderMailbox)_services.GetRequiredService<IMailbox>();
        Mailbox.EnsureFolders();
        Queues = _services.GetRequiredService<QueueServiceClient>();
        Cases = _services.GetRequiredService<CaseStore>();
        Ledger = _services.GetRequiredService<EmailLedger>();
        Triage = _services.GetRequiredService<TriageStore>();
        Notifications = _services.GetRequiredService<NotificationLedger>();
        Outbox = _services.GetRequiredService<NotificationOutbox>();
        Agenda = _services.GetRequiredService<DeadlineAgenda>();
        Changes = _services.GetRequiredService<CaseChanges>();
        Ingestion = _services.GetRequiredService<EmailIngestion>();
        Sweep = _services.GetRequiredService<DeadlineSweep>();
        Poller = _services.GetRequiredService<MailboxPoller>();
        Retry = _services.GetRequiredService<TriageRetry>();
        Failed = _services.GetRequiredService<FailedMessages>();
        Reconciliation = _services.GetRequiredService<MailboxReconciliation>();
    }

    private readonly AzuriteFixture _azurite;
    private readonly IEmailParser _parser;
    private readonly ServiceProvider _services;
    private readonly List<ServiceProvider> _variants = [];

    /// <summary>
    /// The same ingestion, but queuing its notifications on another queue service: one that
    /// cannot be reached stands for storage failing between recording a notification and queuing it.
    /// </summary>
    public EmailIngestion IngestionQueuingNotificationsOn(QueueServiceClient queues) =>
        Variant(services => services.AddSingleton<IMailQueues>(new MailQueues(queues)));

    /// <summary>The same ingestion, stores and notifications, reading from another mailbox (a Graph stand-in) with another parser.</summary>
    public EmailIngestion IngestionReading(IMailbox mailbox, IEmailParser parser) =>
        Variant(services =>
        {
            services.AddSingleton(mailbox);
            services.AddSingleton(parser);
        });

    private EmailIngestion Variant(Action<IServiceCollection> change)
    {
        var services = Compose(change);
        _variants.Add(services);
        return services.GetRequiredService<EmailIngestion>();
    }

    /// <summary>
    /// <see cref="InfrastructureServices.AddCme"/> on a local run against the test Azurite, with this
    /// harness's folders, clock, profile and child index secret, the stand-in parser, and no
    /// mailbox state (the last poll is not kept).
    /// </summary>
    private ServiceProvider Compose(Action<IServiceCollection>? change = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Cme:ProfilesPath"] = ShippedProfiles.Folder,
                ["Cme:Profile"] = Profile.Key,
                ["Cme:DataFolder"] = Path.Combine(_root, "data"),
                ["Cme:Mailbox:Folder"] = _root,
                ["Cme:Commands:TrustedAuthServIds"] = TrustedAuthServId,
            })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Time);
        services.AddCmeLocalRun(StorageEndpoints.FromConnectionString(_azurite.ConnectionString, "test Azurite"));
        services.AddCme(configuration, _root);
        services.AddSingleton(Profile);
        services.AddSingleton(ChildIndexSecret);
        services.AddSingleton(_parser);
        services.AddSingleton<IMailboxStateStore>(new NoState());
        change?.Invoke(services);
        return services.BuildServiceProvider();
    }

    /// <summary>The authserv-id of the council's receiving server, as a deployment configures it in <c>Cme:Commands:TrustedAuthServIds</c>.</summary>
    public const string TrustedAuthServId = "mx.example.org";

    /// <summary>This harness's child index secret (each deployment has its own).</summary>
    public ChildIndexSecret ChildIndexSecret { get; } = ChildIndexSecret.Generate();

    // Years 3000–5999 handed out in turn from a random start (storage tests draw theirs from 6000–9999): drawn independently, two of the ~60 harnesses in one run
    // shared a year about one run in six, and a test then found the other's case among "its" cases.
    private static int s_lastYear = Random.Shared.Next(3000, 5000);

    /// <summary>A year no other test uses, so case numbering starts at 1 for this harness.</summary>
    public int Year { get; } = Interlocked.Increment(ref s_lastYear);

    /// <summary>A surname no other test uses: the child index is shared by every test on this Azurite.</summary>
    public string Surname { get; } = "Okonjo" + new string(Guid.NewGuid().ToString("N").Where(char.IsLetter).Select(char.ToLowerInvariant).Take(8).ToArray());

    public FakeTimeProvider Time { get; }

    /// <summary>The events that record emails (opened, attached), leaving out deadline and notification events.</summary>
    public async Task<IReadOnlyList<CaseEvent>> EmailEventsAsync(CaseReference reference) =>
        (await Cases.GetEventsAsync(reference, CancellationToken.None)).Where(e => e.Type is CaseEventType.Opened or CaseEventType.EmailAttached).ToList();

    public AuthorityProfile Profile { get; }

    public NotificationLedger Notifications { get; }

    public NotificationOutbox Outbox { get; }

    public DeadlineAgenda Agenda { get; }

    public CaseChanges Changes { get; }

    public DeadlineSweep Sweep { get; }

    /// <summary>Every notification on the queue for this harness's cases (or with no case), in queue order.</summary>
    public async Task<IReadOnlyList<NotificationMessage>> NotificationsAsync()
    {
        var queue = Queues.GetQueueClient(QueueNames.Notifications);
        var messages = (await queue.PeekMessagesAsync(32)).Value;
        return messages.Select(m => QueueJson.Deserialize<NotificationMessage>(m.Body.ToString()))
            .Where(n => n.Case is null || n.Case.StartsWith($"CME-{Year}-", StringComparison.Ordinal))
            .ToList();
    }

    /// <summary>Moves the clock to a local day and time in the profile's time zone.</summary>
    public void SetLocalTime(DateOnly day, int hour, int minute = 0)
    {
        var local = day.ToDateTime(new TimeOnly(hour, minute));
        Time.SetUtcNow(new DateTimeOffset(local, Profile.TimeZone.GetUtcOffset(local)));
    }

    public FolderMailbox Mailbox { get; }

    public QueueServiceClient Queues { get; }

    public CaseStore Cases { get; }

    public EmailLedger Ledger { get; }

    public TriageStore Triage { get; }

    public EmailIngestion Ingestion { get; }

    public MailboxPoller Poller { get; }

    public TriageRetry Retry { get; }

    public FailedMessages Failed { get; }

    public MailboxReconciliation Reconciliation { get; }

    public void Drop(string name, string kind, string? firstName, string? lastName, string? dateOfBirth = null, string? caseRef = null, string? messageId = null, bool automatic = false, string from = "referrer@school.example.org", params string[] headers)
    {
        var mime = new StringBuilder()
            .Append($"From: {from}\r\n")
            .Append(string.Concat(headers.Select(header => header + "\r\n")))
            .Append($"Message-ID: <{messageId ?? Guid.NewGuid().ToString("N")}@test.example.org>\r\n")
            .Append($"Date: {new DateTimeOffset(Year, 1, 12, 9, 0, 0, TimeSpan.Zero):R}\r\n")
            .Append($"X-Test-Kind: {kind}\r\n")
            .Append(firstName is null ? string.Empty : $"X-Test-First: {firstName}\r\n")
            .Append(lastName is null ? string.Empty : $"X-Test-Last: {lastName}\r\n")
            .Append(dateOfBirth is null ? string.Empty : $"X-Test-Dob: {dateOfBirth}\r\n")
            .Append(caseRef is null ? string.Empty : $"X-Test-Case: {caseRef}\r\n")
            .Append(automatic ? "Auto-Submitted: auto-replied\r\n" : string.Empty)
            .Append("\r\nbody\r\n")
            .ToString();
        var path = Path.Combine(Mailbox.Inbox, name);
        File.WriteAllText(path, mime);
        File.SetLastWriteTimeUtc(path, Time.GetUtcNow().UtcDateTime.AddMinutes(-1));
    }

    /// <summary>Drops an email of exactly these bytes into the inbox.</summary>
    public void DropMime(string name, byte[] mime)
    {
        var path = Path.Combine(Mailbox.Inbox, name);
        File.WriteAllBytes(path, mime);
        File.SetLastWriteTimeUtc(path, Time.GetUtcNow().UtcDateTime.AddMinutes(-1));
    }

    /// <summary>
    /// Polls and ingests as the host does when a handler throws: each message is tried up to
    /// <paramref name="maxDequeueCount"/> times (host.json's setting), then handed to the poison
    /// function. Returns what each failed attempt threw, so a test can say what broke.
    /// </summary>
    public async Task<IReadOnlyList<Exception>> PollAndIngestWithRetriesAsync(int maxDequeueCount = 5)
    {
        await Poller.PollAsync(CancellationToken.None);
        var inbound = Queues.GetQueueClient(QueueNames.InboundMail);
        var failures = new List<Exception>();
        while ((await inbound.ReceiveMessagesAsync(32)).Value is { Length: > 0 } received)
        {
            foreach (var message in received)
            {
                var handled = false;
                for (var attempt = 0; attempt < maxDequeueCount && !handled; attempt++)
                {
                    try
                    {
                        await Ingestion.IngestAsync(message.Body.ToString(), CancellationToken.None);
                        handled = true;
                    }
                    catch (Exception exception) when (exception is not OutOfMemoryException)
                    {
                        failures.Add(exception);
                    }
                }

                if (!handled)
                {
                    await Failed.RecordFailedEmailAsync(message.Body.ToString(), "poison-" + message.MessageId, CancellationToken.None);
                }

                await inbound.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
        }

        return failures;
    }

    /// <summary>Polls the mailbox and ingests every queued message, as the host's two functions would.</summary>
    public async Task<int> PollAndIngestAsync(int deliveries = 1)
    {
        await Poller.PollAsync(CancellationToken.None);
        return await IngestQueuedAsync(deliveries);
    }

    /// <summary>Ingests whatever is on the inbound queue, as the queue-triggered function would.</summary>
    public async Task<int> IngestQueuedAsync(int deliveries = 1)
    {
        var inbound = Queues.GetQueueClient(QueueNames.InboundMail);
        var count = 0;
        while (true)
        {
            var received = (await inbound.ReceiveMessagesAsync(32)).Value;
            if (received.Length == 0)
            {
                return count;
            }

            foreach (var message in received)
            {
                for (var delivery = 0; delivery < deliveries; delivery++)
                {
                    await Ingestion.IngestAsync(message.Body.ToString(), CancellationToken.None);
                }

                await inbound.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                count++;
            }
        }
    }

    public async Task<IReadOnlyList<Case>> CasesOfThisYearAsync() =>
        (await Cases.ListAsync(CancellationToken.None)).Where(c => c.Reference.Year == Year).ToList();

    /// <summary>Empties the shared queues, so what a test finds there is what it caused (tests in a collection run one at a time).</summary>
    public async Task<IngestionHarness> StartAsync()
    {
        foreach (var name in new[] { QueueNames.InboundMail, QueueNames.Notifications })
        {
            var queue = Queues.GetQueueClient(name);
            await queue.CreateIfNotExistsAsync();
            await queue.ClearMessagesAsync();
        }

        return this;
    }

    public async Task<IReadOnlyList<string>> AcknowledgementsAsync()
    {
        var queue = Queues.GetQueueClient(QueueNames.Notifications);
        var messages = (await queue.PeekMessagesAsync(32)).Value;
        return messages.Select(m => QueueJson.Deserialize<NotificationMessage>(m.Body.ToString()))
            .Where(n => n.Kind == nameof(Core.Notifications.NotificationKind.Acknowledgement) && n.Case is not null && n.Case.StartsWith($"CME-{Year}-", StringComparison.Ordinal))
            .Select(n => n.Id)
            .ToList();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var services in _variants.Append(_services))
        {
            await services.DisposeAsync();
        }

        Directory.Delete(_root, recursive: true);
    }

    private sealed class HeaderParser : IEmailParser
    {
        public ParsedEmail Parse(ReadOnlyMemory<byte> mime)
        {
            var headers = Encoding.UTF8.GetString(mime.Span).Split("\r\n\r\n")[0].Split("\r\n")
                .Select(line => line.Split(':', 2))
                .ToDictionary(pair => pair[0], pair => pair[1].Trim(), StringComparer.OrdinalIgnoreCase);
            EmailKinds.TryParse(headers.GetValueOrDefault("X-Test-Kind"), out var kind);
            return new ParsedEmail
            {
                MessageId = headers.GetValueOrDefault("Message-ID"),
                From = EmailAddress.Parse(headers["From"]),
                SentAt = DateTimeOffset.Parse(headers["Date"], System.Globalization.CultureInfo.InvariantCulture),
                Kind = kind,
                Confidence = 0.9,
                IsAutomatic = headers.ContainsKey("Auto-Submitted"),
                CaseReference = CaseReference.FindIn(headers.GetValueOrDefault("X-Test-Case")),
                Child = ChildDetails.Unknown with
                {
                    FirstName = headers.GetValueOrDefault("X-Test-First"),
                    LastName = headers.GetValueOrDefault("X-Test-Last"),
                    DateOfBirth = headers.TryGetValue("X-Test-Dob", out var dob) ? DateOnly.Parse(dob, System.Globalization.CultureInfo.InvariantCulture) : null,
                    Postcode = Postcode.Parse("WD17 1AA"),
                },
                ReferrerEmail = EmailAddress.Parse(headers["From"]),
                Text = headers.GetValueOrDefault("X-Test-Command") ?? "body",
                AuthenticationResults = headers.TryGetValue("Authentication-Results", out var results) ? Parsing.AuthenticationHeaders.Read([results]) : [],
                ExchangeAuthAs = headers.GetValueOrDefault("X-MS-Exchange-Organization-AuthAs"),
                RiskFactors = headers.TryGetValue("X-Test-Risk", out var risk) && RiskFactors.TryParse(risk, out var factor) ? [factor] : [],
                WhereaboutsKnown = headers.TryGetValue("X-Test-Whereabouts", out var whereabouts) ? whereabouts == "known" : null,
            };
        }
    }

    private sealed class NoState : IMailboxStateStore
    {
        public Task<string?> GetAsync(string mailbox, string key, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

        public Task SetAsync(string mailbox, string key, string value, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
