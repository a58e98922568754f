using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Azure.Core;
using Cme.Application.Mailboxes;
using Microsoft.Extensions.Logging;

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
/// The CME mailbox in Exchange Online, read through Microsoft Graph with app-only credentials: a
/// delta query over the Inbox (its delta link kept in Table storage), each message's MIME through
/// <c>$value</c>, and a move to a folder once handled. Immutable ids are asked for, so a message
/// keeps its id when it is moved. Throttling (429, 503) waits for Retry-After.
/// </summary>
public sealed partial class GraphMailbox(
    HttpClient http,
    GraphMailboxOptions options,
    string mailbox,
    TokenCredential credential,
    IMailboxStateStore state,
    TimeProvider time,
    ILogger<GraphMailbox> logger) : IMailbox
{
    public const string DeltaLinkKey = "delta-link";
    private static readonly string[] Scopes = ["https://graph.microsoft.com/.default"];
    private readonly Dictionary<string, string> _folderIds = new(StringComparer.OrdinalIgnoreCase);
    private readonly Http.TransientHttpRetry _retry = new(http, options.MaxAttempts, options.MaxRetryAfter, time);
    private AccessToken _token;

    public string Description => $"Microsoft Graph mailbox {mailbox} (Inbox; handled mail moved to '{options.ProcessedFolder}')";

    private string Root => $"{options.BaseUrl.TrimEnd('/')}/users/{Uri.EscapeDataString(mailbox)}";

    /// <summary>Inbox email younger than this is the poll's to find; older, reconciliation checks it too.</summary>
    public static readonly TimeSpan InboxGrace = TimeSpan.FromHours(1);

    public string Source => MailboxMessage.GraphSource;

    /// <summary>The processed folder's email received since the time, then the Inbox's received since then and more than <see cref="InboxGrace"/> ago.</summary>
    public async IAsyncEnumerable<MailboxMessage> ListAsync(DateTimeOffset since, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var processed = await FolderIdAsync(options.ProcessedFolder, cancellationToken).ConfigureAwait(false);
        var until = time.GetUtcNow() - InboxGrace;
        foreach (var (folder, before) in new[] { (Uri.EscapeDataString(processed), (DateTimeOffset?)null), ("inbox", until) })
        {
            var filter = $"receivedDateTime ge {since.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}" + (before is { } b ? $" and receivedDateTime lt {b.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}" : string.Empty);
            var url = $"{Root}/mailFolders/{folder}/messages?$select=id,receivedDateTime&$filter={Uri.EscapeDataString(filter)}";
            while (url is not null)
            {
                string next;
                var ids = new List<string>();
                using (var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, url), cancellationToken).ConfigureAwait(false))
                {
                    await EnsureSuccessAsync(response, "listing a mail folder for reconciliation", cancellationToken).ConfigureAwait(false);
                    using var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
                    foreach (var message in page.RootElement.GetProperty("value").EnumerateArray())
                    {
                        if (message.TryGetProperty("id", out var id) && id.GetString() is { Length: > 0 } value)
                        {
                            ids.Add(value);
                        }
                    }

                    next = page.RootElement.TryGetProperty("@odata.nextLink", out var link) ? link.GetString()! : null!;
                }

                foreach (var id in ids)
                {
                    yield return new MailboxMessage(MailboxMessage.GraphSource, id);
                }

                url = next;
            }
        }
    }

    public async Task<IReadOnlyList<MailboxMessage>> PollAsync(CancellationToken cancellationToken)
    {
        var stored = await state.GetAsync(mailbox, DeltaLinkKey, cancellationToken).ConfigureAwait(false);
        var url = string.IsNullOrEmpty(stored) ? FreshDelta() : stored;
        var found = new List<MailboxMessage>();
        var pages = 0;
        while (true)
        {
            using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, url), cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Gone && url != FreshDelta())
            {
                LogDeltaExpired();
                url = FreshDelta();
                found.Clear();
                continue;
            }

            await EnsureSuccessAsync(response, "reading the Inbox", cancellationToken).ConfigureAwait(false);
            using var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            pages++;
            foreach (var message in page.RootElement.GetProperty("value").EnumerateArray())
            {
                if (!message.TryGetProperty("@removed", out _) && message.TryGetProperty("id", out var id))
                {
                    found.Add(new MailboxMessage(MailboxMessage.GraphSource, id.GetString()!));
                }
            }

            if (page.RootElement.TryGetProperty("@odata.nextLink", out var next))
            {
                url = next.GetString()!;
                continue;
            }

            if (page.RootElement.TryGetProperty("@odata.deltaLink", out var delta))
            {
                // Only once every page is read: a poll cut short starts again from the old link.
                await state.SetAsync(mailbox, DeltaLinkKey, delta.GetString()!, cancellationToken).ConfigureAwait(false);
            }

            LogPolled(found.Count, pages);
            return found;
        }
    }

    public async Task<byte[]?> ReadMimeAsync(MailboxMessage message, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"{Root}/messages/{Uri.EscapeDataString(message.Id)}/$value"), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, "reading a message", cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task MarkProcessedAsync(MailboxMessage message, CancellationToken cancellationToken) =>
        MoveAsync(message, options.ProcessedFolder, cancellationToken);

    public Task MarkFailedAsync(MailboxMessage message, string reason, CancellationToken cancellationToken) =>
        MoveAsync(message, options.FailedFolder, cancellationToken);

    public async Task<MailboxMessage?> ReturnForRetryAsync(MailboxMessage message, CancellationToken cancellationToken)
    {
        // Immutable ids: the message keeps its id wherever it is, so it can be read again in place.
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"{Root}/messages/{Uri.EscapeDataString(message.Id)}?$select=id"), cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode ? message : null;
    }

    private string FreshDelta() => $"{Root}/mailFolders/inbox/messages/delta?$select=id,internetMessageId,receivedDateTime";

    private async Task MoveAsync(MailboxMessage message, string folder, CancellationToken cancellationToken)
    {
        var folderId = await FolderIdAsync(folder, cancellationToken).ConfigureAwait(false);
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, $"{Root}/messages/{Uri.EscapeDataString(message.Id)}/move")
            {
                Content = new StringContent(JsonSerializer.Serialize(new { destinationId = folderId }), Encoding.UTF8, "application/json"),
            },
            cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            await EnsureSuccessAsync(response, $"moving a message to '{folder}'", cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<string> FolderIdAsync(string name, CancellationToken cancellationToken)
    {
        if (_folderIds.TryGetValue(name, out var cached))
        {
            return cached;
        }

        var filter = Uri.EscapeDataString($"displayName eq '{name.Replace("'", "''", StringComparison.Ordinal)}'");
        using (var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"{Root}/mailFolders?$filter={filter}"), cancellationToken).ConfigureAwait(false))
        {
            await EnsureSuccessAsync(response, $"finding the folder '{name}'", cancellationToken).ConfigureAwait(false);
            using var found = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            if (found.RootElement.GetProperty("value").EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } folder)
            {
                return _folderIds[name] = folder.GetProperty("id").GetString()!;
            }
        }

        using var created = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, $"{Root}/mailFolders")
            {
                Content = new StringContent(JsonSerializer.Serialize(new { displayName = name }), Encoding.UTF8, "application/json"),
            },
            cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(created, $"creating the folder '{name}'", cancellationToken).ConfigureAwait(false);
        using var document = JsonDocument.Parse(await created.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        LogFolderCreated(name);
        return _folderIds[name] = document.RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Sends with app-only auth, retrying throttling, server errors and time-outs with back-off that honours Retry-After.</summary>
    private Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request, CancellationToken cancellationToken) =>
        _retry.SendAsync(
            async () =>
            {
                var message = request();
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(cancellationToken).ConfigureAwait(false));
                message.Headers.Add("Prefer", "IdType=\"ImmutableId\"");
                message.Headers.Add("Prefer", "odata.maxpagesize=50");
                return message;
            },
            (failure, attempt, wait) => LogRetrying(failure, attempt, wait.TotalSeconds),
            (failure, attempts) => new MailboxUnavailableException(
                $"Microsoft Graph answered {failure} on all {attempts} attempts. " +
                "The mailbox poll will try again on its next run; if this persists, check Graph service health and the app registration's permissions."),
            cancellationToken);

    private async Task<string> TokenAsync(CancellationToken cancellationToken)
    {
        if (_token.ExpiresOn <= time.GetUtcNow().AddMinutes(5))
        {
            _token = await credential.GetTokenAsync(new TokenRequestContext(Scopes), cancellationToken).ConfigureAwait(false);
        }

        return _token.Token;
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string doing, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var code = body.Contains("\"code\"", StringComparison.Ordinal) ? JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("code").GetString() : null;
        throw new MailboxUnavailableException(
            $"Microsoft Graph refused {doing}: HTTP {(int)response.StatusCode}{(code is null ? string.Empty : $" ({code})")}. " +
            (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                ? "Check the app registration has Mail.ReadWrite and the application access policy includes the CME mailbox."
                : "The poll will try again on its next run."));
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
