using Cme.Infrastructure.Configuration;
using Microsoft.Extensions.Configuration;

namespace Cme.Infrastructure.Tests.Configuration;

public sealed class ProductionSettingsTests
{
    [Fact]
    public void Validate_LocalDefaults_NeedNothingMore()
    {
        ProductionSettings.Validate(Settings());
    }

    [Fact]
    public void Validate_SendGridWithoutKeyOrSender_NamesBothAndWhatToSet()
    {
        var error = Assert.Throws<ConfigurationException>(() => ProductionSettings.Validate(Settings(("Cme:Outbox:Delivery", "SendGrid"))));

        Assert.StartsWith("Cme:Outbox:Delivery is SendGrid, so these settings are required:", error.Message, StringComparison.Ordinal);
        Assert.Contains("Cme:Outbox:SendGrid:ApiKey (environment: Cme__Outbox__SendGrid__ApiKey) is not set: set it to a SendGrid API key with the Mail Send permission only", error.Message, StringComparison.Ordinal);
        Assert.Contains("Cme:Outbox:From (environment: Cme__Outbox__From) is not set: set it to the sender address verified in SendGrid", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SendGridWithKeyAndSender_Passes()
    {
        ProductionSettings.Validate(Settings(("Cme:Outbox:Delivery", "SendGrid"), ("Cme:Outbox:SendGrid:ApiKey", "SG.test"), ("Cme:Outbox:From", "cme-noreply@example.org")));
    }

    [Fact]
    public void Validate_GraphWithoutMailbox_NamesTheMailboxSetting()
    {
        var error = Assert.Throws<ConfigurationException>(() => ProductionSettings.Validate(Settings(("Cme:Mailbox:Source", "graph"))));

        Assert.StartsWith("Cme:Mailbox:Source is Graph, so this setting is required: Cme:Mailbox:Graph:Mailbox (environment: Cme__Mailbox__Graph__Mailbox) is not set", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SendGrid", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BothProductionChoices_ListsEverythingMissingAtOnce()
    {
        var error = Assert.Throws<ConfigurationException>(() => ProductionSettings.Validate(Settings(
            ("Cme:Mailbox:Source", "Graph"), ("Cme:Outbox:Delivery", "SendGrid"), ("Cme:Outbox:From", "cme-noreply@example.org"))));

        Assert.StartsWith("Cme:Mailbox:Source is Graph and Cme:Outbox:Delivery is SendGrid, so these settings are required:", error.Message, StringComparison.Ordinal);
        Assert.Contains("Cme:Mailbox:Graph:Mailbox", error.Message, StringComparison.Ordinal);
        Assert.Contains("Cme:Outbox:SendGrid:ApiKey", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Cme:Outbox:From ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ASecretSetOnlyAsWhitespace_CountsAsMissing()
    {
        Assert.Throws<ConfigurationException>(() => ProductionSettings.Validate(Settings(
            ("Cme:Outbox:Delivery", "SendGrid"), ("Cme:Outbox:SendGrid:ApiKey", "  "), ("Cme:Outbox:From", "cme-noreply@example.org"))));
    }

    [Theory]
    [InlineData("Cme__Outbox__SendGrid__ApiKey")] // as an environment variable names it
    [InlineData("Cme:Mailbox:Graph:ClientSecret")]
    [InlineData("AzureWebJobsStorage")] // a connection string carries the account key
    public void IsSecret_SecretSettings_AreSecrets(string key)
    {
        Assert.True(ProductionSettings.IsSecret(key));
    }

    [Fact]
    public void IsSecret_TheSenderAddress_IsNot()
    {
        Assert.False(ProductionSettings.IsSecret("Cme:Outbox:From"));
    }

    private static IConfiguration Settings(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
}
