using System.Diagnostics;
using System.Text.Json.Nodes;
using Azure.Monitor.OpenTelemetry.Exporter;
using Cme.Application.Ports;
using Cme.Infrastructure.Configuration;
using Cme.Infrastructure.Storage;
using Cme.Parsing;
using Cme.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;
using Xunit.Abstractions;

namespace Cme.Functions.Tests.PersonalData;

/// <summary>
/// The whole pipeline over every sample email, with everything the host says captured: no child's
/// name, date of birth, UPN, address or postcode may appear in any of it.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class PipelinePersonalDataTests(AzuriteFixture azurite, ITestOutputHelper output) : IDisposable
{
    // Monday 20 April 2026, 06:00 in London: a school day weeks after the samples were sent, so
    // their deadlines are overdue and the sweep escalates; the digest falls due at 07:00.
    private static readonly DateTimeOffset Start = new(2026, 4, 20, 6, 0, 0, TimeSpan.FromHours(1));

    private readonly string _contentRoot = Directory.CreateTempSubdirectory("cme-personal-data-").FullName;

    /// <summary>The deployment's child index secret, set for the host, so the scan knows the index's keys.</summary>
    private readonly string _indexKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    private string Mailbox => Path.Combine(_contentRoot, "data", "mailbox");

    public void Dispose() => Directory.Delete(_contentRoot, recursive: true);

    [Fact]
    public async Task No_childs_name_date_of_birth_upn_address_or_postcode_reaches_the_logs_telemetry_or_console_anywhere_in_the_pipeline()
    {
        var samples = SampleEmails();
        var scanner = new PersonalDataScanner(ForbiddenValues(samples));
        var clock = new ShiftedClock(Start);
        using var capture = new TelemetryCapture();
        using (var host = BuildHost(capture, clock))
        {
            await host.StartAsync();
            var inbox = Path.Combine(Mailbox, "inbox");
            Directory.CreateDirectory(inbox);
            var parser = new EmailParser();
            foreach (var (name, path) in samples)
            {
                // Named after the child, as a person saving an attachment might: the mailbox's file
                // names are its message ids, and they must not reach a log either.
                var child = parser.Parse(File.ReadAllBytes(path)).Child;
                var target = Path.Combine(inbox, $"{Path.GetFileNameWithoutExtension(name)} {child.FirstName} {child.LastName}".TrimEnd() + ".eml");
                File.Copy(path, target);
                File.SetLastWriteTimeUtc(target, clock.GetUtcNow().UtcDateTime.AddMinutes(-1));
            }

            // Ingestion, acknowledgements and the sweep's escalations, all delivered.
            var ledger = host.Services.GetRequiredService<NotificationLedger>();
            Assert.True(
                await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(90), () => Handled() == samples.Count),
                $"{Handled()} of {samples.Count} emails were handled");
            Assert.Empty(Directory.GetFiles(Path.Combine(Mailbox, "failed"), "*.eml"));
            Assert.True(
                await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(60), async () => AllDelivered(await ledger.ListSinceAsync(Start.AddDays(-1), CancellationToken.None), "Acknowledgement", "Escalation")),
                "the acknowledgements and escalations were not all delivered");

            // Officers' commands by email, free text naming the child: refused, unreadable, and for a case that does not exist.
            var @case = (await host.Services.GetRequiredService<CaseStore>().ListAsync(CancellationToken.None)).First(c => c.Reference.Year == 2026).Reference;
            string[] commands =
            [
                CommandEmail("command-refused", @case.ToString(), "#done Leo Ashcombe's aunt at 41 Quillan Road, RM7 0QX"),
                CommandEmail("command-unreadable", @case.ToString(), "#Ashcombe family moved to 41 Quillan Road"),
                CommandEmail("command-no-case", "CME-2026-09999", "#note Leo Ashcombe (14/06/2016) seen at 41 Quillan Road"),
            ];
            foreach (var (command, index) in commands.Select((command, index) => (command, index)))
            {
                var target = Path.Combine(inbox, $"command-{index}.eml");
                await File.WriteAllTextAsync(target, command);
                File.SetLastWriteTimeUtc(target, clock.GetUtcNow().UtcDateTime.AddMinutes(-1));
            }

            Assert.True(
                await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(30), () => Handled() == samples.Count + commands.Length),
                $"{Handled() - samples.Count} of {commands.Length} commands were handled");
            Assert.True(
                await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(30), async () => AllDelivered(await ledger.ListSinceAsync(Start.AddDays(-1), CancellationToken.None), "CommandReply")),
                "the replies to the commands were not delivered");

            // 07:05: this week's digest falls due, with every case in it.
            clock.Advance(TimeSpan.FromMinutes(65));
            Assert.True(
                await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(60), async () => AllDelivered(await ledger.ListSinceAsync(Start.AddDays(-1), CancellationToken.None), "Digest")),
                "the weekly digest was not delivered");
            var sent = await ledger.ListSinceAsync(Start.AddDays(-1), CancellationToken.None);
            output.WriteLine($"{samples.Count} emails; notifications delivered: {string.Join(", ", sent.Where(n => n.QueuedAt < Start.AddDays(1)).GroupBy(n => n.Kind).Select(g => $"{g.Count()} {g.Key}"))}");
            await host.StopAsync();
        }

        output.WriteLine($"{scanner.Values.Count} forbidden values; captured: {string.Join(", ", capture.Texts.GroupBy(t => t.Channel).Select(g => $"{g.Count()} {g.Key}"))}");

        // The capture saw the host at work on every channel, at every level.
        Assert.Contains(capture.Texts, text => text.Channel == TelemetryCapture.Log && text.Text.StartsWith("Debug", StringComparison.Ordinal));
        Assert.Contains(capture.Texts, text => text.Channel == TelemetryCapture.ExportedLog && text.Text.Contains("Opened case CME-2026-", StringComparison.Ordinal));
        foreach (var function in new[] { "PollMailbox", "IngestEmail", "SweepDeadlines", "SendWeeklyDigest", "SendNotification" })
        {
            Assert.Contains(capture.Texts, text => text.Channel == TelemetryCapture.ExportedSpan && text.Text.StartsWith(function + " ", StringComparison.Ordinal));
        }

        Assert.Contains(capture.Texts, text => text.Channel == TelemetryCapture.ExportedSpan && text.Origin.StartsWith("Azure.", StringComparison.Ordinal));
        Assert.Contains(capture.Texts, text => text.Channel == TelemetryCapture.AzureSdk && text.Text.Contains("Request", StringComparison.Ordinal));
        Assert.Contains(capture.Texts, text => text.Channel == TelemetryCapture.Console && text.Text.Contains("Opened case CME-2026-", StringComparison.Ordinal));

        // The child index's hashed keys are in the storage requests' URLs by design of the Azure
        // SDK, which names them in its own event log and in its spans before the host's redaction
        // runs. Neither leaves the host (nothing listens to that event log, and the exporters get
        // the spans after the redaction), so there alone a hash is allowed; a readable value never.
        var leaks = scanner.Scan(capture.Texts)
            .Where(leak => !(leak.Value.Match == ForbiddenValue.Matching.Anywhere && leak.Where.Channel is TelemetryCapture.Activity or TelemetryCapture.AzureSdk))
            .ToList();
        Assert.True(
            leaks.Count == 0,
            $"{leaks.Count} leak(s) in {capture.Texts.Count} captured texts ({string.Join(", ", leaks.GroupBy(leak => (leak.Where.Channel, leak.Value.What)).Select(g => $"{g.Count()} {g.Key.What} in {g.Key.Channel}"))}); the first:{Environment.NewLine}{string.Join(Environment.NewLine, leaks.DistinctBy(leak => (leak.Value.What, leak.Value.Value.ToUpperInvariant(), leak.Where)).Take(15))}");
    }

    private int Handled() =>
        new[] { "processed", "failed" }.Select(folder => Path.Combine(Mailbox, folder)).Where(Directory.Exists).Sum(folder => Directory.GetFiles(folder, "*.eml").Length);

    /// <summary>Notifications of each kind were queued and every one was delivered (this run's only: the other test on this Azurite runs on the real clock, months later).</summary>
    private static bool AllDelivered(IReadOnlyList<NotificationRecord> notifications, params string[] kinds)
    {
        var ours = notifications.Where(n => n.QueuedAt < Start.AddDays(1)).ToList();
        return kinds.All(kind => ours.Any(n => n.Kind == kind)) && ours.All(n => n.Status == NotificationStatus.Delivered);
    }

    /// <summary>A command from the West officer, authenticated by the council's receiving server (whose authserv-id the host is configured to trust).</summary>
    private string CommandEmail(string key, string reference, string commandLine) =>
        $"""
        From: cme-west@example.org
        To: csf.cme@hertfordshire.gov.uk
        Subject: RE: {reference}
        Date: {Start.AddMinutes(-5):R}
        Message-ID: <{key}-{_contentRoot.GetHashCode():x}@example.org>
        Authentication-Results: mx.hertfordshire.example; dkim=pass header.d=example.org; dmarc=pass header.from=example.org
        Content-Type: text/plain; charset=utf-8

        {commandLine}

        """.Replace("\n", "\r\n", StringComparison.Ordinal);

    /// <summary>Every sample email in the repository: the host tests' copies, and the parser's shared and varied sets.</summary>
    private static List<(string Name, string Path)> SampleEmails()
    {
        var samples = new List<(string, string)>();
        foreach (var (set, folder) in new[] { ("host", "Samples"), ("referrals", Path.Combine("ParsingSamples", "referrals")), ("varied", Path.Combine("ParsingSamples", "varied")) })
        {
            samples.AddRange(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, folder), "*.eml").Order(StringComparer.Ordinal).Select(path => ($"{set}-{Path.GetFileName(path)}", path)));
        }

        Assert.Equal(14 + 14 + 10, samples.Count);
        return samples;
    }

    private IEnumerable<ForbiddenValue> ForbiddenValues(IEnumerable<(string Name, string Path)> samples)
    {
        var parser = new EmailParser();
        var secret = ChildIndexSecret.FromBase64(_indexKey);
        var parsed = samples.SelectMany(sample => PersonalDataScanner.FromParsed(sample.Name, parser.Parse(File.ReadAllBytes(sample.Path)), secret));
        var expected = new[] { "referrals", "varied" }
            .SelectMany(set => PersonalDataScanner.FromExpected(Path.Combine(AppContext.BaseDirectory, "ParsingSamples", set, "expected.jsonl"), secret));
        return parsed.Concat(expected).ToList();
    }

    private IHost BuildHost(TelemetryCapture capture, TimeProvider clock)
    {
        var root = RepositoryLayout.FindRepositoryRoot()!;
        var hostJson = JsonNode.Parse(File.ReadAllText(Path.Combine(root, "host.json")))!.AsObject();
        // Every category at every level, so nothing the SDKs say at Debug or Trace is hidden from the scan.
        hostJson["logging"] = new JsonObject { ["logLevel"] = new JsonObject { ["default"] = "Trace" } };
        var schedules = hostJson["cme"]!["schedules"]!;
        schedules["mailboxPoll"] = "*/1 * * * * *";
        schedules["deadlineSweep"] = "*/2 * * * * *";
        schedules["weeklyDigest"] = "*/2 * * * * *";
        hostJson["extensions"]!["queues"]!["maxPollingInterval"] = "00:00:01";
        hostJson["extensions"]!["queues"]!["visibilityTimeout"] = "00:00:01";
        File.WriteAllText(Path.Combine(_contentRoot, "host.json"), hostJson.ToJsonString());

        // The shipped profiles, with full names in notifications: the harsher case, as the
        // notification queue's messages then carry the child's name.
        var profiles = Path.Combine(_contentRoot, "profiles");
        CopyFolder(ShippedProfiles.Folder, profiles);
        var profile = Path.Combine(profiles, "hertfordshire.json");
        var withFullNames = File.ReadAllText(profile).Replace("\"includeFullNames\": false", "\"includeFullNames\": true", StringComparison.Ordinal);
        Assert.Contains("\"includeFullNames\": true", withFullNames, StringComparison.Ordinal);
        File.WriteAllText(profile, withFullNames);

        var configuration = new ConfigurationBuilder()
            .AddCmeSources(_contentRoot)
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Cme:DataFolder"] = "data",
                ["Cme:Profile"] = "hertfordshire",
                ["Cme:ProfilesPath"] = profiles,
                ["Cme:Commands:TrustedAuthServIds"] = "mx.hertfordshire.example",
                ["Cme:ChildIndex:Key"] = _indexKey,
                ["AzureWebJobs:HostId"] = AzuriteFixture.UniqueName("personal"),
                // Application Insights chosen, as in Azure, at a port nothing listens on: what it
                // would send is read from the exporter added after it in the same pipeline.
                ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/",
            })
            .Build();
        return CmeFunctionHost.CreateHostBuilder(new CmeHostSetup
        {
            ContentRoot = _contentRoot,
            Configuration = configuration,
            Storage = StorageConnection.Configured(azurite.ConnectionString),
            FunctionTypes = FunctionCatalog.All,
            ConfigureLogging = logging => logging.AddProvider(capture.LoggerProvider),
            ConfigureServices = services => services.AddSingleton(clock),
            ConfigureTelemetry = telemetry =>
            {
                telemetry
                    .WithTracing(tracing => tracing.AddProcessor(new SimpleActivityExportProcessor(capture.SpanExporter)))
                    .WithLogging(logging => logging.AddProcessor(new SimpleLogRecordExportProcessor(capture.LogExporter)));
                telemetry.Services.Configure<AzureMonitorExporterOptions>(options =>
                {
                    options.DisableOfflineStorage = true;
                    options.EnableLiveMetrics = false;
                });
            },
        }).Build();
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>The real clock moved to another day: time passes at its real pace and can be jumped forward.</summary>
    private sealed class ShiftedClock(DateTimeOffset start) : TimeProvider
    {
        private readonly Stopwatch _elapsed = Stopwatch.StartNew();
        private long _jumpTicks;

        public override TimeZoneInfo LocalTimeZone { get; } = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

        public override DateTimeOffset GetUtcNow() => (start + _elapsed.Elapsed + TimeSpan.FromTicks(Interlocked.Read(ref _jumpTicks))).ToUniversalTime();

        public void Advance(TimeSpan by) => Interlocked.Add(ref _jumpTicks, by.Ticks);
    }
}
