using System.Text.Json.Nodes;
using Cme.Application.Digest;
using Cme.Application.Mailboxes;
using Cme.Application.Ports;
using Cme.Infrastructure.Configuration;
using Cme.Infrastructure.Mailboxes;
using Cme.Infrastructure.Storage;
using Cme.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cme.Functions.Tests.Outages;

/// <summary>
/// The real host with Graph and SendGrid both down for good (loopback stand-ins answering 503 to everything):
/// nothing is lost or sent twice, and a person hears of it, in triage and in the weekly digest.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class CloudOutageTests(AzuriteFixture azurite) : IDisposable
{
    private const int SendGridAttempts = 2;
    private const int QueueDequeues = 5; // host.json maxDequeueCount
    private const string Mailbox = "csf.cme@hertfordshire.gov.uk";

    private readonly string _contentRoot = Directory.CreateTempSubdirectory("cme-outage-").FullName;
    private readonly DownService _graph = new();
    private readonly DownService _sendGrid = new();

    public void Dispose()
    {
        _graph.Dispose();
        _sendGrid.Dispose();
        Directory.Delete(_contentRoot, recursive: true);
    }

    [Fact]
    public async Task SendGrid_down_for_good_sends_each_notification_to_poison_after_real_retries_and_Graph_down_for_good_makes_the_digest_say_the_mailbox_is_not_read()
    {
        var started = DateTimeOffset.UtcNow;
        // The mailbox was last read three hours ago; Graph has refused since.
        var lastGoodPoll = started.AddHours(-3).ToString("O");
        var state = new TableMailboxStateStore(new Azure.Data.Tables.TableServiceClient(azurite.ConnectionString));
        await state.SetAsync(MailboxPoller.StatePartition, MailboxPoller.LastSuccessfulPollKey, lastGoodPoll, CancellationToken.None);

        using var host = BuildHost();
        await host.StartAsync();
        var ledger = host.Services.GetRequiredService<NotificationLedger>();
        var triage = host.Services.GetRequiredService<TriageStore>();

        // This week's digest is due (and any policy-review reminder): each fails on every dequeue, then waits in triage.
        async Task<bool> EveryNotificationPoisoned()
        {
            var queued = (await ledger.ListSinceAsync(started.AddMinutes(-1), CancellationToken.None)).Select(n => n.Id).ToList();
            var poisoned = (await triage.ListAsync(includeResolved: false, CancellationToken.None)).Where(t => t.IsPoison && t.Kind == "notification").ToList();
            return queued.Count > 0 && queued.All(id => poisoned.Any(p => p.Reason.Contains(id, StringComparison.Ordinal)));
        }

        Assert.True(await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(90), EveryNotificationPoisoned), "not every notification reached triage as failed");
        var notifications = await ledger.ListSinceAsync(started.AddMinutes(-1), CancellationToken.None);
        Assert.Contains(notifications, n => n.Kind == "Digest");
        // Every dequeue really tried SendGrid: the failed attempt's claim was given back each time.
        Assert.All(notifications, n => Assert.Equal((NotificationStatus.Queued, QueueDequeues), (n.Status, n.Attempts)));
        Assert.Equal(notifications.Count * QueueDequeues * SendGridAttempts, _sendGrid.Requests.Count(r => r == "POST /v3/mail/send"));

        // The mailbox was polled, and failed, and its last successful poll stands.
        Assert.True(await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(10), () => _graph.Requests.Count(r => r.EndsWith("/mailFolders/inbox/messages/delta", StringComparison.Ordinal)) >= 2));
        Assert.Equal(lastGoodPoll, await state.GetAsync(MailboxPoller.StatePartition, MailboxPoller.LastSuccessfulPollKey, CancellationToken.None));

        // The digest says both.
        var digestService = host.Services.GetRequiredService<WeeklyDigestService>();
        var digest = await digestService.BuildAsync(CancellationToken.None);
        var poisonWaiting = (await triage.ListAsync(includeResolved: false, CancellationToken.None)).Count(t => t.IsPoison);
        Assert.Equal(poisonWaiting, digest.Intake.Poison);
        Assert.True(digest.Intake.Poison >= notifications.Count);
        Assert.Contains($"{Mailbox} has not been read successfully since", digest.MailboxWarning, StringComparison.Ordinal);
        var preview = await digestService.PreviewAsync(CancellationToken.None);
        Assert.Contains($"Failed on every attempt:     {digest.Intake.Poison}", preview.Text, StringComparison.Ordinal);
        Assert.Contains("WARNING: " + digest.MailboxWarning, preview.Text, StringComparison.Ordinal);
        await host.StopAsync();
    }

    private IHost BuildHost()
    {
        var root = RepositoryLayout.FindRepositoryRoot()!;
        var hostJson = JsonNode.Parse(File.ReadAllText(Path.Combine(root, "host.json")))!.AsObject();
        hostJson["cme"]!["schedules"]!["mailboxPoll"] = "*/2 * * * * *";
        hostJson["cme"]!["schedules"]!["weeklyDigest"] = "*/2 * * * * *";
        hostJson["extensions"]!["queues"]!["maxPollingInterval"] = "00:00:01";
        hostJson["extensions"]!["queues"]!["visibilityTimeout"] = "00:00:00";
        File.WriteAllText(Path.Combine(_contentRoot, "host.json"), hostJson.ToJsonString());
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        var configuration = new ConfigurationBuilder()
            .AddCmeSources(_contentRoot)
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Cme:DataFolder"] = "data",
                ["Cme:Profile"] = "hertfordshire",
                ["AzureWebJobs:HostId"] = AzuriteFixture.UniqueName("outage"),
                ["Cme:Outbox:Delivery"] = "SendGrid",
                ["Cme:Outbox:SendGrid:ApiKey"] = "SG.test-key",
                ["Cme:Outbox:SendGrid:BaseUrl"] = _sendGrid.Url,
                ["Cme:Outbox:SendGrid:MaxAttempts"] = SendGridAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
                // Due today from midnight, whatever day the test runs.
                ["Cme:Digest:Day"] = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, london).DayOfWeek.ToString(),
                ["Cme:Digest:Time"] = "00:00",
            })
            .Build();
        return CmeFunctionHost.CreateHostBuilder(new CmeHostSetup
        {
            ContentRoot = _contentRoot,
            Configuration = configuration,
            Storage = StorageConnection.Configured(azurite.ConnectionString),
            FunctionTypes = FunctionCatalog.All,
            // The product's Graph mailbox, at the stand-in, with a fixed token in place of Entra ID.
            ConfigureServices = services => services.AddSingleton<IMailbox>(provider => new GraphMailbox(
                new HttpClient { Timeout = TimeSpan.FromSeconds(10) },
                new GraphMailboxOptions { BaseUrl = _graph.Url + "/v1.0", MaxAttempts = 2 },
                Mailbox,
                new FixedToken(),
                provider.GetRequiredService<IMailboxStateStore>(),
                TimeProvider.System,
                provider.GetRequiredService<ILogger<GraphMailbox>>())),
        }).Build();
    }
}
