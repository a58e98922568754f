using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Queues;
using Cme.Infrastructure.Queues;

namespace Cme.Infrastructure.Storage;

/// <summary>
/// The storage account the product works on, and how it signs in: either a connection string
/// (Azurite, or an account key) or the account's service URLs with a token credential (a managed
/// identity, so the account can refuse shared keys). Every storage client comes from here.
/// </summary>
public sealed class StorageEndpoints
{
    /// <summary>The scope a storage bearer token is asked for.</summary>
    public const string TokenScope = "https://storage.azure.com/.default";

    private StorageEndpoints(string? connectionString, TokenCredential? credential, string? accountName, Uri? blob, Uri? queue, Uri? table, string description)
    {
        ConnectionString = connectionString;
        AccountName = accountName;
        Credential = credential;
        BlobServiceUri = blob;
        QueueServiceUri = queue;
        TableServiceUri = table;
        Description = description;
    }

    /// <summary>The connection string, or null when a token credential is used.</summary>
    public string? ConnectionString { get; }

    /// <summary>The token credential, or null when a connection string is used.</summary>
    public TokenCredential? Credential { get; }

    /// <summary>The storage account's name (token mode only).</summary>
    public string? AccountName { get; }

    /// <summary>The blob service (token mode only): the WebJobs host keeps its locks and timer state there.</summary>
    public Uri? BlobServiceUri { get; }

    public Uri? QueueServiceUri { get; }

    public Uri? TableServiceUri { get; }

    /// <summary>Where the data is, for the start-up log; never contains a key.</summary>
    public string Description { get; }

    public static StorageEndpoints FromConnectionString(string connectionString, string description)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return new StorageEndpoints(connectionString, credential: null, accountName: null, blob: null, queue: null, table: null, description);
    }

    public static StorageEndpoints FromToken(string accountName, Uri blobServiceUri, Uri queueServiceUri, Uri tableServiceUri, TokenCredential credential, string description)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountName);
        ArgumentNullException.ThrowIfNull(credential);
        return new StorageEndpoints(connectionString: null, credential, accountName, blobServiceUri, queueServiceUri, tableServiceUri, description);
    }

    /// <summary>The endpoints for identity-based settings, signed in as the managed identity they name.</summary>
    public static StorageEndpoints FromManagedIdentity(StorageSettings.ManagedIdentity settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var identity = settings.ClientId is null ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(settings.ClientId);
        return FromToken(
            settings.AccountName,
            settings.BlobServiceUri,
            settings.QueueServiceUri,
            settings.TableServiceUri,
            new ManagedIdentityCredential(identity),
            $"storage account {settings.AccountName} with managed identity {settings.ClientId ?? "(system-assigned)"} ({settings.QueueServiceUri.GetLeftPart(UriPartial.Path).TrimEnd('/')})");
    }

    /// <summary>A table service client that recreates a table found missing (see <see cref="MissingResourcePolicy"/>).</summary>
    public TableServiceClient CreateTableServiceClient()
    {
        var plain = PlainTableServiceClient(new TableClientOptions());
        var options = new TableClientOptions();
        options.AddPolicy(MissingResourcePolicy.ForTables(plain.Uri, (name, token) => plain.CreateTableIfNotExistsAsync(name, token)), HttpPipelinePosition.PerCall);
        return PlainTableServiceClient(options);
    }

    /// <summary>
    /// A queue service client whose messages are what the WebJobs queue trigger reads (base64
    /// text), and that recreates a queue found missing (see <see cref="MissingResourcePolicy"/>).
    /// </summary>
    public QueueServiceClient CreateQueueServiceClient()
    {
        var plain = PlainQueueServiceClient(QueueEncoding.CreateClientOptions());
        var options = QueueEncoding.CreateClientOptions();
        options.AddPolicy(MissingResourcePolicy.ForQueues(plain.Uri, (name, token) => plain.GetQueueClient(name).CreateIfNotExistsAsync(cancellationToken: token)), HttpPipelinePosition.PerCall);
        return PlainQueueServiceClient(options);
    }

    private TableServiceClient PlainTableServiceClient(TableClientOptions options) =>
        Credential is null ? new TableServiceClient(ConnectionString, options) : new TableServiceClient(TableServiceUri, Credential, options);

    private QueueServiceClient PlainQueueServiceClient(QueueClientOptions options) =>
        Credential is null ? new QueueServiceClient(ConnectionString, options) : new QueueServiceClient(QueueServiceUri, Credential, options);
}
