using Cme.Infrastructure.Configuration;
using Microsoft.Extensions.Configuration;

namespace Cme.Infrastructure.Tests.Configuration;

/// <summary>The sender-check and child-index settings are checked at start-up, each message naming the setting and the fix.</summary>
public sealed class CmeOptionsValidatorTests
{
    private static readonly IConfiguration Local = new ConfigurationBuilder().Build();

    private static readonly IConfiguration Azure = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["AzureWebJobsStorage:accountName"] = "stcmeherts",
        ["AzureWebJobsStorage:credential"] = "managedidentity",
    }).Build();

    private static CmeOptions With(string? trusted = null, string? key = null) =>
        new() { Commands = new CommandOptions { TrustedAuthServIds = trusted }, ChildIndex = new ChildIndexOptions { Key = key } };

    [Fact]
    public void The_local_defaults_pass()
    {
        Assert.True(new CmeOptionsValidator(Local).Validate(null, new CmeOptions()).Succeeded);
    }

    [Fact]
    public void Several_trusted_authserv_ids_are_read_from_one_comma_separated_setting()
    {
        var options = With(trusted: " mx1.council.gov.uk, mx2.council.gov.uk ,");

        Assert.True(new CmeOptionsValidator(Local).Validate(null, options).Succeeded);
        Assert.Equal(["mx1.council.gov.uk", "mx2.council.gov.uk"], options.Commands.TrustedAuthServIdList);
    }

    [Fact]
    public void A_trusted_authserv_id_that_is_not_a_host_name_is_refused_naming_the_setting()
    {
        var result = new CmeOptionsValidator(Local).Validate(null, With(trusted: "mx.council.gov.uk; dmarc=pass"));

        Assert.True(result.Failed);
        Assert.Contains("Cme:Commands:TrustedAuthServIds: 'mx.council.gov.uk; dmarc=pass' is not an authserv-id", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_short_child_index_key_is_refused_without_repeating_it()
    {
        var result = new CmeOptionsValidator(Local).Validate(null, With(key: "c2hvcnQ="));

        Assert.True(result.Failed);
        Assert.Contains("Cme:ChildIndex:Key holds 5 bytes", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("c2hvcnQ=", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_azure_deployment_without_a_child_index_key_does_not_start()
    {
        var result = new CmeOptionsValidator(Azure).Validate(null, new CmeOptions());

        Assert.True(result.Failed);
        Assert.Contains("Cme:ChildIndex:Key is not set", result.FailureMessage, StringComparison.Ordinal);
        Assert.True(new CmeOptionsValidator(Azure).Validate(null, With(key: "q83vEjRWeJASNFZ4kBI0VniQEjRWeJASNFZ4kBI0Vng=")).Succeeded);
    }
}
