using System.Collections.Concurrent;
using System.Net;
using Cme.Testing;

namespace Cme.Functions.Tests.Outages;

/// <summary>
/// A cloud API that is down: every request, on loopback only, is answered 503 Service
/// Unavailable with <c>Retry-After: 0</c>, and recorded. (HttpListener rather than WireMock: WireMock
/// brings ASP.NET Core's shared framework into this test project, and the tests that run the
/// host as its own process then find its assemblies missing beside it.)
/// </summary>
public sealed class DownService : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;

    public DownService()
    {
        Url = $"http://127.0.0.1:{LoopbackPort.Free()}";
        _listener.Prefixes.Add(Url + "/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public string Url { get; }

    /// <summary>Every request's method and path.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _serving.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // Closed under a pending request: nothing left to answer.
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            Requests.Enqueue($"{context.Request.HttpMethod} {context.Request.Url!.AbsolutePath}");
            context.Response.StatusCode = (int)HttpStatusCode.ServiceUnavailable;
            context.Response.Headers["Retry-After"] = "0";
            context.Response.Close();
        }
    }
}
