using Cme.Infrastructure.Configuration;
using Microsoft.Extensions.Configuration;

namespace Cme.Cli.Tests;

/// <summary>The command reads its settings as the hosts do: bound and validated the one way.</summary>
public sealed class SettingsTests
{
    [Fact]
    public void A_bad_setting_is_refused_naming_the_setting_and_what_to_type()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Cme:Outbox:From"] = "not an address" }).Build();

        var error = Assert.Throws<ConfigurationException>(() => CliProfiles.Options(configuration));

        Assert.Contains("Cme:Outbox:From 'not an address' is not an email address", error.Message, StringComparison.Ordinal);
        Assert.Contains("cme-noreply@example.org", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_configured_profile_is_read_from_the_settings()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Cme:Profile"] = "another-authority" }).Build();

        Assert.Equal("another-authority", CliProfiles.Options(configuration).Profile);
    }
}
