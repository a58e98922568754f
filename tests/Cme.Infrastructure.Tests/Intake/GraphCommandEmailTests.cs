using System.Text;
using Cme.Application.Mailboxes;
using Cme.Application.Queues;
using Cme.Core.Cases;
using Cme.Core.Notifications;
using Cme.Infrastructure.Mailboxes;
using Cme.Infrastructure.Queues;
using Cme.Parsing;
using Cme.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace Cme.Infrastructure.Tests.Intake;

/// <summary>
/// Officers' commands read through Graph from the council's Exchange Online mailbox (a loopback
/// stand-in serving the message's MIME), through the real parser and ingestion on Azurite: Exchange
/// Online's own topmost header, which has no authserv-id, and its internal mark count here, with
/// nothing configured; a forged pass below Exchange's fail does not.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class GraphCommandEmailTests(AzuriteFixture azurite) : IDisposable
{
    private readonly WireMockServer _graph = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{LoopbackPort.Free()}"] });
    private readonly string _mailbox = AzuriteFixture.UniqueName("cme") + "@example.org";

    public void Dispose() => _graph.Stop();

    [Theory]
    [InlineData("Authentication-Results: spf=pass (sender IP is 192.0.2.10) smtp.mailfrom=example.org; dkim=pass (signature was verified) header.d=example.org;dmarc=pass action=none header.from=example.org;compauth=pass reason=100", true)] // Exchange Online's header
    [InlineData("X-MS-Exchange-Organization-AuthAs: Internal", true)] // sent inside the organisation
    [InlineData("Authentication-Results: spf=fail (sender IP is 198.51.100.7) smtp.mailfrom=example.org; dkim=none (message not signed) header.d=none;dmarc=fail action=oreject header.from=example.org;compauth=fail reason=000\r\nAuthentication-Results: spf=pass (sender IP is 192.0.2.10) smtp.mailfrom=example.org; dkim=pass (signature was verified) header.d=example.org;dmarc=pass action=none header.from=example.org;compauth=pass reason=100", false)] // a forged pass below Exchange's fail
    public async Task A_staff_command_read_through_graph_is_applied_only_when_exchange_online_vouches_for_it(string headers, bool applied)
    {
        await using var harness = await new IngestionHarness(azurite).StartAsync();
        harness.Drop("referral.eml", "referral", "Nia", harness.Surname, "2015-04-03");
        await harness.PollAndIngestAsync();
        var reference = Assert.Single(await harness.CasesOfThisYearAsync()).Reference;
        var id = "AAMk-" + Guid.NewGuid().ToString("N");
        ServeMessage(id, $"{headers}\r\nFrom: West CME Officer <cme-west@example.org>\r\nTo: {_mailbox}\r\nSubject: RE: {reference}\r\nMessage-ID: <{id}@example.org>\r\nDate: {harness.Time.GetUtcNow():R}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe family has moved to Wales; their new school confirmed.\r\n#located\r\n");

        await harness.IngestionReading(GraphMailbox(harness), new EmailParser())
            .IngestAsync(QueueJson.Serialize(new InboundMailMessage(MailboxMessage.GraphSource, id, harness.Time.GetUtcNow())), CancellationToken.None);

        var status = (await harness.Cases.GetAsync(reference, CancellationToken.None))!.Case.Status;
        Assert.Equal(applied ? CaseStatus.Closed : CaseStatus.Open, status);
        var reply = Assert.Single(await harness.NotificationsAsync(), n => n.Kind == nameof(NotificationKind.CommandReply));
        Assert.StartsWith(applied ? "Done" : "Not applied", reply.Subject, StringComparison.Ordinal);
        if (!applied)
        {
            Assert.Contains(await harness.Cases.GetEventsAsync(reference, CancellationToken.None), e => e.Type == CaseEventType.CommandRefused && e.Summary.Contains("DMARC failed", StringComparison.Ordinal));
        }

        Assert.Contains(_graph.LogEntries, e => e.RequestMessage!.Path.EndsWith($"/messages/{id}/move", StringComparison.Ordinal));
    }

    private GraphMailbox GraphMailbox(IngestionHarness harness) => new(
        new HttpClient(),
        new GraphMailboxOptions { BaseUrl = _graph.Urls[0] + "/v1.0", MaxAttempts = 2, MaxRetryAfter = TimeSpan.FromSeconds(1) },
        _mailbox,
        new FixedToken(),
        new TableMailboxStateStore(new Azure.Data.Tables.TableServiceClient(azurite.ConnectionString)),
        harness.Time,
        NullLogger<GraphMailbox>.Instance);

    private void ServeMessage(string id, string mime)
    {
        var users = $"/v1.0/users/{_mailbox}";
        _graph.Given(Request.Create().WithPath($"{users}/messages/{id}/$value").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "text/plain").WithBody(Encoding.UTF8.GetBytes(mime)));
        _graph.Given(Request.Create().WithPath($"{users}/mailFolders").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("""{"value":[{"id":"AAMkFolder-processed","displayName":"CME processed"}]}"""));
        _graph.Given(Request.Create().WithPath($"{users}/messages/{id}/move").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json").WithBody($$"""{"id":"{{id}}"}"""));
    }
}
