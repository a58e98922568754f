using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Cme.Infrastructure.Storage;

/// <summary>
/// The one place a table or queue that has gone missing is put back: a request answered 404
/// <c>TableNotFound</c> or <c>QueueNotFound</c> creates the table or queue it named and is sent
/// once more. Storage that came back without a queue or table (a restored or emulated account, a
/// resource deleted by hand) then goes on working without a restart. Added to every table and
/// queue client the product makes (<see cref="StorageEndpoints"/>); the creation itself goes
/// through a client without this policy, so it cannot recurse.
/// </summary>
public sealed class MissingResourcePolicy : HttpPipelinePolicy
{
    private readonly string _notFoundCode;
    private readonly string _basePath;
    private readonly Func<string, CancellationToken, Task> _create;

    private MissingResourcePolicy(string notFoundCode, Uri serviceUri, Func<string, CancellationToken, Task> create)
    {
        _notFoundCode = notFoundCode;
        _basePath = serviceUri.AbsolutePath.TrimEnd('/');
        _create = create;
    }

    /// <summary>For a table service at <paramref name="serviceUri"/>; <paramref name="create"/> creates a table if it does not exist.</summary>
    public static MissingResourcePolicy ForTables(Uri serviceUri, Func<string, CancellationToken, Task> create) => new("TableNotFound", serviceUri, create);

    /// <summary>For a queue service at <paramref name="serviceUri"/>; <paramref name="create"/> creates a queue if it does not exist.</summary>
    public static MissingResourcePolicy ForQueues(Uri serviceUri, Func<string, CancellationToken, Task> create) => new("QueueNotFound", serviceUri, create);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        if (message.HasResponse && message.Response.Status == 404 && IsMissingResource(message.Response) && ResourceName(message.Request.Uri.ToUri()) is { } name)
        {
            await _create(name, message.CancellationToken).ConfigureAwait(false);
            await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        }
    }

    private bool IsMissingResource(Response response)
    {
        if (response.Headers.TryGetValue("x-ms-error-code", out var code))
        {
            return string.Equals(code, _notFoundCode, StringComparison.Ordinal);
        }

        // Table errors carry their code in the body (odata.error.code).
        return response.Content?.ToString().Contains(_notFoundCode, StringComparison.Ordinal) == true;
    }

    /// <summary>
    /// The table or queue a request names: the first path segment after the service's own path
    /// (<c>/devstoreaccount1</c> on Azurite, nothing on Azure), without an entity's key suffix.
    /// Null for service-level requests (list, create, <c>$batch</c>).
    /// </summary>
    internal string? ResourceName(Uri uri)
    {
        var path = Uri.UnescapeDataString(uri.AbsolutePath);
        if (!path.StartsWith(_basePath, StringComparison.Ordinal))
        {
            return null;
        }

        var segment = path[_basePath.Length..].TrimStart('/').Split('/')[0];
        var parenthesis = segment.IndexOf('(', StringComparison.Ordinal);
        var name = parenthesis < 0 ? segment : segment[..parenthesis];
        return name.Length is >= 3 and <= 63 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') && !name.Equals("Tables", StringComparison.OrdinalIgnoreCase)
            ? name
            : null;
    }
}
