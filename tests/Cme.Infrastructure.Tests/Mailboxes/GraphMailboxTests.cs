using System.Net;
using System.Net.Sockets;
using Azure.Core;
using Azure.Data.Tables;
using Cme.Infrastructure.Mailboxes;
using Cme.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using WireMock.RequestBuilders;
using Request = WireMock.RequestBuilders.Request;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;
using Cme.Application.Mailboxes;

namespace Cme.Infrastructure.Tests.Mailboxes;

/// <summary>
/// The Graph mailbox against a loopback stand-in serving the shapes Graph's documentation gives
/// (delta pages with @odata.nextLink and @odata.deltaLink, $value MIME, 429 with Retry-After,
/// move), with its delta link kept in the real Azurite.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class GraphMailboxTests : IDisposable
{
    private const string Mailbox = "csf.cme@hertfordshire.gov.uk";
    private readonly WireMockServer _graph;
    private readonly AzuriteFixture _azurite;
    private readonly string _mailbox = AzuriteFixture.UniqueName("cme") + "@example.org";

    public GraphMailboxTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
        _graph = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{LoopbackPort.Free()}"] });
    }

    private string Users => $"/v1.0/users/{_mailbox}";

    private string Base => _graph.Urls[0] + "/v1.0";

    public void Dispose() => _graph.Stop();

    [Fact]
    public async Task The_first_poll_follows_next_links_to_the_delta_link_and_keeps_it_for_the_next_poll()
    {
        Serve(Users + "/mailFolders/inbox/messages/delta", Page(["AAMk-1", "AAMk-2"], nextLink: $"{Base}/users/{_mailbox}/mailFolders/inbox/messages/delta?$skiptoken=page2"), param: null);
        Serve(Users + "/mailFolders/inbox/messages/delta", Page(["AAMk-3"], deltaLink: $"{Base}/users/{_mailbox}/mailFolders/inbox/messages/delta?$deltatoken=first"), param: ("$skiptoken", "page2"));
        Serve(Users + "/mailFolders/inbox/messages/delta", Page(["AAMk-4"], deltaLink: $"{Base}/users/{_mailbox}/mailFolders/inbox/messages/delta?$deltatoken=second"), param: ("$deltatoken", "first"));
        var mailbox = Create();

        var first = await mailbox.PollAsync(CancellationToken.None);
        var second = await mailbox.PollAsync(CancellationToken.None);

        Assert.Equal(["AAMk-1", "AAMk-2", "AAMk-3"], first.Select(m => m.Id));
        Assert.Equal(["AAMk-4"], second.Select(m => m.Id));
    }

    [Fact]
    public async Task A_throttled_delta_page_is_retried_after_the_Retry_After_interval_and_read_once()
    {
        _graph.Given(Request.Create().WithPath(Users + "/mailFolders/inbox/messages/delta").UsingGet()).InScenario("throttle").WillSetStateTo("served")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "1").WithBodyAsJson(new { error = new { code = "ApplicationThrottled", message = "Too many requests" } }));
        _graph.Given(Request.Create().WithPath(Users + "/mailFolders/inbox/messages/delta").UsingGet()).InScenario("throttle").WhenStateIs("served")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(Page(["AAMk-1"], deltaLink: $"{Base}/users/{_mailbox}/delta?$deltatoken=x")));
        var started = DateTime.UtcNow;

        var found = await Create().PollAsync(CancellationToken.None);

        Assert.Equal(["AAMk-1"], found.Select(m => m.Id));
        Assert.Equal(2, _graph.LogEntries.Count());
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(0.9), "the retry did not wait for Retry-After");
    }

    [Fact]
    public async Task A_service_unavailable_answer_is_retried_then_succeeds()
    {
        _graph.Given(Request.Create().WithPath(Users + "/messages/AAMk-1/$value").UsingGet()).InScenario("503").WillSetStateTo("up")
            .RespondWith(Response.Create().WithStatusCode(503).WithHeader("Retry-After", "0"));
        _graph.Given(Request.Create().WithPath(Users + "/messages/AAMk-1/$value").UsingGet()).InScenario("503").WhenStateIs("up")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "text/plain").WithBody("From: a@example.org\r\nSubject: referral\r\n\r\nbody"));

        var mime = await Create().ReadMimeAsync(new MailboxMessage(MailboxMessage.GraphSource, "AAMk-1"), CancellationToken.None);

        Assert.StartsWith("From: a@example.org", System.Text.Encoding.UTF8.GetString(mime!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Persistent_server_errors_surface_as_an_unavailable_mailbox_after_the_configured_attempts()
    {
        _graph.Given(Request.Create().WithPath(Users + "/messages/AAMk-1/$value").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(500));

        var error = await Assert.ThrowsAsync<MailboxUnavailableException>(() => Create(maxAttempts: 3).ReadMimeAsync(new MailboxMessage(MailboxMessage.GraphSource, "AAMk-1"), CancellationToken.None));

        Assert.Contains("on all 3 attempts", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, _graph.LogEntries.Count());
    }

    [Theory]
    [InlineData(429, "4", 4.0, 4.0)] // throttled: Graph says when to come back
    [InlineData(500, "2", 2.0, 2.0)]
    [InlineData(503, "9", 9.0, 9.0)]
    [InlineData(503, "600", 30.0, 30.0)] // cut to MaxRetryAfter: the next poll takes over beyond it
    [InlineData(500, null, 0.4, 0.6)] // no Retry-After: the first back-off step, 0.5 s with jitter
    [InlineData(503, null, 0.4, 0.6)]
    public async Task A_transient_answer_to_a_delta_page_is_retried_after_the_wait_it_asks_for_and_each_message_is_found_once(int status, string? retryAfter, double shortestWait, double longestWait)
    {
        var failure = Response.Create().WithStatusCode(status).WithBodyAsJson(new { error = new { code = "ServiceUnavailable", message = "try later" } });
        _graph.Given(Request.Create().WithPath(Users + "/mailFolders/inbox/messages/delta").UsingGet()).InScenario("transient").WillSetStateTo("up")
            .RespondWith(retryAfter is null ? failure : failure.WithHeader("Retry-After", retryAfter));
        _graph.Given(Request.Create().WithPath(Users + "/mailFolders/inbox/messages/delta").UsingGet()).InScenario("transient").WhenStateIs("up")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(Page(["AAMk-1"], deltaLink: $"{Base}/users/{_mailbox}/delta?$deltatoken=after-retry")));
        var waits = new RecordedWaits();

        var found = await Create(time: waits).PollAsync(CancellationToken.None);

        Assert.Equal(["AAMk-1"], found.Select(m => m.Id));
        Assert.Equal([status, 200], _graph.LogEntries.Select(e => (int)e.ResponseMessage!.StatusCode!));
        Assert.InRange(Assert.Single(waits.Waits).TotalSeconds, shortestWait, longestWait);
        Assert.EndsWith("after-retry", await State.GetAsync(_mailbox, GraphMailbox.DeltaLinkKey, CancellationToken.None), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_read_that_times_out_is_retried_and_read()
    {
        _graph.Given(Request.Create().WithPath(Users + "/messages/AAMk-1/$value").UsingGet()).InScenario("slow").WillSetStateTo("up")
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("From: a@example.org\r\nSubject: late\r\n\r\nbody").WithDelay(TimeSpan.FromSeconds(3)));
        _graph.Given(Request.Create().WithPath(Users + "/messages/AAMk-1/$value").UsingGet()).InScenario("slow").WhenStateIs("up")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "text/plain").WithBody("From: a@example.org\r\nSubject: referral\r\n\r\nbody"));
        var waits = new RecordedWaits();

        var mime = await Create(time: waits, timeout: TimeSpan.FromMilliseconds(300)).ReadMimeAsync(new MailboxMessage(MailboxMessage.GraphSource, "AAMk-1"), CancellationToken.None);

        Assert.Contains("Subject: referral", System.Text.Encoding.UTF8.GetString(mime!), StringComparison.Ordinal);
        Assert.InRange(Assert.Single(waits.Waits).TotalSeconds, 0.4, 0.6);
    }

    [Fact]
    public async Task A_mailbox_down_on_every_attempt_fails_the_poll_and_leaves_the_last_successful_poll_where_it_was()
    {
        _graph.Given(Request.Create().WithPath(Users + "/mailFolders/inbox/messages/delta").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(503).WithHeader("Retry-After", "5"));
        var state = State;
        var lastGood = DateTimeOffset.UtcNow.AddHours(-3).ToString("O");
        await state.SetAsync(MailboxPoller.StatePartition, MailboxPoller.LastSuccessfulPollKey, lastGood, CancellationToken.None);
        var waits = new RecordedWaits();
        var poller = new MailboxPoller(Create(maxAttempts: 3, time: waits), new Queues.MailQueues(new Azure.Storage.Queues.QueueServiceClient(_azurite.ConnectionString)), state, waits, NullLogger<MailboxPoller>.Instance);

        var error = await Assert.ThrowsAsync<MailboxUnavailableException>(() => poller.PollAsync(CancellationToken.None));

        Assert.Contains("on all 3 attempts", error.Message, StringComparison.Ordinal);
        Assert.Equal([5.0, 5.0], waits.Waits.Select(w => w.TotalSeconds));
        // What the digest reads to say the mailbox has not been read since then.
        Assert.Equal(lastGood, await state.GetAsync(MailboxPoller.StatePartition, MailboxPoller.LastSuccessfulPollKey, CancellationToken.None));
    }

    [Fact]
    public async Task A_processed_message_is_moved_to_the_processed_folder_which_is_created_when_missing()
    {
        _graph.Given(Request.Create().WithPath(Users + "/mailFolders").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("""{"@odata.context":"x","value":[]}"""));
        _graph.Given(Request.Create().WithPath(Users + "/mailFolders").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json").WithBody("""{"id":"AAMkFolder-processed","displayName":"CME processed"}"""));
        _graph.Given(Request.Create().WithPath(Users + "/messages/AAMk-1/move").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json").WithBody("""{"id":"AAMk-1"}"""));

        await Create().MarkProcessedAsync(new MailboxMessage(MailboxMessage.GraphSource, "AAMk-1"), CancellationToken.None);

        var move = Assert.Single(_graph.LogEntries, e => e.RequestMessage!.Path.EndsWith("/move", StringComparison.Ordinal));
        Assert.Contains("AAMkFolder-processed", move.RequestMessage!.Body, StringComparison.Ordinal);
        Assert.Contains(_graph.LogEntries, e => e.RequestMessage!.Method == "POST" && e.RequestMessage!.Path.EndsWith("/mailFolders", StringComparison.Ordinal) && e.RequestMessage.Body!.Contains("CME processed", StringComparison.Ordinal));
        Assert.All(_graph.LogEntries, e => Assert.Equal("Bearer test-token", e.RequestMessage!.Headers!["Authorization"].Single()));
    }

    [Fact]
    public async Task Every_request_asks_for_immutable_ids_so_a_message_keeps_its_id_when_it_is_moved()
    {
        Serve(Users + "/mailFolders/inbox/messages/delta", Page(["AAMk-1"], deltaLink: $"{Base}/users/{_mailbox}/mailFolders/inbox/messages/delta?$deltatoken=first"), param: null);
        _graph.Given(Request.Create().WithPath(Users + "/messages/AAMk-1/$value").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "text/plain").WithBody("From: a@example.org\r\nSubject: referral\r\n\r\nbody"));
        _graph.Given(Request.Create().WithPath(Users + "/mailFolders").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("""{"value":[{"id":"AAMkFolder-processed","displayName":"CME processed"}]}"""));
        _graph.Given(Request.Create().WithPath(Users + "/messages/AAMk-1/move").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json").WithBody("""{"id":"AAMk-1"}"""));
        var mailbox = Create();

        var message = Assert.Single(await mailbox.PollAsync(CancellationToken.None));
        await mailbox.ReadMimeAsync(message, CancellationToken.None);
        await mailbox.MarkProcessedAsync(message, CancellationToken.None);

        Assert.Equal(4, _graph.LogEntries.Count());
        Assert.All(_graph.LogEntries, e => Assert.Contains("IdType=\"ImmutableId\"", string.Join(",", e.RequestMessage!.Headers!["Prefer"]), StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_expired_delta_link_starts_the_delta_afresh()
    {
        await new TableMailboxStateStore(new TableServiceClient(_azurite.ConnectionString)).SetAsync(_mailbox, GraphMailbox.DeltaLinkKey, $"{Base}/users/{_mailbox}/mailFolders/inbox/messages/delta?$deltatoken=stale", CancellationToken.None);
        Serve(Users + "/mailFolders/inbox/messages/delta", """{"error":{"code":"syncStateNotFound","message":"expired"}}""", param: ("$deltatoken", "stale"), status: 410);
        Serve(Users + "/mailFolders/inbox/messages/delta", Page(["AAMk-9"], deltaLink: $"{Base}/users/{_mailbox}/mailFolders/inbox/messages/delta?$deltatoken=fresh"), param: null);

        var found = await Create().PollAsync(CancellationToken.None);

        Assert.Equal(["AAMk-9"], found.Select(m => m.Id));
    }

    [Fact]
    public async Task Listing_for_reconciliation_reads_every_page_of_the_processed_folder_then_the_inbox_older_than_an_hour()
    {
        _graph.Given(Request.Create().WithPath(Users + "/mailFolders").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("""{"value":[{"id":"AAMkFolder-processed","displayName":"CME processed"}]}"""));
        Serve(Users + "/mailFolders/AAMkFolder-processed/messages", Page(["AAMk-1", "AAMk-2"], nextLink: $"{Base}/users/{_mailbox}/mailFolders/AAMkFolder-processed/messages?$skiptoken=p2"), param: null);
        Serve(Users + "/mailFolders/AAMkFolder-processed/messages", Page(["AAMk-3"], deltaLink: null, last: true), param: ("$skiptoken", "p2"));
        Serve(Users + "/mailFolders/inbox/messages", Page(["AAMk-9"], last: true), param: null);
        var since = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var listed = new List<string>();
        await foreach (var message in Create().ListAsync(since, CancellationToken.None))
        {
            listed.Add(message.Id);
        }

        Assert.Equal(["AAMk-1", "AAMk-2", "AAMk-3", "AAMk-9"], listed);
        var inbox = Assert.Single(_graph.LogEntries, e => e.RequestMessage!.Path.EndsWith("/mailFolders/inbox/messages", StringComparison.Ordinal));
        var filter = inbox.RequestMessage!.Query!["$filter"].Single();
        Assert.Contains("receivedDateTime ge 2026-01-01T00:00:00Z", filter, StringComparison.Ordinal);
        Assert.Contains("receivedDateTime lt ", filter, StringComparison.Ordinal);
    }

    [Fact]
    public void With_the_Graph_source_configured_the_registered_mailbox_is_the_Graph_mailbox_on_the_factory_client()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = _azurite.ConnectionString,
                ["Cme:Mailbox:Source"] = "Graph",
                ["Cme:Mailbox:Graph:Mailbox"] = _mailbox,
                ["Cme:Mailbox:Graph:BaseUrl"] = Base,
                ["Cme:Mailbox:Graph:TenantId"] = "00000000-0000-0000-0000-000000000001",
                ["Cme:Mailbox:Graph:ClientId"] = "00000000-0000-0000-0000-000000000002",
                ["Cme:Mailbox:Graph:ClientSecret"] = "not-a-real-secret",
            })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddCme(configuration, Directory.GetCurrentDirectory());
        using var provider = services.BuildServiceProvider();

        var mailbox = provider.GetRequiredService<IMailbox>();

        Assert.IsType<GraphMailbox>(mailbox);
        Assert.Contains(_mailbox, mailbox.Description, StringComparison.Ordinal);
    }

    private GraphMailbox Create(int maxAttempts = 5, TimeProvider? time = null, TimeSpan? timeout = null) => new(
        new HttpClient { Timeout = timeout ?? TimeSpan.FromSeconds(100) },
        new GraphMailboxOptions { BaseUrl = Base, MaxAttempts = maxAttempts, MaxRetryAfter = TimeSpan.FromSeconds(30) },
        _mailbox,
        new FixedToken(),
        State,
        time ?? TimeProvider.System,
        NullLogger<GraphMailbox>.Instance);

    private TableMailboxStateStore State => new(new TableServiceClient(_azurite.ConnectionString));

    private void Serve(string path, string body, (string Name, string Value)? param, int status = 200)
    {
        var request = Request.Create().WithPath(path).UsingGet();
        if (param is { } p)
        {
            request = request.WithParam(p.Name, p.Value);
        }
        else
        {
            request = request.WithParam("$select");
        }

        _graph.Given(request).RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));
    }

    private static string Page(string[] ids, string? nextLink = null, string? deltaLink = null, bool last = false)
    {
        var values = string.Join(",", ids.Select(id =>
            $$"""{"@odata.type":"#microsoft.graph.message","@odata.etag":"W/\"CQAAAA==\"","id":"{{id}}","internetMessageId":"<{{id}}@example.org>","receivedDateTime":"2026-01-12T09:15:00Z"}"""));
        var link = nextLink is not null ? $",\"@odata.nextLink\":\"{nextLink}\"" : last ? string.Empty : $",\"@odata.deltaLink\":\"{deltaLink}\"";
        return $$"""{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#Collection(message)","value":[{{values}}]{{link}}}""";
    }
}
