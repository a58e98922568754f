using Cme.Testing;

namespace Cme.Functions.Tests;

[Collection(HostCollection.Name)]
public sealed class FunctionHostTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task A_message_put_on_a_queue_is_consumed_exactly_once_by_its_queue_trigger()
    {
        await using var host = await ProbeHost.StartAsync(azurite, hostJson => hostJson["extensions"]!["queues"]!["visibilityTimeout"] = "00:00:01");
        var queue = azurite.Queue(host.EchoQueue);

        await queue.SendMessageAsync("referral 1");

        Assert.True(await Eventually.TrueWithinAsync(Bound, () => host.Log.Count("echo") >= 1), "the queue trigger never ran");
        // Longer than the visibility timeout and several polling intervals: a redelivery would show by now.
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.Equal(["referral 1"], host.Log.Payloads("echo"));
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Theory]
    [InlineData(2)] // below the repository's default: proves host.json is read, not the SDK's default of 5
    [InlineData(4)] // a second value, so the count cannot be a coincidence
    public async Task A_message_that_always_fails_is_tried_max_dequeue_count_times_from_host_json_then_lands_in_the_poison_queue(int maxDequeueCount)
    {
        await using var host = await ProbeHost.StartAsync(azurite, hostJson =>
        {
            hostJson["extensions"]!["queues"]!["maxDequeueCount"] = maxDequeueCount;
            hostJson["extensions"]!["queues"]!["visibilityTimeout"] = "00:00:00";
        });
        var poison = azurite.Queue(host.FailingQueue + "-poison");

        await azurite.Queue(host.FailingQueue).SendMessageAsync("unreadable email");

        Assert.True(
            await Eventually.TrueWithinAsync(Bound, async () => await poison.ExistsAsync() && (await poison.PeekMessagesAsync(1)).Value.Length == 1),
            "the failing message never reached the poison queue");
        var poisoned = (await poison.PeekMessagesAsync(1)).Value.Single();
        Assert.Equal("unreadable email", poisoned.Body.ToString());
        Assert.Equal(maxDequeueCount, host.Log.Count("fails"));
        Assert.Equal(0, (await azurite.Queue(host.FailingQueue).GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task A_timer_trigger_fires_on_the_schedule_given_in_host_json()
    {
        await using var host = await ProbeHost.StartAsync(azurite, hostJson => hostJson["cme"]!["schedules"]!["probe"] = "*/2 * * * * *", typeof(ProbeTimerFunctions));

        Assert.True(await Eventually.TrueWithinAsync(Bound, () => host.Log.Count("timer") >= 2), "the timer did not fire twice");
    }
}
