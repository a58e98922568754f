using System.Net;
using Azure.Core;
using Cme.Application.Mailboxes;
using Microsoft.Extensions.Logging;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Graph.Users.Item;
using Microsoft.Graph.Users.Item.MailFolders.Item.Messages.Delta;
using Microsoft.Graph.Users.Item.Messages.Item.Move;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace Cme.Infrastructure.Mailboxes;

/// <summary>Settings for the Exchange Online mailbox read through Microsoft Graph: <c>Cme:Mailbox:Graph</c>.</summary>
public sealed class GraphMailboxOptions
{
    public const string SectionName = "Cme:Mailbox:Graph";

    /// <summary>Graph's root. Default <c>https://graph.microsoft.com/v1.0</c>.</summary>
    public string BaseUrl { get; set; } = "https://graph.microsoft.com/v1.0";

    /// <summary>The CME mailbox. Default: the profile's mailbox.</summary>
    public string? Mailbox { get; set; }

    /// <summary>Where handled email is moved, so officers see what has been processed. Default <c>CME processed</c>.</summary>
    public string ProcessedFolder { get; set; } = "CME processed";

    /// <summary>Where email that failed every attempt is moved. Default <c>CME failed</c>.</summary>
    public string FailedFolder { get; set; } = "CME failed";

    /// <summary>The app registration's tenant, for a client secret. Empty: managed identity.</summary>
    public string? TenantId { get; set; }

    /// <summary>The app registration's client id (or the user-assigned managed identity's).</summary>
    public string? ClientId { get; set; }

    /// <summary>A client secret (from Key Vault). Empty: managed identity.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Attempts per request before the mailbox is reported unavailable. Default 5.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The longest Retry-After honoured; longer waits are cut to this. Default 60 s.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);
}

/// <summary>
/// The CME mailbox in Exchange Online, read through the Microsoft Graph SDK (<see cref="GraphServiceClient"/>)
/// with app-only credentials: a delta query over the Inbox (its delta link kept in Table storage),
/// each message's MIME through <c>$value</c>, and a move to a folder once handled. Immutable ids
/// are asked for, so a message keeps its id when it is moved.
/// </summary>
/// <remarks>
/// The SDK's own handlers (redirects, parameter decoding, telemetry) run as the SDK ships them,
/// except its RetryHandler, which waits in real time and cannot be capped: in its place every
/// request goes through a retrying transport over <paramref name="http"/> (the
/// factory client, whose time-out bounds each attempt), which retries throttling (429), server
/// errors and time-outs up to <see cref="GraphMailboxOptions.MaxAttempts"/>, waiting as Graph asks
/// (Retry-After, capped at <see cref="GraphMailboxOptions.MaxRetryAfter"/>) on <paramref name="time"/>.
/// </remarks>
public sealed partial class GraphMailbox : IMailbox
{
    /// <summary>The <see cref="IHttpClientFactory"/> client Graph is reached with.</summary>
    public const string HttpClientName = "Graph";

    public const string DeltaLinkKey = "delta-link";
    private static readonly string[] Scopes = ["https://graph.microsoft.com/.default"];
    private static readonly string[] DeltaFields = ["id", "internetMessageId", "receivedDateTime"];

    /// <summary>
    /// The SDK writes the delta function as <c>delta()</c>; Graph documents, and links back to,
    /// <c>messages/delta</c>, so the first request of a delta asks for it by that name too.
    /// </summary>
    private static readonly UriReplacementHandlerOption DeltaAsDocumented = new(true, [new("/messages/delta()", "/messages/delta")]);
    private readonly Dictionary<string, string> _folderIds = new(StringComparer.OrdinalIgnoreCase);
    private readonly GraphServiceClient _graph;
    private readonly GraphMailboxOptions _options;
    private readonly string _mailbox;
    private readonly IMailboxStateStore _state;
    private readonly TimeProvider _time;
    private readonly ILogger<GraphMailbox> _logger;

