using Cme.Infrastructure;
using Cme.Infrastructure.Configuration;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Cme.Functions;

/// <summary>
/// The Function App's worker process: the Functions host starts it, hands it triggers over gRPC and
/// reads its settings (app settings, or local.settings.json under Core Tools) as environment variables.
/// </summary>
public static class Program
{
    public static async Task Main(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        AddServices(builder.Services, builder.Configuration);
        await builder.Build().RunAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Everything the functions need, from settings alone: the one composition every host calls
    /// (<see cref="InfrastructureServices.AddCme"/>); the local runner adds only the storage it
    /// resolved and its start-up report. Also called by the test that resolves every function class.
    /// </summary>
    public static IServiceCollection AddServices(IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // Graph or SendGrid chosen without their settings: stop at start naming each one.
        ProductionSettings.Validate(configuration);
        services.AddCme(configuration, RepositoryLayout.FindContentRoot());
        return services;
    }
}
