using Cme.Application.Mailboxes;
using Cme.Application.Outbox;
using Cme.Core.Mail;
using Cme.Core.Profiles;
using Cme.Infrastructure.Configuration;
using Cme.Infrastructure.Mailboxes;
using Cme.Infrastructure.Outbox;
using Cme.Infrastructure.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cme.Infrastructure;

/// <summary>What a host adds to <see cref="InfrastructureServices.AddCme"/> for the storage it resolved, and for a run on one machine.</summary>
public static class LocalRunServices
{
    /// <summary>
    /// The storage the host or command resolved before building its services
    /// (<see cref="StorageConnection.ResolveAsync"/>: the configured account, the running local
    /// host's Azurite, or an embedded one), in place of reading <c>AzureWebJobsStorage</c> again.
    /// </summary>
    public static IServiceCollection AddCmeStorage(this IServiceCollection services, StorageConnection storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        services.Replace(ServiceDescriptor.Singleton(storage));
        return services.AddCmeStorage(storage.Endpoints);
    }

    /// <summary>Storage at these endpoints (an Azurite the caller started), in place of reading <c>AzureWebJobsStorage</c>.</summary>
    public static IServiceCollection AddCmeStorage(this IServiceCollection services, StorageEndpoints endpoints)
    {
        services.Replace(ServiceDescriptor.Singleton(endpoints));
        return services;
    }

    /// <summary>
    /// A run on one machine whatever the settings say: storage on the Azurite the caller started
    /// (the embedded one), email read from the folder mailbox and sent to the pickup folder, both
    /// under <c>Cme:DataFolder</c>. For the demo, the benchmarks and the tests.
    /// </summary>
    public static IServiceCollection AddCmeLocalRun(this IServiceCollection services, StorageEndpoints azurite)
    {
        services.AddCmeStorage(azurite);
        services.Replace(ServiceDescriptor.Singleton<IMailbox>(FolderMailbox));
        services.Replace(ServiceDescriptor.Singleton<INotificationDelivery>(PickupFolder));
        return services;
    }

    internal static FolderMailbox FolderMailbox(IServiceProvider provider) => new(
        provider.GetRequiredService<CmePaths>().MailboxFolder,
        provider.GetRequiredService<TimeProvider>(),
        provider.GetRequiredService<ILogger<FolderMailbox>>(),
        provider.GetRequiredService<IOptions<CmeOptions>>().Value.Mailbox.RequeueAfter);

    internal static PickupFolderDelivery PickupFolder(IServiceProvider provider) =>
        new(provider.GetRequiredService<CmePaths>().OutboxFolder, From(provider), provider.GetRequiredService<TimeProvider>());

    /// <summary>The outbox's From: <c>Cme:Outbox:From</c> when set (one that is not an address is refused at start, CmeOptionsValidator), else the profile's.</summary>
    internal static EmailAddress From(IServiceProvider provider) =>
        EmailAddress.TryParse(provider.GetRequiredService<IOptions<CmeOptions>>().Value.Outbox.From, out var address)
            ? address
            : provider.GetRequiredService<AuthorityProfile>().Notifications.From;
}
