using Azure.Data.Tables;
using Azure.Storage.Queues;
using Cme.Infrastructure.EmbeddedStorage;
using Xunit;

namespace Cme.Testing;

/// <summary>
/// One real Azurite for a test collection: started on free loopback ports with a temporary data
/// folder, stopped and deleted when the collection ends. Tests isolate themselves by using their
/// own queue and table names (see <see cref="UniqueName"/>).
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private EmbeddedAzurite? _azurite;

    public string ConnectionString => (_azurite ?? throw new InvalidOperationException("Azurite has not started.")).ConnectionString;

    public EmbeddedAzurite Azurite => _azurite ?? throw new InvalidOperationException("Azurite has not started.");

    public async Task InitializeAsync() => _azurite = await EmbeddedAzurite.StartAsync();

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

    /// <summary>A queue client speaking the host's message encoding (base64, as the WebJobs queue trigger expects).</summary>
    public QueueClient Queue(string name) =>
        new(ConnectionString, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    public TableClient Table(string name) => new(ConnectionString, name);

    /// <summary>A storage-legal name (lower case letters and digits, starting with a letter) unique to one test.</summary>
    public static string UniqueName(string prefix) => prefix + Guid.NewGuid().ToString("N")[..10];
}
