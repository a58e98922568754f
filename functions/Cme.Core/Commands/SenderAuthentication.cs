using System.Text.RegularExpressions;
using Cme.Core.Mail;

namespace Cme.Core.Commands;

/// <summary>
/// Whether a message really came from the address it claims, as the receiving mail system
/// recorded it. A command changes a child's case, so it is applied only from a staff address on a
/// message that passed: DMARC; or DKIM signed by the sender's own domain; or SPF for the sender's
/// own domain; or Exchange Online marked it as sent from inside the organisation. Only the topmost
/// Authentication-Results header counts: it is the one our own mail system added, and anything
/// below it came with the message and may be forged.
/// </summary>
public static partial class SenderAuthentication
{
    public static AuthenticationVerdict Evaluate(EmailAddress? from, string? authenticationResults, string? exchangeAuthAs)
    {
        if (from is null)
        {
            return new AuthenticationVerdict(false, "the message has no sender address");
        }

        if (string.Equals(exchangeAuthAs?.Trim(), "Internal", StringComparison.OrdinalIgnoreCase))
        {
            return new AuthenticationVerdict(true, "sent from inside the organisation (Exchange internal authentication)");
        }

        if (string.IsNullOrWhiteSpace(authenticationResults))
        {
            return new AuthenticationVerdict(false, "the message carries no authentication results (SPF, DKIM, DMARC) from the receiving mail system");
        }

        var domain = from.Domain;
        var results = Results().Matches(authenticationResults)
            .Select(m => (Method: m.Groups["method"].Value.ToLowerInvariant(), Result: m.Groups["result"].Value.ToLowerInvariant(), Properties: m.Groups["props"].Value))
            .ToList();

        if (results.Any(r => r.Method == "dmarc" && r.Result == "fail"))
        {
            return new AuthenticationVerdict(false, "DMARC failed for the sender's domain");
        }

        if (results.Any(r => r.Method == "dmarc" && r.Result == "pass" && Aligned(r.Properties, "header.from", domain, required: false)))
        {
            return new AuthenticationVerdict(true, "DMARC passed");
        }

        if (results.Any(r => r.Method == "dkim" && r.Result == "pass" && Aligned(r.Properties, "header.d", domain, required: true)))
        {
            return new AuthenticationVerdict(true, "DKIM passed for the sender's domain");
        }

        if (results.Any(r => r.Method == "spf" && r.Result == "pass" && Aligned(r.Properties, "smtp.mailfrom", domain, required: true)))
        {
            return new AuthenticationVerdict(true, "SPF passed for the sender's domain");
        }

        var seen = results.Count == 0 ? "none" : string.Join(", ", results.Select(r => $"{r.Method}={r.Result}"));
        return new AuthenticationVerdict(false, $"no passing SPF, DKIM or DMARC result for {domain} (seen: {seen})");
    }

    /// <summary>The property names a domain (or an address in it) equal to, or a subdomain of, the sender's.</summary>
    private static bool Aligned(string properties, string property, string domain, bool required)
    {
        var match = Regex.Match(properties, Regex.Escape(property) + @"=(?<value>[^\s;]+)", RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));
        if (!match.Success)
        {
            return !required;
        }

        var value = match.Groups["value"].Value.Trim('"', '<', '>');
        var valueDomain = value.Contains('@') ? value[(value.LastIndexOf('@') + 1)..] : value;
        return valueDomain.Equals(domain, StringComparison.OrdinalIgnoreCase)
            || domain.EndsWith("." + valueDomain, StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex(@"(?<method>spf|dkim|dmarc)\s*=\s*(?<result>[a-z]+)(?<props>[^;]*)", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Results();
}

/// <summary>Whether the sender is authenticated, and why (said to the officer when a command is refused).</summary>
public sealed record AuthenticationVerdict(bool Passed, string Reason);
