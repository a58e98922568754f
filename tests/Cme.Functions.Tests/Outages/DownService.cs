using System.Collections.Concurrent;
using System.Net;
using Cme.Testing;

namespace Cme.Functions.Tests.Outages;

/// <summary>
/// A cloud API that is down: every request, on loopback only, is answered 503 Service
/// Unavailable with <c>Retry-After: 0</c>, and recorded.
/// </summary>
public sealed class DownService : IDisposable
{
    private readonly LoopbackHttpServer _server;

    public DownService() => _server = new LoopbackHttpServer("/", AnswerAsync);

    public string Url => _server.Url;

    /// <summary>Every request's method and path.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public void Dispose() => _server.Dispose();

    private Task AnswerAsync(HttpListenerContext context)
    {
        Requests.Enqueue($"{context.Request.HttpMethod} {context.Request.Url!.AbsolutePath}");
        context.Response.StatusCode = (int)HttpStatusCode.ServiceUnavailable;
        context.Response.Headers["Retry-After"] = "0";
        context.Response.Close();
        return Task.CompletedTask;
    }
}
