using Azure.Data.Tables;
using Azure.Storage.Queues;
using Cme.Core.Mail;
using Cme.Core.Profiles;
using Cme.Infrastructure.Profiles;
using Cme.Infrastructure.Configuration;
using Cme.Infrastructure.Deadlines;
using Cme.Infrastructure.Digest;
using Cme.Infrastructure.Intake;
using Cme.Infrastructure.Notifications;
using Cme.Infrastructure.Mailboxes;
using Cme.Infrastructure.Outbox;
using Cme.Infrastructure.Queues;
using Cme.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cme.Infrastructure;

public static class InfrastructureServices
{
    /// <summary>
    /// The adapters: storage clients and stores on <c>AzureWebJobsStorage</c>, the mailbox and the
    /// outbox chosen by settings, and the services that move email through them.
    /// </summary>
    public static IServiceCollection AddCmeInfrastructure(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddOptions<CmeOptions>()
            .Bind(configuration.GetSection(CmeOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<CmeOptions>>(new CmeOptionsValidator(configuration));
        services.AddOptions<GraphMailboxOptions>()
            .Bind(configuration.GetSection(GraphMailboxOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<GraphMailboxOptions>>(new GraphMailboxOptionsValidator(configuration));
        // Each attempt's time-out; GraphMailbox puts the SDK's handlers and its retries in front of this client.
        services.AddHttpClient(GraphMailbox.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(100));
        services.AddOptions<SendGridOptions>()
            .Bind(configuration.GetSection(SendGridOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SendGridOptions>>(new SendGridOptionsValidator(configuration));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(provider => CmePaths.From(provider.GetRequiredService<IOptions<CmeOptions>>().Value, contentRoot));

        services.AddSingleton(provider => ProfileStore.From(provider.GetRequiredService<IOptions<CmeOptions>>().Value));
        services.AddSingleton(provider => provider.GetRequiredService<ProfileStore>().Load(provider.GetRequiredService<IOptions<CmeOptions>>().Value.Profile));
        services.AddSingleton(provider => NotificationTemplates.Load(
            provider.GetRequiredService<ProfileStore>().Folder,
            provider.GetRequiredService<AuthorityProfile>().Key));

        // The host and the cme command register the storage they resolved (which may be the
        // embedded Azurite); anything else reads the configured account.
        services.TryAddSingleton(_ => ConfiguredStorage(configuration));
        services.AddSingleton(provider => provider.GetRequiredService<StorageEndpoints>().CreateTableServiceClient());
        services.AddSingleton(provider => provider.GetRequiredService<StorageEndpoints>().CreateQueueServiceClient());
        services.AddSingleton<MailQueues>();
        services.AddSingleton<CaseStore>();
        services.AddSingleton(provider => ChildIndexSecrets(provider.GetRequiredService<IOptions<CmeOptions>>().Value, provider.GetRequiredService<CmePaths>(), configuration));
        services.AddSingleton<ChildIndex>();
        services.AddSingleton<EmailLedger>();
        services.AddSingleton<TriageStore>();
        services.AddSingleton<CaseReferenceAllocator>();
        services.AddSingleton<ICaseActivityLog, CaseActivityLog>();
        services.AddSingleton<IMailboxStateStore, TableMailboxStateStore>();
        services.AddSingleton<NotificationLedger>();
        services.AddSingleton<NotificationOutbox>();
        services.AddSingleton<DeadlineAgenda>();
        services.AddSingleton<CaseChanges>();
        services.AddSingleton<PolicyReviews>();
        services.AddSingleton<DeadlineSweep>();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<CmeOptions>>().Value.Digest);
        services.AddSingleton<WeeklyDigestService>();

        services.AddSingleton<IMailbox>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<CmeOptions>>().Value;
            return options.Mailbox.Source switch
            {
                "Folder" => new FolderMailbox(provider.GetRequiredService<CmePaths>().MailboxFolder, provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<FolderMailbox>>(), options.Mailbox.RequeueAfter),
                "Graph" => CreateGraphMailbox(provider),
                var other => throw new ConfigurationException($"Cme:Mailbox:Source '{other}' is not known; use 'Folder' or 'Graph'."),
            };
        });
        services.AddSingleton<INotificationDelivery>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<CmeOptions>>().Value;
            // A From that is not an address is refused at start (CmeOptionsValidator).
            var from = EmailAddress.TryParse(options.Outbox.From, out var address)
                ? address
                : provider.GetRequiredService<AuthorityProfile>().Notifications.From;
            return options.Outbox.Delivery switch
            {
                "Folder" => new PickupFolderDelivery(provider.GetRequiredService<CmePaths>().OutboxFolder, from, provider.GetRequiredService<TimeProvider>()),
                "SendGrid" => CreateSendGrid(provider, from),
                var other => throw new ConfigurationException($"Cme:Outbox:Delivery '{other}' is not known; use 'Folder' or 'SendGrid'."),
            };
        });

        services.AddSingleton<MailboxPoller>();
        services.AddSingleton<NotificationSender>();
        services.AddSingleton(provider => new CommandSenderTrust(provider.GetRequiredService<IOptions<CmeOptions>>().Value.Commands.TrustedAuthServIdList));
        services.AddSingleton<EmailIngestion>();
        services.AddSingleton<FailedMessages>();
        services.AddSingleton<TriageRetry>();
        services.AddSingleton<MailboxReconciliation>();
        return services;
    }

    /// <summary>
    /// The child index's secret: <c>Cme:ChildIndex:Key</c> when set; otherwise, for a local run, the
    /// key file in the data folder (generated on first use). Storage reached with a managed identity
    /// is the Azure deployment, whose instances share no disk: there the setting is required.
    /// </summary>
    private static ChildIndexSecret ChildIndexSecrets(CmeOptions options, CmePaths paths, IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(options.ChildIndex.Key))
        {
            return ChildIndexSecret.FromBase64(options.ChildIndex.Key);
        }

        if (StorageSettings.Read(configuration) is StorageSettings.ManagedIdentity)
        {
            throw new ConfigurationException(CmeOptionsValidator.ChildIndexKeyMissing);
        }

        return ChildIndexSecret.LoadOrCreate(paths.DataFolder);
    }

