using Cme.Core.Profiles;
using Cme.Infrastructure.Configuration;
using Cme.Infrastructure.Profiles;
using Cme.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cme.Cli;

/// <summary>Profiles for commands that need no storage: the same settings as the host, read once.</summary>
public static class CliProfiles
{
    private static readonly Lazy<IConfiguration> Configuration = new(() =>
        new ConfigurationBuilder().AddCmeSources(RepositoryLayout.FindContentRoot()).Build());

    public static CmeOptions Options() => Options(Configuration.Value);

    /// <summary>The settings bound and validated as the hosts do; a problem is a <see cref="ConfigurationException"/> naming the setting.</summary>
    public static CmeOptions Options(IConfiguration configuration)
    {
        using var services = new ServiceCollection().AddCmeOptions(configuration).BuildServiceProvider();
        try
        {
            return services.GetRequiredService<IOptions<CmeOptions>>().Value;
        }
        catch (OptionsValidationException invalid)
        {
            throw new ConfigurationException(string.Join(Environment.NewLine, invalid.Failures));
        }
    }

    public static ProfileStore Store() => ProfileStore.From(Options());

    /// <summary>The named profile, or the configured one (<c>Cme:Profile</c>) when no name is given.</summary>
    public static AuthorityProfile Load(string? name) => Store().Load(name ?? Options().Profile);
}
