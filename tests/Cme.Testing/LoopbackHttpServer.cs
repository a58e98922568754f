using System.Net;

namespace Cme.Testing;

/// <summary>
/// A stand-in HTTP service on 127.0.0.1 only, answering every request with the handler it was
/// given, until disposed. (HttpListener rather than WireMock where a test project also runs the
/// host as its own process: WireMock brings ASP.NET Core's shared framework into the project, and
/// the host's assemblies are then missing beside it.)
/// </summary>
public sealed class LoopbackHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<HttpListenerContext, Task> _answer;
    private readonly Task _serving;

    /// <param name="path">The path it serves under, ending in '/'.</param>
    /// <param name="answer">Answers one request (and closes its response).</param>
    public LoopbackHttpServer(string path, Func<HttpListenerContext, Task> answer)
    {
        var prefix = $"http://127.0.0.1:{LoopbackPort.Free()}{path}";
        Url = prefix.TrimEnd('/');
        _answer = answer;
        _listener.Prefixes.Add(prefix);
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    /// <summary>Its address, without a trailing '/'.</summary>
    public string Url { get; }

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

            await _answer(context);
        }
    }
}