    private static SendGridDelivery CreateSendGrid(IServiceProvider provider, EmailAddress from) =>
        new(
            new HttpClient { Timeout = TimeSpan.FromSeconds(100) },
            provider.GetRequiredService<IOptions<SendGridOptions>>().Value,
            from,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<SendGridDelivery>>());

    private static GraphMailbox CreateGraphMailbox(IServiceProvider provider)
    {
        var options = provider.GetRequiredService<IOptions<GraphMailboxOptions>>().Value;
        var mailbox = string.IsNullOrWhiteSpace(options.Mailbox) ? provider.GetRequiredService<AuthorityProfile>().Mailbox.Value : options.Mailbox;
        // A client secret comes with its tenant and client id (GraphMailboxOptionsValidator); without one, the managed identity.
        Azure.Core.TokenCredential credential = string.IsNullOrWhiteSpace(options.ClientSecret)
            ? new Azure.Identity.ManagedIdentityCredential(string.IsNullOrWhiteSpace(options.ClientId) ? Azure.Identity.ManagedIdentityId.SystemAssigned : Azure.Identity.ManagedIdentityId.FromUserAssignedClientId(options.ClientId))
            : new Azure.Identity.ClientSecretCredential(options.TenantId, options.ClientId, options.ClientSecret);
        return new GraphMailbox(
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(GraphMailbox.HttpClientName),
            options,
            mailbox,
            credential,
            provider.GetRequiredService<IMailboxStateStore>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<GraphMailbox>>());
    }

    private static StorageEndpoints ConfiguredStorage(IConfiguration configuration) => StorageSettings.Read(configuration) switch
    {
        StorageSettings.ConnectionString connection => StorageConnection.Configured(connection.Value).Endpoints,
        StorageSettings.ManagedIdentity identity => StorageEndpoints.FromManagedIdentity(identity),
        _ => throw new ConfigurationException(
            $"No storage is configured: set {StorageSettings.Setting} to a connection string, or {StorageSettings.Name(StorageSettings.AccountNameKey)} to the storage account's name for a managed identity."),
    };
}
