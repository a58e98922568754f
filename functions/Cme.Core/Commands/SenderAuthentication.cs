using Cme.Core.Mail;

namespace Cme.Core.Commands;

/// <summary>
/// Whether a message really came from the address it claims, as the council's own receiving mail
/// system recorded it (RFC 8601, RFC 7489). A command changes a child's case, so it is applied only
/// on a message that passed:
/// <list type="bullet">
/// <item>DMARC, for a <c>header.from</c> aligned with the From address's domain; or</item>
/// <item>DKIM, signed (<c>header.d</c>) by a domain aligned with the From address's domain; or</item>
/// <item>read through Graph from the council's Exchange, which marked it <c>X-MS-Exchange-Organization-AuthAs: Internal</c>.</item>
/// </list>
/// Only headers the <see cref="SenderTrust"/> trusts count, and of those only the topmost: any
/// header below it arrived with the message and may be forged. A DMARC fail there always refuses;
/// a bare <c>dmarc=pass</c> (no <c>header.from</c>), an SPF pass alone, or a pass in any other
/// header proves nothing.
/// <para>
/// Aligned means the same domain, or one a subdomain of the other (<c>example.org</c> and
/// <c>mail.example.org</c>): DMARC's relaxed alignment without a public-suffix list. It never aligns
/// two sibling domains (<c>a.example.org</c>, <c>b.example.org</c>), so it is never looser than
/// DMARC's; a bare top-level domain (<c>org</c>) aligns with nothing.
/// </para>
/// </summary>
public static class SenderAuthentication
{
    public static AuthenticationVerdict Evaluate(
        EmailAddress? from,
        IReadOnlyList<AuthenticationResultsHeader> authenticationResults,
        string? exchangeAuthAs,
        SenderTrust trust)
    {
        ArgumentNullException.ThrowIfNull(authenticationResults);
        ArgumentNullException.ThrowIfNull(trust);
        if (from is null)
        {
            return new AuthenticationVerdict(false, "the message has no sender address");
        }

        if (string.Equals(exchangeAuthAs?.Trim(), "Internal", StringComparison.OrdinalIgnoreCase))
        {
            if (trust.ReadFromOwnExchange)
            {
                return new AuthenticationVerdict(true, "sent from inside the organisation (Exchange internal authentication)");
            }

            // A file in the folder mailbox carrying Exchange's mark proves nothing: anyone can write
            // the header. Go on to the Authentication-Results as for any other message.
        }

        if (authenticationResults.Count == 0)
        {
            return new AuthenticationVerdict(false, "the message carries no authentication results (SPF, DKIM, DMARC) from the receiving mail system");
        }

        var position = Enumerable.Range(0, authenticationResults.Count).FirstOrDefault(i => trust.Trusts(authenticationResults[i], i), -1);
        if (position < 0)
        {
            return new AuthenticationVerdict(false, NoTrustedHeader(authenticationResults, trust));
        }

        var results = authenticationResults[position].Results;
        var domain = from.Domain;
        if (results.Any(r => r.Method == "dmarc" && r.Result == "fail"))
        {
            return new AuthenticationVerdict(false, "DMARC failed for the sender's domain");
        }

        if (results.Any(r => r.Method == "dmarc" && r.Result == "pass" && Aligned(r.Property("header", "from"), domain)))
        {
            return new AuthenticationVerdict(true, $"DMARC passed for {domain}");
        }

        if (results.FirstOrDefault(r => r.Method == "dkim" && r.Result == "pass" && Aligned(r.Property("header", "d"), domain)) is { } dkim)
        {
            return new AuthenticationVerdict(true, $"DKIM passed, signed by {dkim.Property("header", "d")}");
        }

        var seen = results.Count == 0 ? "none" : string.Join(", ", results.Select(r => Bounded(r.ToString())));
        return new AuthenticationVerdict(false, $"the receiving mail system recorded no DMARC pass for {domain} and no DKIM signature by {domain} (seen: {seen})");
    }

    /// <summary>
    /// Whether <paramref name="value"/> (a domain, or an address in one) is aligned with the From
    /// address's <paramref name="domain"/>: the same, or one a subdomain of the other.
    /// </summary>
    public static bool Aligned(string? value, string domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var candidate = (value.Contains('@', StringComparison.Ordinal) ? value[(value.LastIndexOf('@') + 1)..] : value).Trim().TrimEnd('.');
        if (!candidate.Contains('.', StringComparison.Ordinal) || candidate.StartsWith('.'))
        {
            return false;
        }

        return candidate.Equals(domain, StringComparison.OrdinalIgnoreCase)
            || domain.EndsWith("." + candidate, StringComparison.OrdinalIgnoreCase)
            || candidate.EndsWith("." + domain, StringComparison.OrdinalIgnoreCase);
    }

    private static string NoTrustedHeader(IReadOnlyList<AuthenticationResultsHeader> headers, SenderTrust trust)
    {
        var writers = string.Join(", ", headers.Take(5).Select(h => !h.IsReadable ? "unreadable" : h.AuthServId is { } id ? Bounded(id) : "no authserv-id"));
        var rule = trust.ReadFromOwnExchange
            ? "only the council's Exchange Online (the topmost header, with no authserv-id) or a server named in Cme:Commands:TrustedAuthServIds counts"
            : "only a server named in Cme:Commands:TrustedAuthServIds counts";
        return $"none of its Authentication-Results headers was written by the council's own receiving mail system (written by: {writers}); {rule}";
    }

    /// <summary>Text from the message, shortened before it goes into a reply or the timeline.</summary>
    private static string Bounded(string text) => text.Length <= 64 ? text : text[..64] + "…";
}

/// <summary>Whether the sender is authenticated, and why (said to the officer when a command is refused).</summary>
public sealed record AuthenticationVerdict(bool Passed, string Reason);
