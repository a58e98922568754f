using System.Net;
using System.Net.Sockets;
using Azure.Storage.Queues;
using Cme.Infrastructure.EmbeddedStorage;

namespace Cme.Infrastructure.Tests.EmbeddedStorage;

public sealed class EmbeddedAzuriteTests
{
    [Fact]
    public async Task Embedded_Azurite_serves_queues_on_loopback_and_is_gone_after_dispose()
    {
        var azurite = await EmbeddedAzurite.StartAsync();
        var ports = azurite.Ports;
        var dataFolder = azurite.DataFolder;
        try
        {
            var queue = new QueueClient(azurite.ConnectionString, "roundtrip");
            await queue.CreateIfNotExistsAsync();
            await queue.SendMessageAsync("hello");
            Assert.Equal("hello", (await queue.ReceiveMessageAsync()).Value.Body.ToString());
            Assert.Contains("127.0.0.1", azurite.ConnectionString, StringComparison.Ordinal);
        }
        finally
        {
            await azurite.DisposeAsync();
        }

        Assert.False(await Cme.Infrastructure.EmbeddedStorage.AzuritePorts.IsListeningAsync(ports.Queue), "Azurite still listens after dispose");
        Assert.False(Directory.Exists(dataFolder), "the temporary data folder was left behind");
    }

    [Fact]
    public async Task A_persistent_data_folder_keeps_queued_messages_across_restarts()
    {
        var dataFolder = Path.Combine(Path.GetTempPath(), "cme-azurite-persist-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using (var first = await EmbeddedAzurite.StartAsync(dataFolder))
            {
                var queue = new QueueClient(first.ConnectionString, "survives");
                await queue.CreateIfNotExistsAsync();
                await queue.SendMessageAsync("still here");
            }

            await using var second = await EmbeddedAzurite.StartAsync(dataFolder);
            var reopened = new QueueClient(second.ConnectionString, "survives");
            Assert.Equal("still here", (await reopened.ReceiveMessageAsync()).Value.Body.ToString());
        }
        finally
        {
            Directory.Delete(dataFolder, recursive: true);
        }
    }

}
