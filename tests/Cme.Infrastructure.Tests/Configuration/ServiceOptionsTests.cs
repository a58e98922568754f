using Cme.Application.Outbox;
using Cme.Infrastructure.Configuration;
using Cme.Infrastructure.Mailboxes;
using Cme.Infrastructure.Outbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cme.Infrastructure.Tests.Configuration;

/// <summary>
/// The Graph mailbox and SendGrid settings are bound and validated the way <see cref="CmeOptions"/> is:
/// through the options pipeline, checked on start, each message naming the setting and what to set,
/// and checked only when that mailbox or delivery is the one configured.
/// </summary>
public sealed class ServiceOptionsTests
{
    [Fact]
    public void The_documented_defaults_are_bound_when_nothing_is_set()
    {
        using var provider = Services();

        var graph = provider.GetRequiredService<IOptions<GraphMailboxOptions>>().Value;
        var sendGrid = provider.GetRequiredService<IOptions<SendGridOptions>>().Value;

        Assert.Equal("https://graph.microsoft.com/v1.0", graph.BaseUrl);
        Assert.Equal("CME processed", graph.ProcessedFolder);
        Assert.Equal("CME failed", graph.FailedFolder);
        Assert.Equal(5, graph.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(60), graph.MaxRetryAfter);
        Assert.Equal("https://api.sendgrid.com", sendGrid.BaseUrl);
        Assert.Equal(5, sendGrid.MaxAttempts);
        Assert.False(sendGrid.SandboxMode);
        Assert.Equal(TimeSpan.FromSeconds(60), sendGrid.MaxRetryAfter);
    }

    [Fact]
    public void Settings_are_read_from_their_sections()
    {
        using var provider = Services(
            ("Cme:Mailbox:Graph:ProcessedFolder", "Done"),
            ("Cme:Mailbox:Graph:MaxAttempts", "3"),
            ("Cme:Outbox:SendGrid:SandboxMode", "true"),
            ("Cme:Outbox:SendGrid:MaxRetryAfter", "00:00:10"));

        Assert.Equal("Done", provider.GetRequiredService<IOptions<GraphMailboxOptions>>().Value.ProcessedFolder);
        Assert.Equal(3, provider.GetRequiredService<IOptions<GraphMailboxOptions>>().Value.MaxAttempts);
        Assert.True(provider.GetRequiredService<IOptions<SendGridOptions>>().Value.SandboxMode);
        Assert.Equal(TimeSpan.FromSeconds(10), provider.GetRequiredService<IOptions<SendGridOptions>>().Value.MaxRetryAfter);
    }

    [Fact]
    public void A_client_secret_without_its_tenant_and_client_id_stops_the_start_naming_both()
    {
        using var provider = Services(("Cme:Mailbox:Source", "Graph"), ("Cme:Mailbox:Graph:ClientSecret", "not-a-real-secret"));

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Cme:Mailbox:Graph:TenantId is required with a client secret: set it to the directory (tenant) id of the app registration.", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Cme:Mailbox:Graph:ClientId is required with a client secret: set it to the app registration's application (client) id.", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-a-real-secret", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_graph_mailbox_or_address_that_is_not_one_stops_the_start_saying_what_to_set()
    {
        using var provider = Services(("Cme:Mailbox:Source", "Graph"), ("Cme:Mailbox:Graph:Mailbox", "cme at council"), ("Cme:Mailbox:Graph:BaseUrl", "graph.local"));

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Cme:Mailbox:Graph:Mailbox 'cme at council' is not an email address: set it to the CME mailbox, or leave it empty to use the profile's.", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Cme:Mailbox:Graph:BaseUrl 'graph.local' is not an absolute URL; leave it empty for https://graph.microsoft.com/v1.0.", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SendGrid_without_its_api_key_or_with_no_attempts_stops_the_start_saying_what_to_set()
    {
        using var provider = Services(("Cme:Outbox:Delivery", "SendGrid"), ("Cme:Outbox:SendGrid:MaxAttempts", "0"), ("Cme:Outbox:SendGrid:BaseUrl", "sendgrid"));

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Cme:Outbox:SendGrid:ApiKey is not set, and Cme:Outbox:Delivery is 'SendGrid'. Set it to a SendGrid API key", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Cme:Outbox:SendGrid:BaseUrl 'sendgrid' is not an absolute URL; leave it empty for https://api.sendgrid.com.", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Cme:Outbox:SendGrid:MaxAttempts is 0; it must be 1 or more (default 5).", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_SendGrid_event_webhook_key_that_is_not_one_stops_the_start_saying_what_to_paste()
    {
        using var provider = Services(("Cme:Outbox:Delivery", "SendGrid"), ("Cme:Outbox:SendGrid:ApiKey", "SG.test-key"), ("Cme:Outbox:SendGrid:EventWebhookPublicKey", "not a key"));

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Cme:Outbox:SendGrid:EventWebhookPublicKey is not an ECDSA public key. Paste the verification key SendGrid shows", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_SendGrid_delivery_on_the_SDK_and_the_event_webhook_resolve_from_the_container()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        using var provider = Services(
            ("AzureWebJobsStorage", "UseDevelopmentStorage=true"),
            ("Cme:Outbox:Delivery", "SendGrid"),
            ("Cme:Outbox:From", "cme-noreply@example.org"),
            ("Cme:Outbox:SendGrid:ApiKey", "SG.test-key"),
            ("Cme:Outbox:SendGrid:EventWebhookPublicKey", Convert.ToBase64String(key.ExportSubjectPublicKeyInfo())));

        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.IsType<SendGridDelivery>(provider.GetRequiredService<INotificationDelivery>());
        Assert.NotNull(provider.GetRequiredService<SendGridEventWebhook>());
        Assert.NotNull(provider.GetRequiredService<NotificationSender>());
    }

    [Fact]
    public void A_sender_that_is_not_an_address_stops_the_start_saying_what_to_set()
    {
        using var provider = Services(("Cme:Outbox:From", "CME team"));

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Cme:Outbox:From 'CME team' is not an email address. Set it to the address notifications are sent from, e.g. cme-noreply@example.org, or leave it empty to use the profile's.", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Graph_and_SendGrid_settings_are_not_checked_when_the_folder_mailbox_and_outbox_are_used()
    {
        using var provider = Services(("Cme:Mailbox:Graph:ClientSecret", "not-a-real-secret"), ("Cme:Outbox:SendGrid:MaxAttempts", "0"));

        provider.GetRequiredService<IStartupValidator>().Validate();
    }

    private static ServiceProvider Services(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddCme(configuration, Directory.GetCurrentDirectory());
        return services.BuildServiceProvider();
    }
}
