using System.Reflection;
using Microsoft.Azure.Storage.Queue;

namespace Cme.LocalRunner.Functions;

/// <summary>
/// A queue message's text as the product's functions read it. The queue trigger's own string
/// binding decodes base64 before the function runs, and a message that is not base64 then fails
/// every attempt without the function seeing it; bound as the message instead, such a message
/// reaches the product, which records it for a person on its first attempt.
/// </summary>
internal static class QueueMessageText
{
    private static readonly PropertyInfo? Raw = typeof(CloudQueueMessage).GetProperty("RawString", BindingFlags.Instance | BindingFlags.NonPublic);

    /// <summary>The decoded text; for a message that is not base64, its text as stored (or null if that cannot be had).</summary>
    public static string? Of(CloudQueueMessage message)
    {
        try
        {
            return message.AsString;
        }
        catch (FormatException)
        {
            return Raw?.GetValue(message) as string;
        }
    }
}
