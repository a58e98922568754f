using System.Security.Cryptography;
using System.Text;

namespace Cme.Application.Intake;

/// <summary>
/// What identifies one email however often it is delivered: its content (the body and the
/// header fields, leaving out those each delivery adds: Received, Authentication-Results, ARC,
/// the receiving server's X- fields), together with its Message-ID. Two deliveries of one email (a re-poll, a move between folders, a second copy, a
/// second SMTP delivery with other Received headers) share it; a different email that reuses a
/// Message-ID (some sending software does) does not. Hashed, so it carries nothing readable.
/// </summary>
public static class EmailKeys
{
    /// <summary>Header fields each delivery of one email adds or rewrites (trace, authentication, a mail store's flags): left out of its content.</summary>
    private static readonly string[] DeliveryHeaders =
    [
        "received", "return-path", "delivered-to", "authentication-results", "received-spf", "x-received", "x-original-to",
        "status", "x-status", "x-uid", "x-keywords", "content-length", "lines", "x-mozilla-status", "x-mozilla-status2", "x-apple-mail-remote-attachments",
    ];

    /// <summary>Prefixes of header fields receiving servers add (Exchange Online, Google, spam and virus filters, ARC sealing).</summary>
    private static readonly string[] DeliveryHeaderPrefixes = ["arc-", "x-ms-", "x-microsoft-", "x-forefront-", "x-eop", "x-spam", "x-virus", "x-gm-", "x-google-", "x-original"];

    /// <summary>
    /// Before content counted, the key was the Message-ID alone (or a hash of the bytes when there
    /// was none). A store written then still has its emails under that key: ingestion looks it up
    /// too, so an email recorded before is not recorded twice.
    /// </summary>
    public static string LegacyFor(string? messageId, ReadOnlySpan<byte> mime)
    {
        var normalised = Normalise(messageId);
        var hash = normalised is null
            ? SHA256.HashData(mime)
            : SHA256.HashData(Encoding.UTF8.GetBytes("message-id:" + normalised));
        return Convert.ToHexStringLower(hash)[..40];
    }

    /// <summary>The email's identity: <see cref="EmailIdentity.Key"/> is what the ledger, triage and case events file it under.</summary>
    public static EmailIdentity For(string? messageId, ReadOnlySpan<byte> mime)
    {
        var content = ContentHash(mime);
        var normalised = Normalise(messageId);
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"email:{normalised ?? string.Empty}\ncontent:{content}")))[..40];
        return new EmailIdentity(key, LegacyFor(messageId, mime), content);
    }

    /// <summary>A hash of the body and the header fields (in any order) less those a delivery adds, line endings and folding normalised.</summary>
    public static string ContentHash(ReadOnlySpan<byte> mime)
    {
        var text = Encoding.Latin1.GetString(mime).Replace("\r\n", "\n", StringComparison.Ordinal);
        var split = text.IndexOf("\n\n", StringComparison.Ordinal);
        var head = split < 0 ? text : text[..split];
        var body = split < 0 ? string.Empty : text[(split + 2)..];
        var kept = new StringBuilder();
        foreach (var field in head.Replace("\n ", " ", StringComparison.Ordinal).Replace("\n\t", " ", StringComparison.Ordinal).Split('\n'))
        {
            var colon = field.IndexOf(':', StringComparison.Ordinal);
            var name = colon > 0 ? field[..colon].Trim().ToLowerInvariant() : null;
            if (name is not null && !DeliveryHeaders.Contains(name) && !DeliveryHeaderPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)))
            {
                kept.Append(name).Append(':').Append(field[(colon + 1)..].Trim()).Append('\n');
            }
        }

        var sorted = string.Join('\n', kept.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.Latin1.GetBytes(sorted + "\n\n" + body.TrimEnd('\n'))))[..40];
    }

    private static string? Normalise(string? messageId)
    {
        var normalised = messageId?.Trim().Trim('<', '>').Trim();
        return string.IsNullOrEmpty(normalised) ? null : normalised.ToLowerInvariant();
    }
}

/// <summary>
/// One email's identity: its key (Message-ID and content), the key a store from before content
/// counted filed it under, and the content hash kept in the ledger.
/// </summary>
public sealed record EmailIdentity(string Key, string LegacyKey, string ContentHash);
