using Cme.Infrastructure.Configuration;
using Microsoft.Extensions.Configuration;

namespace Cme.Infrastructure.Tests.Configuration;

public sealed class CmeConfigurationTests : IDisposable
{
    private readonly string _contentRoot = Directory.CreateTempSubdirectory("cme-config-").FullName;

    public void Dispose() => Directory.Delete(_contentRoot, recursive: true);

    [Fact]
    public void Host_json_queue_settings_land_where_the_webjobs_sdk_reads_them()
    {
        WriteHostJson("""{ "version": "2.0", "extensions": { "queues": { "maxDequeueCount": 7 } } }""");

        var configuration = Build();

        Assert.Equal("7", configuration.GetSection("AzureWebJobs:extensions:queues")["maxDequeueCount"]);
    }

    [Fact]
    public void Host_json_timer_schedules_are_product_settings_under_Cme()
    {
        WriteHostJson("""{ "version": "2.0", "cme": { "schedules": { "mailboxPoll": "0 */5 * * * *" } } }""");

        Assert.Equal("0 */5 * * * *", Build()["Cme:Schedules:MailboxPoll"]);
    }

    [Fact]
    public void Local_settings_values_override_host_json_and_a_double_underscore_separates_sections()
    {
        WriteHostJson("""{ "version": "2.0", "cme": { "schedules": { "mailboxPoll": "0 */5 * * * *" } } }""");
        File.WriteAllText(Path.Combine(_contentRoot, "local.settings.json"), """
            {
              "IsEncrypted": false,
              "Values": {
                "AzureWebJobsStorage": "UseDevelopmentStorage=true",
                "Cme__Schedules__MailboxPoll": "0 */2 * * * *",
                "Cme:Profile": "havering"
              }
            }
            """);

        var configuration = Build();

        Assert.Equal("0 */2 * * * *", configuration["Cme:Schedules:MailboxPoll"]);
        Assert.Equal("havering", configuration["Cme:Profile"]);
        Assert.Equal("UseDevelopmentStorage=true", configuration["AzureWebJobsStorage"]);
    }

    [Fact]
    public void Command_line_arguments_override_local_settings()
    {
        WriteHostJson("""{ "version": "2.0" }""");
        File.WriteAllText(Path.Combine(_contentRoot, "local.settings.json"), """{ "Values": { "Cme:Profile": "havering" } }""");

        var configuration = new ConfigurationBuilder().AddCmeSources(_contentRoot, ["--Cme:Profile=hertfordshire"]).Build();

        Assert.Equal("hertfordshire", configuration["Cme:Profile"]);
    }

    [Fact]
    public void A_malformed_local_settings_file_is_an_error_naming_the_file_and_the_fix()
    {
        WriteHostJson("""{ "version": "2.0" }""");
        var path = Path.Combine(_contentRoot, "local.settings.json");
        File.WriteAllText(path, "{ \"Values\": { \"Cme:Profile\": \"havering\" \n");

        var error = Assert.Throws<ConfigurationException>(Build);

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("local.settings.sample.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_host_json_is_an_error_naming_the_file()
    {
        var error = Assert.Throws<ConfigurationException>(Build);

        Assert.Contains(Path.Combine(_contentRoot, "host.json"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_repository_host_json_sets_every_queue_setting_the_issue_names()
    {
        var root = RepositoryLayout.FindRepositoryRoot()!;
        var queues = new ConfigurationBuilder().AddCmeSources(root).Build().GetSection("AzureWebJobs:extensions:queues");

        foreach (var setting in new[] { "batchSize", "maxDequeueCount", "visibilityTimeout", "maxPollingInterval" })
        {
            Assert.False(string.IsNullOrEmpty(queues[setting]), $"host.json has no extensions.queues.{setting}");
        }
    }

    private IConfigurationRoot Build() => new ConfigurationBuilder().AddCmeSources(_contentRoot).Build();

    private void WriteHostJson(string json) => File.WriteAllText(Path.Combine(_contentRoot, "host.json"), json);
}
