using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cme.Application.Outbox;
using Cme.Application.Ports;
using Cme.Core.Notifications;
using Cme.Infrastructure.Configuration;
using Cme.Infrastructure.Outbox;
using Cme.Infrastructure.Storage;
using Cme.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cme.Functions.Tests.Faults;

/// <summary>
/// Two replicas of one deployment: two real hosts in this process, on one storage account, one
/// folder mailbox and one outbox, sharing the WebJobs host id as <c>AzureWebJobs__HostId</c>
/// makes replicas do. Their own Azurite, so the tables hold this test's mail only.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed partial class TwoHostsTests : OwnStorageTest
{
    private readonly ConcurrentDictionary<string, int> _deliveries = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(int Host, string Function, string Reason)> _timerRuns = new();
    private readonly List<IHost> _hosts = [];
    private bool _stopped;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var root = RepositoryLayout.FindRepositoryRoot()!;
        var hostJson = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(root, "host.json")))!.AsObject();
        hostJson["cme"]!["schedules"]!["mailboxPoll"] = "*/2 * * * * *";
        hostJson["extensions"]!["queues"]!["maxPollingInterval"] = "00:00:01";
        await File.WriteAllTextAsync(Path.Combine(Root, "host.json"), hostJson.ToJsonString());
    }

    public override async Task DisposeAsync()
    {
        await StopHostsAsync();
        foreach (var host in _hosts)
        {
            host.Dispose();
        }

        await base.DisposeAsync();
    }

    [Fact]
    public async Task Two_hosts_on_one_store_open_each_case_once_send_each_notification_once_and_run_each_timer_once_per_schedule()
    {
        var (emails, outcome, year) = InventBatch(200, "replicas");
        var hostId = AzuriteFixture.UniqueName("replicas");
        await StartHostAsync(1, hostId);
        await StartHostAsync(2, hostId);

        // In three drops, so both hosts are running and polling while the mail arrives.
        foreach (var drop in emails.Chunk(emails.Count / 3 + 1))
        {
            InventedMail.DropInto(outcome.Inbox, drop);
            await Task.Delay(TimeSpan.FromSeconds(3));
        }

        var handled = await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(90), () => outcome.HandledCount == emails.Count);
        Assert.True(handled, $"{outcome.HandledCount} of {emails.Count} emails were handled within 90 s:\n{await outcome.DescribeLeftoversAsync()}");
        var referrals = emails.Count(e => e.Expected == ExpectedOutcome.OpensCase);
        await outcome.WaitForAcknowledgementsAsync(referrals, TimeSpan.FromSeconds(30));
        await StopHostsAsync();

        await outcome.AssertEachEmailOnceAsync(emails, year);
        var notifications = await _hosts[0].Services.GetRequiredService<NotificationLedger>().ListSinceAsync(DateTimeOffset.MinValue, CancellationToken.None);
        Assert.Equal(referrals, notifications.Count(n => n.Kind == nameof(NotificationKind.Acknowledgement)));
        Assert.All(notifications, n => Assert.Equal(NotificationStatus.Delivered, n.Status));
        Assert.Equal(notifications.Select(n => n.Id).Order(StringComparer.Ordinal), _deliveries.Keys.Order(StringComparer.Ordinal));
        Assert.All(_deliveries, delivery => Assert.True(delivery.Value == 1, $"{delivery.Key} was handed to the delivery channel {delivery.Value} times"));

        // The timers are kept to one replica by a blob lease on the shared host id, and one host's
        // timer runs its occurrences one after another: so every occurrence (and the sweep's and
        // digest's run at start-up) runs once when all the timer runs are on one host. Without the
        // shared id each host takes its own lease and both run every occurrence.
        var polls = _timerRuns.Count(r => r.Function == "PollMailbox");
        Assert.True(polls >= 4, $"the mailbox was polled only {polls} times: {string.Join("; ", _timerRuns)}");
        Assert.True(_timerRuns.Select(r => r.Host).Distinct().Count() == 1, $"timers ran on both hosts: {string.Join("; ", _timerRuns)}");
    }

    private async Task StopHostsAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await Task.WhenAll(_hosts.Select(host => host.StopAsync()));
        }
    }

    private async Task StartHostAsync(int number, string hostId)
    {
        var configuration = new ConfigurationBuilder()
            .AddCmeSources(Root)
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Cme:DataFolder"] = "data",
                ["Cme:Profile"] = "hertfordshire",
                ["AzureWebJobs:HostId"] = hostId,
            })
            .Build();
        var host = CmeFunctionHost.CreateHostBuilder(new CmeHostSetup
        {
            ContentRoot = Root,
            Configuration = configuration,
            Storage = StorageConnection.Configured(Azurite.ConnectionString),
            FunctionTypes = FunctionCatalog.All,
            ConfigureLogging = logging =>
            {
                logging.AddProvider(new TimerRunLog(number, _timerRuns));
                logging.AddFilter<TimerRunLog>("Function", LogLevel.Information);
            },
            ConfigureServices = services =>
            {
                var product = services.Last(d => d.ServiceType == typeof(INotificationDelivery));
                services.Remove(product);
                services.AddSingleton<INotificationDelivery>(provider => new CountingDelivery((INotificationDelivery)product.ImplementationFactory!(provider), _deliveries));
            },
        }).Build();
        _hosts.Add(host);
        await host.StartAsync();
    }

    /// <summary>The product's delivery, counting how often each notification id reaches it, across both hosts.</summary>
    private sealed class CountingDelivery(INotificationDelivery inner, ConcurrentDictionary<string, int> counts) : INotificationDelivery
    {
        public string Description => inner.Description;

        public Task<DeliveryReceipt> DeliverAsync(Notification notification, CancellationToken cancellationToken)
        {
            counts.AddOrUpdate(notification.Id, 1, (_, count) => count + 1);
            return inner.DeliverAsync(notification, cancellationToken);
        }
    }

    /// <summary>
    /// Records each timer function's start as the WebJobs SDK logs it ("Executing 'PollMailbox'
    /// (Reason='Timer fired at …', …)"): the reason names the schedule occurrence.
    /// </summary>
    private sealed partial class TimerRunLog(int host, ConcurrentQueue<(int Host, string Function, string Reason)> runs) : ILoggerProvider
    {
        private static readonly HashSet<string> Timers = new(StringComparer.Ordinal) { "PollMailbox", "SweepDeadlines", "SendWeeklyDigest" };

        public ILogger CreateLogger(string categoryName) => new Recorder(host, runs);

        public void Dispose()
        {
        }

        private sealed class Recorder(int host, ConcurrentQueue<(int Host, string Function, string Reason)> runs) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var match = Executing().Match(formatter(state, exception));
                if (match.Success && Timers.Contains(match.Groups["function"].Value))
                {
                    runs.Enqueue((host, match.Groups["function"].Value, match.Groups["reason"].Value));
                }
            }
        }

        [GeneratedRegex(@"^Executing '(?:[A-Za-z]+\.)?(?<function>[A-Za-z]+)' \(Reason='(?<reason>[^']*)'")]
        private static partial Regex Executing();
    }
}
