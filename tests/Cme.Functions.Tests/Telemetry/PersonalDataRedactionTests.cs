using Cme.LocalRunner.Telemetry;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;

namespace Cme.Functions.Tests.Telemetry;

public sealed class PersonalDataRedactionTests
{
    [Theory]
    [InlineData("Postcode")]
    [InlineData("postcode")]
    [InlineData("DateOfBirth")]
    [InlineData("date_of_birth")]
    [InlineData("Upn")]
    [InlineData("child.surname")] // a dotted attribute name: its last segment counts
    [InlineData("Address")]
    [InlineData("Name")]
    public void IsPersonal_NamesOfAChildsDetails_AreRedacted(string attribute)
    {
        Assert.True(PersonalDataRedaction.IsPersonal(attribute));
    }

    [Theory]
    [InlineData("Case")] // case references are what logs carry
    [InlineData("EmailKey")] // a hash
    [InlineData("Queue")]
    [InlineData("faas.name")] // the function's name, not a person's
    [InlineData("QueueName")]
    public void IsPersonal_TheProductsOwnLogFields_AreNot(string attribute)
    {
        Assert.False(PersonalDataRedaction.IsPersonal(attribute));
    }

    [Fact]
    public void LogProcessor_AMessageCarryingAPostcode_IsExportedAsItsTemplateWithTheValueRedacted()
    {
        var exported = new List<LogRecord>();
        using (var loggers = LoggerFactory.Create(logging => logging.AddOpenTelemetry(options =>
        {
            options.IncludeFormattedMessage = true;
            options.AddProcessor(new PersonalDataRedaction.LogProcessor());
            options.AddInMemoryExporter(exported);
        })))
        {
            loggers.CreateLogger("test").LogWarning("Case {Case} is for a child at {Postcode}", "CME-2026-00001", "AB1 2CD");
        }

        var record = Assert.Single(exported);
        Assert.Equal("Case {Case} is for a child at {Postcode}", record.FormattedMessage);
        Assert.Contains(record.Attributes!, attribute => attribute.Key == "Postcode" && Equals(attribute.Value, PersonalDataRedaction.Redacted));
        Assert.Contains(record.Attributes!, attribute => attribute.Key == "Case" && Equals(attribute.Value, "CME-2026-00001"));
        Assert.DoesNotContain(record.Attributes!, attribute => Equals(attribute.Value, "AB1 2CD"));
    }

    [Fact]
    public void LogProcessor_AnOrdinaryMessage_IsExportedFormatted()
    {
        var exported = new List<LogRecord>();
        using (var loggers = LoggerFactory.Create(logging => logging.AddOpenTelemetry(options =>
        {
            options.IncludeFormattedMessage = true;
            options.AddProcessor(new PersonalDataRedaction.LogProcessor());
            options.AddInMemoryExporter(exported);
        })))
        {
            loggers.CreateLogger("test").LogInformation("Opened case {Case} from an email of kind {Kind}, area {Area}", "CME-2026-00001", "referral", "west");
        }

        Assert.Equal("Opened case CME-2026-00001 from an email of kind referral, area west", Assert.Single(exported).FormattedMessage);
    }

    [Theory]
    [InlineData( // a table query by the child index's hashed key
        "http://127.0.0.1:10002/devstoreaccount1/childindex()?$format=application%2Fjson&$filter=PartitionKey%20eq%20%276936cabc%27",
        "http://127.0.0.1:10002/devstoreaccount1/childindex()?[redacted]")]
    [InlineData( // a point read names both keys in the path
        "https://cme.table.core.windows.net/childindex(PartitionKey='6936cabc',RowKey='opening%7C6936cabc')",
        "https://cme.table.core.windows.net/childindex([redacted])")]
    [InlineData( // nothing to take out
        "https://cme.queue.core.windows.net/notifications/messages",
        "https://cme.queue.core.windows.net/notifications/messages")]
    public void WithoutStorageKeys_TakesTheKeysOutOfARequestUrl(string url, string exported)
    {
        Assert.Equal(exported, PersonalDataRedaction.WithoutStorageKeys(url));
    }

    [Fact]
    public void ActivityProcessor_ASpansRequestUrl_IsExportedWithoutTheStorageKeys()
    {
        using var activity = new System.Diagnostics.Activity("GET");
        activity.SetTag("url.full", "https://cme.table.core.windows.net/childindex()?$filter=PartitionKey%20eq%20%276936cabc%27");
        activity.SetTag("server.address", "cme.table.core.windows.net");

        new PersonalDataRedaction.ActivityProcessor().OnEnd(activity);

        Assert.Equal("https://cme.table.core.windows.net/childindex()?[redacted]", activity.GetTagItem("url.full"));
        Assert.Equal("cme.table.core.windows.net", activity.GetTagItem("server.address"));
    }
}
