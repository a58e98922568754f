using Cme.Functions.Telemetry;
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
}
