using System.Text;
using Cme.Core.Commands;
using Cme.Core.Mail;

namespace Cme.Parsing.Tests;

/// <summary>
/// What the parser hands the sender check: every Authentication-Results header, parsed, topmost
/// first; only one the council's own receiving system wrote counts, never one that arrived inside
/// the message.
/// </summary>
public sealed class SenderAuthenticationHeaderTests
{
    /// <summary>A folder mailbox whose council configured its receiving server, mx.example.org.</summary>
    private static readonly SenderTrust Trust = new(["mx.example.org"], ReadFromOwnExchange: false);

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
        return new ParsedMessage(parsed.AuthenticationResults, SenderAuthentication.Evaluate(parsed.From, parsed.AuthenticationResults, parsed.ExchangeAuthAs, Trust));
    }

    [Fact]
    public void A_forged_passing_header_below_the_receiving_systems_failing_one_does_not_authenticate()
    {
        var message = Read(
            "Authentication-Results: mx.example.org; spf=fail smtp.mailfrom=example.org; dkim=none; dmarc=fail header.from=example.org",
            "Authentication-Results: forged.example.net; dkim=pass header.d=example.org; dmarc=pass header.from=example.org");

        Assert.Equal("mx.example.org", message.Headers[0].AuthServId);
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

        Assert.Empty(message.Headers);
        Assert.False(message.Verdict.Passed);
        Assert.Contains("no authentication results", message.Verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_header_is_handed_on_topmost_first_with_its_authserv_id_and_results()
    {
        var message = Read(
            "Authentication-Results: relay.example.org; none",
            "Authentication-Results: mx.example.org; spf=pass smtp.mailfrom=bounces@example.org; dkim=pass header.d=example.org header.s=selector1; dmarc=pass action=none header.from=example.org");

        Assert.Equal(["relay.example.org", "mx.example.org"], message.Headers.Select(h => h.AuthServId));
        var results = message.Headers[1].Results;
        Assert.Equal(["spf=pass", "dkim=pass", "dmarc=pass"], results.Select(r => r.ToString()));
        Assert.Equal("example.org", results[2].Property("header", "from"));
        Assert.Equal("example.org", results[1].Property("header", "d"));
        Assert.Equal("bounces@example.org", results[0].Property("smtp", "mailfrom"));
    }

    [Fact]
    public void Exchange_onlines_header_has_no_authserv_id_and_its_results_are_read()
    {
        var message = Read("Authentication-Results: spf=pass (sender IP is 192.0.2.1)\r\n smtp.mailfrom=example.org; dkim=pass (signature was verified)\r\n header.d=example.org;dmarc=pass action=none header.from=example.org;compauth=pass\r\n reason=100");

        var header = Assert.Single(message.Headers);
        Assert.True(header.IsReadable);
        Assert.Null(header.AuthServId);
        Assert.Equal(["spf=pass", "dkim=pass", "dmarc=pass", "compauth=pass"], header.Results.Select(r => r.ToString()));
        Assert.Equal("example.org", header.Results[2].Property("header", "from"));
    }

    [Fact]
    public void A_value_quoting_a_separator_and_a_result_is_one_value_not_a_result()
    {
        var message = Read("Authentication-Results: mx.example.org; spf=pass smtp.mailfrom=\"x;dmarc=pass header.from=example.org\"@attacker.example; dmarc=none");

        Assert.DoesNotContain(message.Headers.SelectMany(h => h.Results), r => r.Method == "dmarc" && r.Result == "pass");
        Assert.False(message.Verdict.Passed);
    }

    [Fact]
    public void A_comment_saying_pass_is_a_comment()
    {
        var message = Read("Authentication-Results: mx.example.org; dmarc=none (dmarc=pass header.from=example.org) header.from=example.org");

        Assert.Equal("none", Assert.Single(message.Headers[0].Results).Result);
        Assert.False(message.Verdict.Passed);
    }

    [Fact]
    public void A_header_that_cannot_be_parsed_is_kept_in_its_place_as_unreadable()
    {
        var message = Read(
            "Authentication-Results: ;;; dmarc=pass header.from=example.org =",
            "Authentication-Results: mx.example.org; dmarc=fail header.from=example.org");

        Assert.Equal(2, message.Headers.Count);
        Assert.False(message.Headers[0].IsReadable);
        Assert.False(message.Verdict.Passed);
    }

    private sealed record ParsedMessage(IReadOnlyList<AuthenticationResultsHeader> Headers, AuthenticationVerdict Verdict);
}