    public GraphMailbox(
        HttpClient http,
        GraphMailboxOptions options,
        string mailbox,
        TokenCredential credential,
        IMailboxStateStore state,
        TimeProvider time,
        ILogger<GraphMailbox> logger)
    {
        _options = options;
        _mailbox = mailbox;
        _state = state;
        _time = time;
        _logger = logger;
        var handlers = GraphClientFactory.CreateDefaultHandlers();
        handlers.Remove(handlers.OfType<RetryHandler>().Single());
        var transport = new RetryingTransport(http, options, time, this);
        var pipeline = GraphClientFactory.CreatePipeline(handlers, transport);
        // Each attempt is bounded by the factory client's time-out; the retries as a whole by MaxAttempts.
        var client = new HttpClient(pipeline) { Timeout = Timeout.InfiniteTimeSpan };
        _graph = new GraphServiceClient(client, new BaseBearerTokenAuthenticationProvider(new TokenSource(credential, time)), options.BaseUrl.TrimEnd('/'));
    }

    public string Description => $"Microsoft Graph mailbox {_mailbox} (Inbox; handled mail moved to '{_options.ProcessedFolder}')";

    /// <summary>Inbox email younger than this is the poll's to find; older, reconciliation checks it too.</summary>
    public static readonly TimeSpan InboxGrace = TimeSpan.FromHours(1);

    public string Source => MailboxMessage.GraphSource;

    private UserItemRequestBuilder User => _graph.Users[_mailbox];

    /// <summary>The processed folder's email received since the time, then the Inbox's received since then and more than <see cref="InboxGrace"/> ago.</summary>
    public async IAsyncEnumerable<MailboxMessage> ListAsync(DateTimeOffset since, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var processed = await FolderIdAsync(_options.ProcessedFolder, cancellationToken).ConfigureAwait(false);
        var until = _time.GetUtcNow() - InboxGrace;
        foreach (var (folder, before) in new[] { (processed, (DateTimeOffset?)null), ("inbox", until) })
        {
            var filter = $"receivedDateTime ge {since.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}" + (before is { } b ? $" and receivedDateTime lt {b.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}" : string.Empty);
            var messages = User.MailFolders[folder].Messages;
            string? next = null;
            do
            {
                var link = next;
                var page = await CallAsync(
                    "listing a mail folder for reconciliation",
                    () => link is null
                        ? messages.GetAsync(request => { Prefer(request); request.QueryParameters.Select = ["id", "receivedDateTime"]; request.QueryParameters.Filter = filter; }, cancellationToken)
                        : messages.WithUrl(link).GetAsync(Prefer, cancellationToken)).ConfigureAwait(false);
                foreach (var message in page?.Value ?? [])
                {
                    if (message.Id is { Length: > 0 } id)
                    {
                        yield return new MailboxMessage(MailboxMessage.GraphSource, id);
                    }
                }

                next = page?.OdataNextLink;
            }
            while (next is not null);
        }
    }

    public async Task<IReadOnlyList<MailboxMessage>> PollAsync(CancellationToken cancellationToken)
    {
        var stored = await _state.GetAsync(_mailbox, DeltaLinkKey, cancellationToken).ConfigureAwait(false);
        var link = string.IsNullOrEmpty(stored) ? null : stored;
        var delta = User.MailFolders["inbox"].Messages.Delta;
        var found = new List<MailboxMessage>();
        var pages = 0;
        while (true)
        {
            DeltaGetResponse? page;
            try
            {
                page = link is null
                    ? await delta.GetAsDeltaGetResponseAsync(request => { Prefer(request); request.Options.Add(DeltaAsDocumented); request.QueryParameters.Select = DeltaFields; }, cancellationToken).ConfigureAwait(false)
                    : await delta.WithUrl(link).GetAsDeltaGetResponseAsync(Prefer, cancellationToken).ConfigureAwait(false);
            }
            catch (ApiException expired) when (expired.ResponseStatusCode == (int)HttpStatusCode.Gone && link is not null)
            {
                LogDeltaExpired();
                link = null;
                found.Clear();
                continue;
            }
            catch (ApiException refused)
            {
                throw Refused(refused, "reading the Inbox");
            }

            pages++;
            foreach (var message in page?.Value ?? [])
            {
                if (!message.AdditionalData.ContainsKey("@removed") && message.Id is { Length: > 0 } id)
                {
                    found.Add(new MailboxMessage(MailboxMessage.GraphSource, id));
                }
            }

            if (page?.OdataNextLink is { } next)
            {
                link = next;
                continue;
            }

            if (page?.OdataDeltaLink is { } deltaLink)
            {
                // Only once every page is read: a poll cut short starts again from the old link.
                await _state.SetAsync(_mailbox, DeltaLinkKey, deltaLink, cancellationToken).ConfigureAwait(false);
            }

            LogPolled(found.Count, pages);
            return found;
        }
    }

