using Azure.Storage.Queues;

namespace Cme.Infrastructure.Queues;

/// <summary>Queue clients that write what the WebJobs queue trigger reads (base64 message text).</summary>
public static class QueueEncoding
{
    public static QueueClientOptions ClientOptions { get; } = CreateClientOptions();

    /// <summary>New options with the queue trigger's encoding, for a client that adds its own policies.</summary>
    public static QueueClientOptions CreateClientOptions() => new() { MessageEncoding = QueueMessageEncoding.Base64 };
}
