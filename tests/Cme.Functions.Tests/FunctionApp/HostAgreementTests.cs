using System.Text.Json;
using Azure.Storage.Queues;
using Cme.Infrastructure.Configuration;
using Cme.Infrastructure.Queues;

namespace Cme.Functions.Tests.FunctionApp;

/// <summary>
/// The Function App (isolated worker) and the local runner (WebJobs SDK) run the same functions: a
/// function added, renamed or retimed in one host and not the other fails here.
/// </summary>
public sealed class HostAgreementTests
{
    [Fact]
    public void The_function_apps_functions_metadata_lists_the_local_runners_functions_with_the_same_triggers()
    {
        var runner = FunctionShape.OfLocalRunner();
        var app = FunctionShape.OfFunctionsMetadata(FunctionAppBuild.FunctionsMetadata);

        Assert.Equal(8, runner.Count);
        Assert.Empty(FunctionShape.Differences(runner, app.Where(function => function.Trigger != "httpTrigger").ToList()));
    }

    [Fact]
    public void The_function_apps_only_own_function_is_the_sendgrid_event_webhook_which_needs_a_public_endpoint()
    {
        var app = FunctionShape.OfFunctionsMetadata(FunctionAppBuild.FunctionsMetadata);

        Assert.Equal(["ReceiveSendGridEvents"], app.Where(function => function.Trigger == "httpTrigger").Select(function => function.Name));
    }

    [Fact]
    public void The_comparison_names_a_function_missing_from_either_host()
    {
        var runner = FunctionShape.OfLocalRunner();

        var differences = FunctionShape.Differences(runner, runner.Where(function => function.Name != "IngestEmail").ToList());
        Assert.Equal(["IngestEmail: in the local runner only"], differences);

        differences = FunctionShape.Differences(runner.Where(function => function.Name != "SweepDeadlines").ToList(), runner);
        Assert.Equal(["SweepDeadlines: in the Function App only"], differences);
    }

    [Fact]
    public void The_comparison_names_a_function_whose_trigger_queue_schedule_or_start_up_run_differs()
    {
        var runner = FunctionShape.OfLocalRunner();
        FunctionShape[] doctored =
        [
            .. runner.Where(function => function.Name is not ("IngestEmail" or "SendNotification" or "PollMailbox" or "SendWeeklyDigest")),
            runner.Single(function => function.Name == "IngestEmail") with { Queue = "inbound-mail-2" },
            runner.Single(function => function.Name == "SendNotification") with { Trigger = "timerTrigger" },
            runner.Single(function => function.Name == "PollMailbox") with { Schedule = "0 */5 * * * *" },
            runner.Single(function => function.Name == "SendWeeklyDigest") with { RunOnStartup = false },
        ];

        var differences = FunctionShape.Differences(runner, doctored);

        Assert.Equal(["IngestEmail", "PollMailbox", "SendNotification", "SendWeeklyDigest"], differences.Select(line => line.Split(':')[0]));
        Assert.Contains("inbound-mail-2", differences[0], StringComparison.Ordinal);
        Assert.Contains("0 */5 * * * *", differences[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Both_hosts_take_queue_messages_in_base64_as_the_product_enqueues_them_with_the_same_retry_settings()
    {
        Assert.Equal(QueueMessageEncoding.Base64, QueueEncoding.CreateClientOptions().MessageEncoding);
        var root = RepositoryLayout.FindRepositoryRoot()!;
        var runnerQueues = QueueSettings(Path.Combine(root, "host.json"));
        var appQueues = QueueSettings(Path.Combine(FunctionAppBuild.ProjectFolder, "host.json"));

        Assert.Equal("base64", appQueues["messageEncoding"]);
        appQueues.Remove("messageEncoding");
        Assert.Equal(runnerQueues.OrderBy(setting => setting.Key), appQueues.OrderBy(setting => setting.Key));
    }

    [Fact]
    public void The_function_apps_local_settings_run_isolated_on_azurite_with_the_local_runners_schedules()
    {
        var values = CmeConfiguration.ReadLocalSettings(Path.Combine(FunctionAppBuild.ProjectFolder, "local.settings.sample.json"));
        var hostJson = CmeConfiguration.ReadHostJson(Path.Combine(RepositoryLayout.FindRepositoryRoot()!, "host.json"));

        Assert.Equal("dotnet-isolated", values["FUNCTIONS_WORKER_RUNTIME"]);
        Assert.Equal("UseDevelopmentStorage=true", values["AzureWebJobsStorage"]);
        var schedules = hostJson.Where(setting => setting.Key.StartsWith("Cme:Schedules:", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.Equal(4, schedules.Count);
        foreach (var (key, value) in schedules)
        {
            Assert.True(values.TryGetValue(key, out var appValue), $"local.settings.sample.json has no {key}");
            Assert.Equal(value, appValue);
        }
    }

    private static Dictionary<string, string> QueueSettings(string hostJsonPath)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(hostJsonPath));
        return document.RootElement.GetProperty("extensions").GetProperty("queues").EnumerateObject()
            .ToDictionary(setting => setting.Name, setting => setting.Value.ToString(), StringComparer.Ordinal);
    }
}
