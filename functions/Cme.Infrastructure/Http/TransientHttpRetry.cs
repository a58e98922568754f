using System.Net;

namespace Cme.Infrastructure.Http;

/// <summary>
/// Sends a request to Microsoft Graph, retrying throttling (429), server errors
/// (500, 502, 503, 504), connection failures and time-outs, waiting as the service asks
/// (Retry-After, capped) or with jittered exponential back-off. Anything else is returned to the
/// caller as answered.
/// </summary>
public sealed class TransientHttpRetry(HttpClient http, int maxAttempts, TimeSpan maxRetryAfter, TimeProvider time)
{
    /// <param name="request">Builds the request afresh for each attempt (a request cannot be sent twice).</param>
    /// <param name="onRetry">Told the failure, the attempt number and the wait, for the log.</param>
    /// <param name="giveUp">Builds the exception to throw when every attempt failed, from the last failure and the attempt count.</param>
    /// <param name="cancellationToken">Stops waiting and sending.</param>
    public async Task<HttpResponseMessage> SendAsync(
        Func<Task<HttpRequestMessage>> request,
        Action<string, int, TimeSpan> onRetry,
        Func<string, int, Exception> giveUp,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var message = await request().ConfigureAwait(false);
            HttpResponseMessage? response = null;
            string failure;
            try
            {
                response = await http.SendAsync(message, cancellationToken).ConfigureAwait(false);
                if (!IsTransient(response.StatusCode))
                {
                    return response;
                }

                failure = $"HTTP {(int)response.StatusCode}";
            }
            catch (Exception exception) when ((exception is HttpRequestException or TaskCanceledException) && !cancellationToken.IsCancellationRequested)
            {
                failure = exception is TaskCanceledException ? "a time-out" : "a connection failure";
            }

            if (attempt >= maxAttempts)
            {
                response?.Dispose();
                throw giveUp(failure, attempt);
            }

            var wait = RequestedWait(response) ?? TimeSpan.FromMilliseconds(Math.Min(30_000, 500 * Math.Pow(2, attempt - 1)) * (0.8 + (Random.Shared.NextDouble() * 0.4)));
            response?.Dispose();
            onRetry(failure, attempt, wait);
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }

    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>The wait the service asked for: Retry-After (seconds or a date), or SendGrid's X-RateLimit-Reset (a Unix time); capped.</summary>
    private TimeSpan? RequestedWait(HttpResponseMessage? response)
    {
        if (response is null)
        {
            return null;
        }

        var header = response.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : null);
        if (wait is null
            && response.Headers.TryGetValues("X-RateLimit-Reset", out var values)
            && long.TryParse(values.FirstOrDefault(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var reset))
        {
            wait = DateTimeOffset.FromUnixTimeSeconds(reset) - time.GetUtcNow();
        }

        if (wait is null)
        {
            return null;
        }

        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > maxRetryAfter ? maxRetryAfter : wait;
    }
}
