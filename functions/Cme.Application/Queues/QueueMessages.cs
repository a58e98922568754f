using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cme.Application.Queues;

/// <summary>The JSON every queue message is written and read with.</summary>
public static class QueueJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize<T>(T message) => JsonSerializer.Serialize(message, Options);

    /// <summary>Reads a queue message, or throws a message-shaped error naming the queue's contract.</summary>
    public static T Deserialize<T>(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options)
                ?? throw new InvalidQueueMessageException($"An empty {typeof(T).Name} message cannot be processed.");
        }
        catch (JsonException exception)
        {
            throw new InvalidQueueMessageException($"The queue message is not a valid {typeof(T).Name}: {exception.Message}", exception);
        }
    }
}

public sealed class InvalidQueueMessageException : Exception
{
    public InvalidQueueMessageException(string message) : base(message)
    {
    }

    public InvalidQueueMessageException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
