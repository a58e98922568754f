using Cme.Core.Commands;
using Cme.Core.Mail;
using static Cme.Core.Tests.Commands.AuthenticationResultsNotation;

namespace Cme.Core.Tests.Commands;

/// <summary>One test per rule of the check that decides whether a staff command is applied.</summary>
public sealed class SenderAuthenticationTests
{
    private static readonly EmailAddress Officer = EmailAddress.Parse("cme-west@example.org");

    /// <summary>A folder mailbox whose council configured its receiving server's authserv-id.</summary>
    private static readonly SenderTrust Folder = new(["mx.example.org"], ReadFromOwnExchange: false);

    /// <summary>Mail read through Graph from the council's Exchange Online.</summary>
    private static readonly SenderTrust Graph = new([], ReadFromOwnExchange: true);

    private static AuthenticationVerdict Evaluate(SenderTrust trust, params AuthenticationResultsHeader[] headers) =>
        SenderAuthentication.Evaluate(Officer, headers, null, trust);

    [Fact]
    public void Dmarc_pass_authenticates()
    {
        Assert.True(Evaluate(Folder, Header("mx.example.org", Spf("none"), Dkim("none"), Dmarc("pass", "example.org"))).Passed);
    }

    [Fact]
    public void Dkim_pass_signed_by_the_senders_domain_authenticates()
    {
        Assert.True(Evaluate(Folder, Header("mx.example.org", Dkim("pass", "example.org"))).Passed);
    }

