using Azure.Storage.Queues;
using Cme.Application.Intake;
using Cme.Application.Ports;
using Cme.Application.Queues;
using Cme.Infrastructure.Mailboxes;
using Cme.Infrastructure.Queues;
using Cme.Infrastructure.Storage;
using Cme.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cme.Functions.Tests.Faults;

/// <summary>
/// Messages put straight on <c>inbound-mail</c> that can never succeed, through the real host:
/// each is in triage on its first attempt (well inside the queue's 30 s retry wait), nothing
/// reaches the poison queue, and retrying any of them is refused with a reason.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class HostileQueueMessageTests : OwnStorageTest
{
    [Fact]
    public async Task Hostile_messages_on_inbound_mail_are_each_in_triage_after_one_attempt_and_none_reaches_the_poison_queue()
    {
        var azurite = Azurite;
        var found = "\"foundAt\":\"2026-01-12T09:00:00Z\"";
        string[] encoded =
        [
            "this is not json {",
            $$"""{"source":"folder","id":"../../../../etc/passwd",{{found}}}""",
            $$"""{"source":"graph","id":"AAMk?$expand=x",{{found}}}""",
            $$"""{"source":"","id":"x.eml",{{found}}}""",
            $$"""{"source":"folder","id":"{{new string('a', 44 * 1024)}}.eml",{{found}}}""",
            """{"source":null,"id":null,"foundAt":null}""",
            """{"source":7,"id":[1],"foundAt":false}""",
            $$"""{"source":"folder","id":"a\u0000b\u202E.eml",{{found}}}""",
            $$"""{"source":"pop3","id":"1",{{found}}}""",
            """{"hello":"world"}""",
        ];
        using var host = HostProcess.Start(azurite.ConnectionString, DataFolder, AzuriteFixture.UniqueName("hostile"));
        Assert.True(await host.WaitForOutputAsync("CME host started.", TimeSpan.FromSeconds(60)), host.Output);
        var queue = new QueueClient(azurite.ConnectionString, QueueNames.InboundMail, QueueEncoding.CreateClientOptions());
        await queue.CreateIfNotExistsAsync();
        var raw = new QueueClient(azurite.ConnectionString, QueueNames.InboundMail);
        var sentAt = DateTimeOffset.UtcNow;
        foreach (var message in encoded)
        {
            await queue.SendMessageAsync(message);
        }

        // Not base64 at all, as the queue trigger expects its messages to be.
        await raw.SendMessageAsync("%%% not base64 @@@");
        var expected = encoded.Length + 1;

        var triage = new TriageStore(new Azure.Data.Tables.TableServiceClient(azurite.ConnectionString));
        IReadOnlyList<TriageItem> items = [];
        var recorded = await Eventually.TrueWithinAsync(TimeSpan.FromSeconds(25), async () =>
        {
            items = await triage.ListAsync(includeResolved: true, CancellationToken.None);
            return items.Count >= expected;
        });
        var elapsed = DateTimeOffset.UtcNow - sentAt;

        Assert.True(recorded, $"{items.Count} of {expected} hostile messages were in triage within 25 s (the queue's retry wait is 30 s):\n{host.Output}");
        Assert.True(elapsed < TimeSpan.FromSeconds(30), $"recording took {elapsed}: longer than one retry wait");
        Assert.All(items, item => Assert.Equal(FailedMessages.UnreadableSource, item.Source));
        var poison = new QueueClient(azurite.ConnectionString, QueueNames.InboundMail + QueueNames.PoisonSuffix);
        Assert.False(await poison.ExistsAsync() && (await poison.PeekMessagesAsync(1)).Value.Length > 0, "a hostile message reached the poison queue");
        var retry = new TriageRetry(triage, new FolderMailbox(Path.Combine(DataFolder, "mailbox"), TimeProvider.System, NullLogger<FolderMailbox>.Instance), new MailQueues(new QueueServiceClient(azurite.ConnectionString, QueueEncoding.ClientOptions)), TimeProvider.System);
        foreach (var item in items)
        {
            var refused = await Assert.ThrowsAsync<TriageItemCannotBeRetriedException>(() => retry.RetryAsync(item.Id, CancellationToken.None));
            Assert.Contains("cannot be retried", refused.Message, StringComparison.Ordinal);
        }

        Assert.Equal(0, await host.InterruptAsync(TimeSpan.FromSeconds(30)));
    }
}
