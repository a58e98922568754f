using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Cme.Testing;

/// <summary>
/// A stand-in HTTP service on 127.0.0.1 only that reads each request whole (headers and
/// Content-Length body), hands the body to <c>decide</c>, and then either answers with the status
/// it returns or, when it returns null, closes the connection without a byte of answer: the
/// service took the request and the answer was lost. Stops when disposed.
/// </summary>
public sealed class DroppingHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<string, int?> _decide;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;

    /// <param name="decide">Given a request's body: the status to answer, or null to drop the connection.</param>
    public DroppingHttpServer(Func<string, int?> decide)
    {
        _decide = decide;
        _listener.Start();
        Url = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _serving = Task.Run(ServeAsync);
    }

    /// <summary>Its address, without a trailing '/'.</summary>
    public string Url { get; }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _serving.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // Stopped under a pending accept.
        }

        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(socket));
        }
    }

    private async Task AnswerAsync(Socket socket)
    {
        using (socket)
        await using (var stream = new NetworkStream(socket, ownsSocket: false))
        {
            while (await ReadRequestBodyAsync(stream) is { } body)
            {
                if (_decide(body) is not { } status)
                {
                    return; // closed without answering
                }

                var answer = Encoding.ASCII.GetBytes($"HTTP/1.1 {status} Stand-in\r\nContent-Length: 0\r\nX-Message-Id: stand-in\r\n\r\n");
                await stream.WriteAsync(answer, _stop.Token);
            }
        }
    }

    private async Task<string?> ReadRequestBodyAsync(NetworkStream stream)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (!(head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            if (await stream.ReadAsync(one, _stop.Token) == 0)
            {
                return null;
            }

            head.Add(one[0]);
        }

        var length = Encoding.ASCII.GetString(head.ToArray()).Split("\r\n")
            .Where(line => line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            .Select(line => int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture))
            .FirstOrDefault();
        var body = new byte[length];
        await stream.ReadExactlyAsync(body, _stop.Token);
        return Encoding.UTF8.GetString(body);
    }
}