    public async Task<byte[]?> ReadMimeAsync(MailboxMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await using var mime = await User.Messages[message.Id].Content.GetAsync(Prefer, cancellationToken).ConfigureAwait(false);
            if (mime is null)
            {
                return [];
            }

            using var copy = new MemoryStream();
            await mime.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
            return copy.ToArray();
        }
        catch (ApiException gone) when (gone.ResponseStatusCode == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (ApiException refused)
        {
            throw Refused(refused, "reading a message");
        }
    }

    public Task MarkProcessedAsync(MailboxMessage message, CancellationToken cancellationToken) =>
        MoveAsync(message, _options.ProcessedFolder, cancellationToken);

    public Task MarkFailedAsync(MailboxMessage message, string reason, CancellationToken cancellationToken) =>
        MoveAsync(message, _options.FailedFolder, cancellationToken);

    public async Task<MailboxMessage?> ReturnForRetryAsync(MailboxMessage message, CancellationToken cancellationToken)
    {
        // Immutable ids: the message keeps its id wherever it is, so it can be read again in place.
        try
        {
            await User.Messages[message.Id].GetAsync(request => { Prefer(request); request.QueryParameters.Select = ["id"]; }, cancellationToken).ConfigureAwait(false);
            return message;
        }
        catch (ApiException)
        {
            return null;
        }
    }

