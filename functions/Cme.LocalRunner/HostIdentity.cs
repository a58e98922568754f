using System.Text.RegularExpressions;
using Cme.Infrastructure.Configuration;
using Microsoft.Azure.WebJobs.Host.Executors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cme.LocalRunner;

/// <summary>
/// The WebJobs host id from <c>AzureWebJobs:HostId</c> (<c>AzureWebJobs__HostId</c>): the key of
/// the timers' locks and schedule records, which every replica of one deployment shares and no
/// other deployment on the same storage may use. The SDK never reads that setting by itself: it
/// hashes the functions' assembly name, the same for every deployment of one build.
/// </summary>
public static partial class HostIdentity
{
    public const string Setting = "AzureWebJobs:HostId";

    public static IServiceCollection AddConfiguredHostId(this IServiceCollection services, IConfiguration configuration)
    {
        var hostId = configuration[Setting];
        if (string.IsNullOrWhiteSpace(hostId))
        {
            return services;
        }

        if (!ValidHostId().IsMatch(hostId))
        {
            throw new ConfigurationException(
                $"{Setting} '{hostId}' is not a WebJobs host id: use 1 to 32 lower-case letters, digits and dashes, not starting or ending with a dash (e.g. cme-hertfordshire).");
        }

        services.AddSingleton<IHostIdProvider>(new FixedHostId(hostId));
        return services;
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$")]
    private static partial Regex ValidHostId();

    private sealed class FixedHostId(string hostId) : IHostIdProvider
    {
        public Task<string> GetHostIdAsync(CancellationToken cancellationToken) => Task.FromResult(hostId);
    }
}
