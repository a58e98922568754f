using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace Cme.Infrastructure.Outbox;

/// <summary>
/// The HTTP client SendGrid is reached with: a factory client whose resilience handler
/// (Microsoft.Extensions.Http.Resilience) retries the failures that are clearly not a sent mail
/// (throttling 429 and server errors 500/502/503/504, and connections that never carried the
/// request) up to <see cref="SendGridOptions.MaxAttempts"/>, waiting as SendGrid asks (Retry-After
/// in seconds or as a date, or X-RateLimit-Reset; capped at <see cref="SendGridOptions.MaxRetryAfter"/>)
/// or with jittered exponential back-off. A lost answer (dropped connection, time-out) is never
/// retried here: SendGrid may have accepted the mail.
/// </summary>
public static partial class SendGridHttp
{
    public const string ClientName = "SendGrid";

    /// <summary>Registers the SendGrid client; reads <see cref="SendGridOptions"/> and <see cref="TimeProvider"/> from the container.</summary>
    public static IServiceCollection AddSendGridHttpClient(this IServiceCollection services)
    {
        services.AddHttpClient(ClientName, (provider, client) => client.Timeout = provider.GetRequiredService<IOptions<SendGridOptions>>().Value.RequestTimeout)
            .AddResilienceHandler("sendgrid-retry", (builder, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<SendGridOptions>>().Value;
                var time = context.ServiceProvider.GetRequiredService<TimeProvider>();
                var logger = context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SendGridHttp));
                builder.TimeProvider = time;
                if (options.MaxAttempts > 1)
                {
                    builder.AddRetry(RetryOptions(options, time, logger));
                }
            });
        return services;
    }

    private static HttpRetryStrategyOptions RetryOptions(SendGridOptions options, TimeProvider time, ILogger logger) => new()
    {
        MaxRetryAttempts = options.MaxAttempts - 1,
        ShouldRetryAfterHeader = false, // RequestedWait reads it, with SendGrid's own X-RateLimit-Reset and the cap
        ShouldHandle = arguments => ValueTask.FromResult(
            arguments.Outcome.Result is { } response ? IsTransient(response.StatusCode) : arguments.Outcome.Exception is { } exception && RequestNeverReachedSendGrid(exception)),
        DelayGenerator = arguments => ValueTask.FromResult<TimeSpan?>(
            RequestedWait(arguments.Outcome.Result, options.MaxRetryAfter, time) ?? Backoff(arguments.AttemptNumber)),
        OnRetry = arguments =>
        {
            var failure = arguments.Outcome.Result is { } response ? $"HTTP {(int)response.StatusCode}" : "a connection failure";
            LogRetrying(logger, failure, arguments.AttemptNumber + 1, arguments.RetryDelay.TotalSeconds);
            return ValueTask.CompletedTask;
        },
    };

    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>
    /// True when the failure happened before the request could reach SendGrid (refused
    /// connection, unknown host, failed TLS handshake): sending again cannot send the mail twice.
    /// </summary>
    public static bool RequestNeverReachedSendGrid(Exception exception) => exception switch
    {
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError } => true,
        HttpRequestException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.NetworkUnreachable or SocketError.HostUnreachable } } => true,
        _ => false,
    };

    /// <summary>Jittered exponential back-off: 0.5 s, 1 s, 2 s… (±20 %), at most 30 s. <paramref name="attempt"/> counts from 0.</summary>
    private static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(Math.Min(30_000, 500 * Math.Pow(2, attempt)) * (0.8 + (Random.Shared.NextDouble() * 0.4)));

    /// <summary>The wait SendGrid asked for: Retry-After (seconds or a date), or its X-RateLimit-Reset (a Unix time); capped.</summary>
    private static TimeSpan? RequestedWait(HttpResponseMessage? response, TimeSpan maxRetryAfter, TimeProvider time)
    {
        if (response is null)
        {
            return null;
        }

        var header = response.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : null);
        if (wait is null
            && response.Headers.TryGetValues("X-RateLimit-Reset", out var values)
            && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var reset))
        {
            wait = DateTimeOffset.FromUnixTimeSeconds(reset) - time.GetUtcNow();
        }

        if (wait is null)
        {
            return null;
        }

        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > maxRetryAfter ? maxRetryAfter : wait;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "SendGrid answered {Failure} (attempt {Attempt}); retrying in {Seconds:0.#} s")]
    private static partial void LogRetrying(ILogger logger, string failure, int attempt, double seconds);
}
