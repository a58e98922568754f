using Azure.Core;
using Cme.Infrastructure.Storage;
using Microsoft.Extensions.Logging;

namespace Cme.LocalRunner.Storage;

/// <summary>
/// The storage bearer token for the WebJobs SDK's legacy storage clients, which hold a token
/// string and call back on a timer for the next one.
/// <para>
/// Those SDKs run the callback as <c>async void</c>: an exception escaping it would end the
/// process. So a renewal never throws: when the identity endpoint fails, the token in hand is kept
/// and asked for again in <see cref="RetryAfterFailure"/>. Asking is cheap — Azure.Identity keeps
/// the token cached until it is due for refresh — so the renewal asks every
/// <see cref="MaxRenewAfter"/>, and sooner when the token expires sooner.
/// </para>
/// </summary>
public sealed partial class StorageTokenRenewal(TokenCredential credential, TimeProvider time, ILogger<StorageTokenRenewal> logger)
{
    /// <summary>The longest wait between asks.</summary>
    public static readonly TimeSpan MaxRenewAfter = TimeSpan.FromMinutes(5);

    /// <summary>How long before expiry a token is replaced.</summary>
    public static readonly TimeSpan ExpiryMargin = TimeSpan.FromMinutes(5);

    /// <summary>The wait before asking again after a failed ask.</summary>
    public static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(30);

    private static readonly TokenRequestContext Request = new([StorageEndpoints.TokenScope]);
    private readonly Lock _gate = new();
    private AccessToken _current;

    /// <summary>The token now, fetched if there is none yet (blocking: called once, while the host indexes its functions).</summary>
    public (string Token, TimeSpan RenewAfter) Current()
    {
        lock (_gate)
        {
            if (!string.IsNullOrEmpty(_current.Token))
            {
                return (_current.Token, RenewAfter(_current));
            }
        }

        var token = credential.GetToken(Request, CancellationToken.None);
        lock (_gate)
        {
            _current = token;
        }

        return (token.Token, RenewAfter(token));
    }

    /// <summary>The next token and when to ask again. Never throws, except when <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task<(string Token, TimeSpan RenewAfter)> RenewAsync(CancellationToken cancellationToken)
    {
        try
        {
            var token = await credential.GetTokenAsync(Request, cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                _current = token;
            }

            return (token.Token, RenewAfter(token));
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            AccessToken kept;
            lock (_gate)
            {
                kept = _current;
            }

            LogRenewalFailed(exception.GetType().Name, exception.Message, kept.ExpiresOn, RetryAfterFailure.TotalSeconds);
            return (kept.Token, RetryAfterFailure);
        }
    }

    /// <summary>
    /// When to ask for the next token: <see cref="ExpiryMargin"/> before it expires, but at most
    /// <see cref="MaxRenewAfter"/> and at least <see cref="RetryAfterFailure"/> from now (a token
    /// already inside its margin is asked for again at that pace until a fresh one arrives).
    /// </summary>
    public TimeSpan RenewAfter(AccessToken token)
    {
        var untilRenewal = token.ExpiresOn - ExpiryMargin - time.GetUtcNow();
        return untilRenewal < RetryAfterFailure ? RetryAfterFailure
            : untilRenewal > MaxRenewAfter ? MaxRenewAfter
            : untilRenewal;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew the storage token from the managed identity ({ErrorType}: {Error}); keeping the current token (valid until {ExpiresOn:u}) and asking again in {Seconds} s")]
    private partial void LogRenewalFailed(string errorType, string error, DateTimeOffset expiresOn, double seconds);
}
