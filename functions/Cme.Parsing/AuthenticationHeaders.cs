using Cme.Core.Mail;
using MimeKit;
using MimeKit.Cryptography;
using AuthenticationMethodResult = Cme.Core.Mail.AuthenticationMethodResult;

namespace Cme.Parsing;

/// <summary>
/// Reads every <c>Authentication-Results</c> header of a message with MimeKit's RFC 8601 parser
/// (never a pattern match: a quoted <c>smtp.mailfrom</c> or a comment containing <c>;dmarc=pass</c>
/// is a value, not a result), topmost first. A header that does not parse is kept as unreadable,
/// in its place, so the positions of the others stay true.
/// </summary>
public static class AuthenticationHeaders
{
    /// <summary>At most this many headers are read; a message with more is hostile, and the topmost are the ones that matter.</summary>
    public const int MaxHeaders = 32;

    public static IReadOnlyList<AuthenticationResultsHeader> Read(HeaderList headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return headers.Where(h => h.Id == HeaderId.AuthenticationResults)
            .Take(MaxHeaders)
            .Select(h => Read(h.RawValue))
            .ToList();
    }

    /// <summary>Reads one header's raw value (what follows <c>Authentication-Results:</c>, folding included).</summary>
    public static AuthenticationResultsHeader Read(byte[] rawValue)
    {
        ArgumentNullException.ThrowIfNull(rawValue);
        if (!AuthenticationResults.TryParse(rawValue, out var parsed) || parsed is null)
        {
            return AuthenticationResultsHeader.Unreadable;
        }

        var results = parsed.Results
            .Select(r => new AuthenticationMethodResult(
                (r.Method ?? string.Empty).ToLowerInvariant(),
                (r.Result ?? string.Empty).ToLowerInvariant(),
                r.Properties.Select(p => new AuthenticationProperty(p.PropertyType ?? string.Empty, p.Property ?? string.Empty, p.Value ?? string.Empty)).ToList()))
            .ToList();
        return new AuthenticationResultsHeader(string.IsNullOrWhiteSpace(parsed.AuthenticationServiceIdentifier) ? null : parsed.AuthenticationServiceIdentifier, results);
    }

    /// <summary>Reads header values given as text (one per header, topmost first), as a test or a tool has them.</summary>
    public static IReadOnlyList<AuthenticationResultsHeader> Read(IEnumerable<string> values) =>
        values.Take(MaxHeaders).Select(v => Read(System.Text.Encoding.UTF8.GetBytes(" " + v.Trim() + "\r\n"))).ToList();
}
