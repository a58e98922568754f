using System.Text;
using Cme.Core.Commands;

namespace Cme.Parsing.Tests;

/// <summary>
/// What the parser hands the sender check: only the header the receiving mail system added counts,
/// never one that arrived inside the message.
/// </summary>
public sealed class SenderAuthenticationHeaderTests
{
    private static ParsedMessage Read(params string[] authenticationHeaders)
    {
        var mime = new StringBuilder();
        foreach (var header in authenticationHeaders)
        {
            mime.Append(header).Append("\r\n");
        }

        mime.Append("From: cme-west@example.org\r\nTo: cme@example.org\r\nSubject: RE: CME-2026-00012\r\nMessage-ID: <cmd-1@example.org>\r\n")
            .Append("Date: Tue, 01 Dec 2026 09:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n#located\r\n");
        var parsed = new EmailParser().Parse(Encoding.UTF8.GetBytes(mime.ToString()));
        return new ParsedMessage(parsed.AuthenticationResults, SenderAuthentication.Evaluate(parsed.From, parsed.AuthenticationResults, parsed.ExchangeAuthAs));
    }

    [Fact]
    public void A_forged_passing_header_below_the_receiving_systems_failing_one_does_not_authenticate()
    {
        var message = Read(
            "Authentication-Results: mx.example.org; spf=fail smtp.mailfrom=example.org; dkim=none; dmarc=fail header.from=example.org",
            "Authentication-Results: forged.example.net; dkim=pass header.d=example.org; dmarc=pass header.from=example.org");

        Assert.StartsWith("mx.example.org", message.Header, StringComparison.Ordinal);
        Assert.False(message.Verdict.Passed);
        Assert.Equal("DMARC failed for the sender's domain", message.Verdict.Reason);
    }

    [Fact]
    public void A_passing_receiving_header_authenticates_whatever_a_lower_header_says()
    {
        var message = Read(
            "Authentication-Results: mx.example.org; dkim=pass header.d=example.org header.s=selector1",
            "Authentication-Results: relay.example.net; dmarc=fail header.from=example.org");

        Assert.True(message.Verdict.Passed);
    }

    [Fact]
    public void A_header_folded_over_lines_is_read_whole()
    {
        var message = Read("Authentication-Results: mx.example.org;\r\n\tspf=none;\r\n\tdkim=none;\r\n\tdmarc=pass action=none header.from=example.org");

        Assert.True(message.Verdict.Passed, message.Verdict.Reason);
    }

    [Fact]
    public void A_message_with_no_authentication_header_is_not_authenticated_and_says_so()
    {
        var message = Read();

        Assert.Null(message.Header);
        Assert.False(message.Verdict.Passed);
        Assert.Contains("no authentication results", message.Verdict.Reason, StringComparison.Ordinal);
    }

    private sealed record ParsedMessage(string? Header, AuthenticationVerdict Verdict);
}