    private async Task MoveAsync(MailboxMessage message, string folder, CancellationToken cancellationToken)
    {
        var folderId = await FolderIdAsync(folder, cancellationToken).ConfigureAwait(false);
        try
        {
            await User.Messages[message.Id].Move.PostAsync(new MovePostRequestBody { DestinationId = folderId }, Prefer, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiException gone) when (gone.ResponseStatusCode == (int)HttpStatusCode.NotFound)
        {
            // Already moved or deleted by an officer: nothing left to move.
        }
        catch (ApiException refused)
        {
            throw Refused(refused, $"moving a message to '{folder}'");
        }
    }

    private async Task<string> FolderIdAsync(string name, CancellationToken cancellationToken)
    {
        if (_folderIds.TryGetValue(name, out var cached))
        {
            return cached;
        }

        var filter = $"displayName eq '{name.Replace("'", "''", StringComparison.Ordinal)}'";
        var found = await CallAsync(
            $"finding the folder '{name}'",
            () => User.MailFolders.GetAsync(request => { Prefer(request); request.QueryParameters.Filter = filter; }, cancellationToken)).ConfigureAwait(false);
        if (found?.Value?.FirstOrDefault()?.Id is { Length: > 0 } existing)
        {
            return _folderIds[name] = existing;
        }

        var created = await CallAsync(
            $"creating the folder '{name}'",
            () => User.MailFolders.PostAsync(new MailFolder { DisplayName = name }, Prefer, cancellationToken)).ConfigureAwait(false);
        LogFolderCreated(name);
        return _folderIds[name] = created?.Id ?? throw new MailboxUnavailableException($"Microsoft Graph created the folder '{name}' but did not say its id. The poll will try again on its next run.");
    }

    /// <summary>Immutable ids on every request, and pages of at most 50.</summary>
    private static void Prefer<T>(RequestConfiguration<T> request)
        where T : class, new()
    {
        request.Headers.Add("Prefer", "IdType=\"ImmutableId\"");
        request.Headers.Add("Prefer", "odata.maxpagesize=50");
    }

    private static async Task<T> CallAsync<T>(string doing, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (ApiException refused)
        {
            throw Refused(refused, doing);
        }
    }

    private static MailboxUnavailableException Refused(ApiException refused, string doing)
    {
        var code = (refused as ODataError)?.Error?.Code;
        return new MailboxUnavailableException(
            $"Microsoft Graph refused {doing}: HTTP {refused.ResponseStatusCode}{(code is null ? string.Empty : $" ({code})")}. " +
            (refused.ResponseStatusCode is (int)HttpStatusCode.Unauthorized or (int)HttpStatusCode.Forbidden
                ? "Check the app registration has Mail.ReadWrite and the application access policy includes the CME mailbox."
                : "The poll will try again on its next run."));
    }

    /// <summary>The end of the SDK's handler chain: each request sent through the retry over the factory client.</summary>
    private sealed class RetryingTransport(HttpClient http, GraphMailboxOptions options, TimeProvider time, GraphMailbox mailbox) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            // Read once, so each attempt's copy carries the same body.
            var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            for (var attempt = 1; ; attempt++)
            {
                using var copy = Copy(request, body);
                HttpResponseMessage? response = null;
                string failure;
                try
                {
                    response = await http.SendAsync(copy, cancellationToken).ConfigureAwait(false);
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

                if (attempt >= options.MaxAttempts)
                {
                    response?.Dispose();
                    throw new MailboxUnavailableException(
                        $"Microsoft Graph answered {failure} on all {attempt} attempts. " +
                        "The mailbox poll will try again on its next run; if this persists, check Graph service health and the app registration's permissions.");
                }

                var wait = RequestedWait(response) ?? TimeSpan.FromMilliseconds(Math.Min(30_000, 500 * Math.Pow(2, attempt - 1)) * (0.8 + (Random.Shared.NextDouble() * 0.4)));
                response?.Dispose();
                mailbox.LogRetrying(failure, attempt, wait.TotalSeconds);
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            }
        }

        private static bool IsTransient(HttpStatusCode status) =>
            status is HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

        /// <summary>The wait Graph asked for (Retry-After, in seconds or as a date), capped at MaxRetryAfter.</summary>
        private TimeSpan? RequestedWait(HttpResponseMessage? response)
        {
            var header = response?.Headers.RetryAfter;
            var wait = header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : null);
            return wait is null ? null : wait < TimeSpan.Zero ? TimeSpan.Zero : wait > options.MaxRetryAfter ? options.MaxRetryAfter : wait;
        }
    }

    /// <summary>A request can be sent only once: each attempt sends a copy.</summary>
    private static HttpRequestMessage Copy(HttpRequestMessage request, byte[]? body)
    {
        var copy = new HttpRequestMessage(request.Method, request.RequestUri) { Version = request.Version, VersionPolicy = request.VersionPolicy };
        foreach (var header in request.Headers)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        if (body is not null)
        {
            copy.Content = new ByteArrayContent(body);
            foreach (var header in request.Content!.Headers)
            {
                copy.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        return copy;
    }

    /// <summary>App-only tokens from the configured credential (managed identity or client secret), reused until five minutes before they expire.</summary>
    private sealed class TokenSource(TokenCredential credential, TimeProvider time) : IAccessTokenProvider
    {
        private AccessToken _token;

        public AllowedHostsValidator AllowedHostsValidator { get; } = new();

        public async Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default)
        {
            if (_token.ExpiresOn <= time.GetUtcNow().AddMinutes(5))
            {
                _token = await credential.GetTokenAsync(new TokenRequestContext(Scopes), cancellationToken).ConfigureAwait(false);
            }

            return _token.Token;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Graph delta poll read {Count} new message(s) in {Pages} page(s)")]
    private partial void LogPolled(int count, int pages);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The stored Graph delta link has expired; reading the Inbox afresh (already-processed email is recognised and not processed twice)")]
    private partial void LogDeltaExpired();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Graph answered {Failure}; attempt {Attempt}, retrying in {Seconds:0.0} s")]
    private partial void LogRetrying(string failure, int attempt, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the mail folder {Folder}")]
    private partial void LogFolderCreated(string folder);
}

/// <summary>The mailbox could not be reached or refused a request; the message says what and what to do.</summary>
public sealed class MailboxUnavailableException(string message) : Exception(message);
