using Cme.Infrastructure.Storage;
using Microsoft.Azure.WebJobs;
using Microsoft.Azure.WebJobs.Extensions.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using LegacyBlob = Microsoft.WindowsAzure.Storage.Blob;
using LegacyStorage = Microsoft.Azure.Storage;

namespace Cme.LocalRunner.Storage;

/// <summary>
/// Points the WebJobs SDK's own storage at the product's storage account.
/// <para>
/// With a connection string there is nothing to do: the SDK reads <c>AzureWebJobsStorage</c>.
/// With a managed identity there is no connection string, and the SDK's storage packages (the
/// storage extension 4.0.2 on Microsoft.Azure.Storage 11, and the host's locks on
/// WindowsAzure.Storage 9.3) accept only connection strings in their defaults. Both legacy SDKs do
/// accept a bearer token, so the two services that hand their clients out are replaced:
/// </para>
/// <list type="bullet">
/// <item><see cref="StorageAccountProvider"/>, which the queue trigger asks for its queues;</item>
/// <item><see cref="DistributedLockManagerContainerProvider"/>, whose container holds the blob
/// leases that keep each timer to one replica and the timers' schedule status.</item>
/// </list>
/// The tokens are the managed identity's, for https://storage.azure.com, kept fresh by
/// <see cref="StorageTokenRenewal"/>.
/// </summary>
public static class WebJobsStorage
{
    /// <summary>The container the WebJobs host keeps its locks and timer status in.</summary>
    public const string HostContainer = "azure-webjobs-hosts";

    public static IServiceCollection AddWebJobsStorage(this IServiceCollection services, StorageEndpoints endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.Credential is null)
        {
            return services;
        }

        services.AddSingleton(provider => new IdentityStorage(endpoints, provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILoggerFactory>()));
        services.Replace(ServiceDescriptor.Singleton<StorageAccountProvider>(provider => new IdentityStorageAccountProvider(
            provider.GetRequiredService<IConfiguration>(),
            provider.GetRequiredService<IDelegatingHandlerProvider>(),
            provider.GetRequiredService<IdentityStorage>())));
        services.Replace(ServiceDescriptor.Singleton(provider => new DistributedLockManagerContainerProvider
        {
            InternalContainer = provider.GetRequiredService<IdentityStorage>().HostContainer,
        }));
        return services;
    }
}

/// <summary>
/// The legacy SDKs' views of the account, built once from the service URLs and a renewing bearer
/// token. Disposing stops the renewals.
/// </summary>
internal sealed class IdentityStorage : IDisposable
{
    private readonly StorageEndpoints _endpoints;
    private readonly StorageTokenRenewal _renewal;
    private readonly Lazy<(LegacyStorage.CloudStorageAccount Account, LegacyStorage.Auth.TokenCredential Token)> _account;
    private readonly Lazy<(LegacyBlob.CloudBlobContainer Container, Microsoft.WindowsAzure.Storage.Auth.TokenCredential Token)> _hostContainer;

    public IdentityStorage(StorageEndpoints endpoints, TimeProvider time, ILoggerFactory loggers)
    {
        _endpoints = endpoints;
        _renewal = new StorageTokenRenewal(endpoints.Credential!, time, loggers.CreateLogger<StorageTokenRenewal>());
        _account = new(CreateAccount);
        _hostContainer = new(CreateHostContainer);
    }

    /// <summary>The account for the queue trigger (Microsoft.Azure.Storage 11).</summary>
    public LegacyStorage.CloudStorageAccount Account => _account.Value.Account;

    /// <summary>The host's lock and timer-status container (WindowsAzure.Storage 9).</summary>
    public LegacyBlob.CloudBlobContainer HostContainer => _hostContainer.Value.Container;

    /// <summary>The account's name, for the SDK's descriptors and logs.</summary>
    public string AccountName => _endpoints.AccountName!;

    public void Dispose()
    {
        if (_account.IsValueCreated)
        {
            _account.Value.Token.Dispose();
        }

        if (_hostContainer.IsValueCreated)
        {
            _hostContainer.Value.Token.Dispose();
        }
    }

    private (LegacyStorage.CloudStorageAccount, LegacyStorage.Auth.TokenCredential) CreateAccount()
    {
        var first = _renewal.Current();
        var token = new LegacyStorage.Auth.TokenCredential(
            first.Token,
            async (_, cancellationToken) =>
            {
                var next = await _renewal.RenewAsync(cancellationToken).ConfigureAwait(false);
                return new LegacyStorage.Auth.NewTokenAndFrequency(next.Token, next.RenewAfter);
            },
            state: null,
            first.RenewAfter);
        var account = new LegacyStorage.CloudStorageAccount(
            new LegacyStorage.Auth.StorageCredentials(token),
            _endpoints.BlobServiceUri,
            _endpoints.QueueServiceUri,
            tableEndpoint: null,
            fileEndpoint: null);
        return (account, token);
    }

    private (LegacyBlob.CloudBlobContainer, Microsoft.WindowsAzure.Storage.Auth.TokenCredential) CreateHostContainer()
    {
        var first = _renewal.Current();
        var token = new Microsoft.WindowsAzure.Storage.Auth.TokenCredential(
            first.Token,
            async (_, cancellationToken) =>
            {
                var next = await _renewal.RenewAsync(cancellationToken).ConfigureAwait(false);
                return new Microsoft.WindowsAzure.Storage.Auth.NewTokenAndFrequency(next.Token, next.RenewAfter);
            },
            state: null,
            first.RenewAfter);
        var container = new LegacyBlob.CloudBlobContainer(
            new Uri(_endpoints.BlobServiceUri!.AbsoluteUri.TrimEnd('/') + "/" + WebJobsStorage.HostContainer),
            new Microsoft.WindowsAzure.Storage.Auth.StorageCredentials(token));
        return (container, token);
    }
}

/// <summary>
/// Hands the queue trigger the identity-based account for the host's own storage connection
/// (a trigger with no <c>Connection</c>, or one naming <c>AzureWebJobsStorage</c>); any other
/// named connection is still read from its connection string by the SDK.
/// </summary>
internal sealed class IdentityStorageAccountProvider(IConfiguration configuration, IDelegatingHandlerProvider handlers, IdentityStorage storage)
    : StorageAccountProvider(configuration, handlers)
{
    private readonly Lazy<StorageAccount> _account = new(() => new IdentityStorageAccount(storage, handlers));

    public override StorageAccount Get(string name) =>
        string.IsNullOrWhiteSpace(name) ||
        name.Equals(ConnectionStringNames.Storage, StringComparison.OrdinalIgnoreCase) ||
        name.Equals(StorageSettings.Setting, StringComparison.OrdinalIgnoreCase)
            ? _account.Value
            : base.Get(name);
}

/// <summary>The WebJobs SDK's account object over a token-signed account.</summary>
internal sealed class IdentityStorageAccount : StorageAccount
{
    private readonly string _name;

    public IdentityStorageAccount(IdentityStorage storage, IDelegatingHandlerProvider handlers)
        : base(handlers)
    {
        SdkObject = storage.Account;
        _name = storage.AccountName;
    }

    // The SDK reads the name from an account key, which a token credential does not have.
    public override string Name => _name;

    public override bool IsDevelopmentStorageAccount() => false;

    public override Microsoft.Azure.Cosmos.Table.CloudTableClient CreateCloudTableClient() =>
        throw new NotSupportedException(
            "WebJobs [Table] bindings are not available with identity-based storage (their table SDK takes account keys only). " +
            "The product's table access goes through Azure.Data.Tables, which signs in with the managed identity.");
}
