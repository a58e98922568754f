using Cme.Core.Profiles;
using Cme.Infrastructure.Configuration;
using Cme.Infrastructure.Profiles;
using Microsoft.Extensions.Configuration;

namespace Cme.Cli;

/// <summary>Profiles for commands that need no storage: the same settings as the host, read once.</summary>
public static class CliProfiles
{
    private static readonly Lazy<IConfiguration> Configuration = new(() =>
        new ConfigurationBuilder().AddCmeSources(RepositoryLayout.FindContentRoot()).Build());

    public static CmeOptions Options()
    {
        var options = new CmeOptions();
        Configuration.Value.GetSection(CmeOptions.SectionName).Bind(options);
        return options;
    }

    public static ProfileStore Store() => ProfileStore.From(Options());

    /// <summary>The named profile, or the configured one (<c>Cme:Profile</c>) when no name is given.</summary>
    public static AuthorityProfile Load(string? name) => Store().Load(name ?? Options().Profile);
}
