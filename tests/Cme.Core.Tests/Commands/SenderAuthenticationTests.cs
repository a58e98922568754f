using Cme.Core.Commands;
using Cme.Core.Mail;

namespace Cme.Core.Tests.Commands;

/// <summary>One test per rule of the check that decides whether a staff command is applied.</summary>
public sealed class SenderAuthenticationTests
{
    private static readonly EmailAddress Officer = EmailAddress.Parse("cme-west@example.org");

    [Fact]
    public void Dmarc_pass_authenticates()
    {
        Assert.True(SenderAuthentication.Evaluate(Officer, "mx.example.org; spf=none; dkim=none; dmarc=pass header.from=example.org", null).Passed);
    }

    [Fact]
    public void Dkim_pass_signed_by_the_senders_domain_authenticates()
    {
        Assert.True(SenderAuthentication.Evaluate(Officer, "mx.example.org; dkim=pass header.d=example.org header.s=selector1", null).Passed);
    }

    [Fact]
    public void Dkim_pass_signed_by_another_domain_does_not()
    {
        var verdict = SenderAuthentication.Evaluate(Officer, "mx.example.org; dkim=pass header.d=attacker.example", null);

        Assert.False(verdict.Passed);
        Assert.Contains("dkim=pass", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Spf_pass_for_the_senders_domain_authenticates()
    {
        Assert.True(SenderAuthentication.Evaluate(Officer, "mx.example.org; spf=pass smtp.mailfrom=bounces@example.org", null).Passed);
    }

    [Fact]
    public void Spf_pass_for_another_envelope_domain_does_not()
    {
        Assert.False(SenderAuthentication.Evaluate(Officer, "mx.example.org; spf=pass smtp.mailfrom=bulk@attacker.example", null).Passed);
    }

    [Fact]
    public void Dmarc_fail_refuses_even_when_spf_passed()
    {
        var verdict = SenderAuthentication.Evaluate(Officer, "mx.example.org; spf=pass smtp.mailfrom=example.org; dmarc=fail header.from=example.org", null);

        Assert.False(verdict.Passed);
        Assert.Equal("DMARC failed for the sender's domain", verdict.Reason);
    }

    [Fact]
    public void Exchange_internal_authentication_authenticates()
    {
        Assert.True(SenderAuthentication.Evaluate(Officer, null, "Internal").Passed);
    }

    [Fact]
    public void Exchange_anonymous_with_no_results_does_not()
    {
        Assert.False(SenderAuthentication.Evaluate(Officer, null, "Anonymous").Passed);
    }

    [Fact]
    public void No_authentication_results_at_all_does_not()
    {
        var verdict = SenderAuthentication.Evaluate(Officer, null, null);

        Assert.False(verdict.Passed);
        Assert.Contains("no authentication results", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void All_failing_results_do_not()
    {
        Assert.False(SenderAuthentication.Evaluate(Officer, "mx.example.org; spf=fail smtp.mailfrom=example.org; dkim=fail header.d=example.org; dmarc=none", null).Passed);
    }
}