    [Fact]
    public void Dkim_pass_signed_by_another_domain_does_not()
    {
        var verdict = Evaluate(Folder, Header("mx.example.org", Dkim("pass", "attacker.example")));

        Assert.False(verdict.Passed);
        Assert.Contains("dkim=pass", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Spf_pass_alone_does_not_authenticate_even_for_the_senders_domain()
    {
        // Changed with issue 19: SPF speaks for the envelope sender, not the From address the
        // officer is known by; only DMARC (which requires alignment) or an aligned DKIM signature does.
        var verdict = Evaluate(Folder, Header("mx.example.org", Spf("pass", "bounces@example.org")));

        Assert.False(verdict.Passed);
        Assert.Contains("spf=pass", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Spf_pass_for_another_envelope_domain_does_not()
    {
        Assert.False(Evaluate(Folder, Header("mx.example.org", Spf("pass", "bulk@attacker.example"))).Passed);
    }

    [Fact]
    public void Dmarc_fail_refuses_even_when_spf_passed()
    {
        var verdict = Evaluate(Folder, Header("mx.example.org", Spf("pass", "example.org"), Dmarc("fail", "example.org")));

        Assert.False(verdict.Passed);
        Assert.Equal("DMARC failed for the sender's domain", verdict.Reason);
    }

    [Fact]
    public void Dmarc_fail_refuses_even_when_an_aligned_dkim_signature_passed()
    {
        Assert.False(Evaluate(Folder, Header("mx.example.org", Dkim("pass", "example.org"), Dmarc("fail", "example.org"))).Passed);
    }

    [Fact]
    public void Exchange_internal_authentication_authenticates_mail_read_through_graph()
    {
        Assert.True(SenderAuthentication.Evaluate(Officer, [], "Internal", Graph).Passed);
    }

    [Fact]
    public void Exchange_internal_authentication_on_a_folder_mailbox_file_proves_nothing()
    {
        var verdict = SenderAuthentication.Evaluate(Officer, [], "Internal", Folder);

        Assert.False(verdict.Passed);
        Assert.Contains("no authentication results", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Exchange_anonymous_with_no_results_does_not()
    {
        Assert.False(SenderAuthentication.Evaluate(Officer, [], "Anonymous", Graph).Passed);
    }

    [Fact]
    public void No_authentication_results_at_all_does_not()
    {
        var verdict = SenderAuthentication.Evaluate(Officer, [], null, Folder);

        Assert.False(verdict.Passed);
        Assert.Contains("no authentication results", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void All_failing_results_do_not()
    {
        Assert.False(Evaluate(Folder, Header("mx.example.org", Spf("fail", "example.org"), Dkim("fail", "example.org"), Dmarc("none"))).Passed);
    }

    [Fact]
    public void A_bare_dmarc_pass_naming_no_from_domain_proves_nothing()
    {
        var verdict = Evaluate(Folder, Header("mx.example.org", Dmarc("pass")));

        Assert.False(verdict.Passed);
        Assert.Contains("no DMARC pass for example.org", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dmarc_pass_for_another_from_domain_does_not()
    {
        Assert.False(Evaluate(Folder, Header("mx.example.org", Dmarc("pass", "attacker.example"))).Passed);
    }

    [Fact]
    public void A_header_written_by_a_server_the_council_does_not_run_does_not_count()
    {
        var verdict = Evaluate(Folder, Header("mx.attacker.example", Dmarc("pass", "example.org")));

        Assert.False(verdict.Passed);
        Assert.Contains("mx.attacker.example", verdict.Reason, StringComparison.Ordinal);
        Assert.Contains("Cme:Commands:TrustedAuthServIds", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_mailbox_with_no_configured_authserv_id_trusts_no_header()
    {
        Assert.False(SenderAuthentication.Evaluate(Officer, [Header("mx.example.org", Dmarc("pass", "example.org"))], null, SenderTrust.Nothing).Passed);
    }

    [Fact]
    public void The_authserv_id_is_compared_without_regard_to_case()
    {
        Assert.True(Evaluate(Folder, Header("MX.Example.ORG", Dmarc("pass", "example.org"))).Passed);
    }

    [Fact]
    public void Only_the_topmost_trusted_header_counts_when_two_are_trusted()
    {
        // The lower one came with the message: a forger can write the council's own authserv-id too.
        Assert.False(Evaluate(Folder, Header("mx.example.org", Dmarc("fail", "example.org")), Header("mx.example.org", Dmarc("pass", "example.org"))).Passed);
        Assert.True(Evaluate(Folder, Header("mx.example.org", Dmarc("pass", "example.org")), Header("mx.example.org", Dmarc("fail", "example.org"))).Passed);
    }

    [Fact]
    public void An_untrusted_header_above_the_trusted_one_is_passed_over_whatever_it_says()
    {
        Assert.False(Evaluate(Folder, Header("relay.example.net", Dmarc("pass", "example.org")), Header("mx.example.org", Dmarc("fail", "example.org"))).Passed);
        Assert.True(Evaluate(Folder, Header("relay.example.net", Dmarc("fail", "example.org")), Header("mx.example.org", Dmarc("pass", "example.org"))).Passed);
    }

    [Fact]
    public void An_unreadable_header_is_never_trusted()
    {
        Assert.False(Evaluate(Graph, AuthenticationResultsHeader.Unreadable).Passed);
    }

    [Fact]
    public void Through_graph_exchange_onlines_topmost_header_without_an_authserv_id_counts()
    {
        var verdict = Evaluate(Graph, Header(null, Spf("pass", "example.org"), Dkim("pass", "example.org"), Dmarc("pass", "example.org")));

        Assert.True(verdict.Passed, verdict.Reason);
    }

    [Fact]
    public void Through_graph_a_header_without_an_authserv_id_below_the_topmost_does_not_count()
    {
        Assert.False(Evaluate(Graph, Header("relay.example.net", Dmarc("none")), Header(null, Dmarc("pass", "example.org"))).Passed);
    }

    [Fact]
    public void From_a_folder_mailbox_a_header_without_an_authserv_id_does_not_count()
    {
        Assert.False(Evaluate(Folder, Header(null, Dmarc("pass", "example.org"))).Passed);
    }

    [Theory]
    [InlineData("example.org", true)] // the same domain
    [InlineData("EXAMPLE.org", true)] // domains are case-insensitive
    [InlineData("mail.example.org", true)] // a subdomain of the From domain (relaxed alignment)
    [InlineData("bounces@example.org", true)] // an address in the domain
    [InlineData("example.org.", true)] // a fully qualified name's final dot
    [InlineData("evil.example", false)] // another domain
    [InlineData("notexample.org", false)] // a suffix of the name is not a parent domain
    [InlineData("org", false)] // a bare top-level domain aligns with nothing
    [InlineData("", false)] // no value proves nothing
    public void Aligned_means_the_same_domain_or_one_a_subdomain_of_the_other(string value, bool aligned)
    {
        Assert.Equal(aligned, SenderAuthentication.Aligned(value, "example.org"));
    }

    [Fact]
    public void Sibling_subdomains_are_not_aligned()
    {
        Assert.False(SenderAuthentication.Aligned("b.example.org", "a.example.org"));
        Assert.True(SenderAuthentication.Aligned("example.org", "a.example.org"));
    }
}
