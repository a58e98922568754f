using Azure.Data.Tables;
using Azure.Storage.Queues;
using Cme.Application.Deadlines;
using Cme.Application.Digest;
using Cme.Application.Intake;
using Cme.Application.Mailboxes;
using Cme.Application.Notifications;
using Cme.Application.Outbox;
using Cme.Core.Mail;
using Cme.Core.Profiles;
using Cme.Infrastructure.Configuration;
using Cme.Infrastructure.Mailboxes;
using Cme.Infrastructure.Notifications;
using Cme.Infrastructure.Outbox;
using Cme.Infrastructure.Profiles;
using Cme.Infrastructure.Queues;
using Cme.Infrastructure.Storage;
using Cme.Application;
using Cme.Application.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cme.Infrastructure;

public static class InfrastructureServices
{
    /// <summary>
    /// The <c>Cme</c> settings, bound and validated the one way (on start in a host; on first use in
    /// the <c>cme</c> command), each problem named with its setting and what to type.
    /// </summary>
    public static IServiceCollection AddCmeOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CmeOptions>()
            .Bind(configuration.GetSection(CmeOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<CmeOptions>>(new CmeOptionsValidator(configuration));
        return services;
    }

    /// <summary>
    /// The application, assembled the same way for every host (the function host, the <c>cme</c>
    /// command, the tests): settings bound and validated on start, the use cases
    /// (<see cref="Cme.Application.ApplicationServices.AddCmeApplication"/>) and the adapters that
    /// implement their ports: storage on <c>AzureWebJobsStorage</c> (unless the caller registered
    /// the storage it resolved, <see cref="LocalRunServices.AddCmeStorage"/>), and the mailbox and
    /// outbox chosen by settings (unless <see cref="LocalRunServices.AddCmeLocalRun"/> chose them).
    /// </summary>
    public static IServiceCollection AddCme(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddCmeOptions(configuration);
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
        services.AddSendGridHttpClient();
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
        // Each adapter once, under its own type (the cme command and the tests read the stores
        // directly) and as the port the use cases ask for.
        services.AddSingleton(provider => ChildIndexSecrets(provider.GetRequiredService<IOptions<CmeOptions>>().Value, provider.GetRequiredService<CmePaths>(), configuration));
        services.AddPort<IMailQueues, MailQueues>();
        services.AddPort<ICaseStore, CaseStore>();
        services.AddPort<IChildIndex, ChildIndex>();
        services.AddPort<IEmailLedger, EmailLedger>();
        services.AddPort<ITriageStore, TriageStore>();
        services.AddPort<ICaseReferenceAllocator, CaseReferenceAllocator>();
        services.AddPort<IMailboxStateStore, TableMailboxStateStore>();
        services.AddPort<INotificationLedger, NotificationLedger>();
        services.AddPort<IDeadlineAgenda, DeadlineAgenda>();
        services.AddPort<IPolicyReviewRecords, TablePolicyReviewRecords>();
        services.AddSingleton<INotificationTemplates>(provider => provider.GetRequiredService<NotificationTemplates>());
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<CmeOptions>>().Value.Digest);
        services.AddSingleton(provider => new CommandSenderTrust(provider.GetRequiredService<IOptions<CmeOptions>>().Value.Commands.TrustedAuthServIdList));
        // The parser is the adapter behind the application's IEmailParser port.
        services.TryAddSingleton<Cme.Core.Intake.IEmailParser>(new Cme.Parsing.EmailParser());
        services.AddCmeApplication();

        services.TryAddSingleton<IMailbox>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<CmeOptions>>().Value;
            return options.Mailbox.Source switch
            {
                "Folder" => LocalRunServices.FolderMailbox(provider),
                "Graph" => CreateGraphMailbox(provider),
                var other => throw new ConfigurationException($"Cme:Mailbox:Source '{other}' is not known; use 'Folder' or 'Graph'."),
            };
        });
        services.TryAddSingleton<INotificationDelivery>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<CmeOptions>>().Value;
            return options.Outbox.Delivery switch
            {
                "Folder" => LocalRunServices.PickupFolder(provider),
                "SendGrid" => CreateSendGrid(provider, LocalRunServices.From(provider)),
                var other => throw new ConfigurationException($"Cme:Outbox:Delivery '{other}' is not known; use 'Folder' or 'SendGrid'."),
            };
        });

        // SendGrid's answer can be lost after a send: how long its events are awaited is a SendGrid setting.
        services.AddSingleton(provider => new UnconfirmedDeliveries(
            provider.GetRequiredService<INotificationLedger>(),
            provider.GetRequiredService<IMailQueues>(),
            provider.GetRequiredService<IOptions<SendGridOptions>>().Value.UnconfirmedResendAfter,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<UnconfirmedDeliveries>>()));
        services.AddSingleton(provider => new SendGridEventWebhook(
            provider.GetRequiredService<INotificationLedger>(),
            provider.GetRequiredService<CaseChanges>(),
            provider.GetRequiredService<IOptions<SendGridOptions>>().Value,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<SendGridEventWebhook>>()));
        return services;
    }

    private static void AddPort<TPort, TAdapter>(this IServiceCollection services)
        where TPort : class
        where TAdapter : class, TPort
    {
        services.AddSingleton<TAdapter>();
        services.AddSingleton<TPort>(provider => provider.GetRequiredService<TAdapter>());
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
            provider.GetRequiredService<IHttpClientFactory>(),
            provider.GetRequiredService<IOptions<SendGridOptions>>().Value,
            from,
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
