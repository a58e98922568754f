using Azure.Identity;
using Cme.Infrastructure.Configuration;
using Microsoft.Azure.WebJobs.Host.Abstractions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Azure.Monitor.OpenTelemetry.Exporter;

namespace Cme.LocalRunner.Telemetry;

/// <summary>Where the host's logs, traces and metrics go.</summary>
public enum TelemetryDestination
{
    /// <summary>Nowhere but the console log.</summary>
    None,

    /// <summary>Azure Monitor (Application Insights), by <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c>.</summary>
    ApplicationInsights,

    /// <summary>An OpenTelemetry collector, by <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (e.g. a local dashboard).</summary>
    Otlp,
}

/// <summary>
/// The telemetry settings, read the way Azure Functions reads them:
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> sends to Application Insights, signed in with
/// Entra ID when <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> is <c>Authorization=AAD</c>
/// (a managed identity; <c>;ClientId=…</c> names a user-assigned one), so the resource can refuse
/// the connection string's key alone. Without it, <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> sends OTLP.
/// </summary>
public sealed record TelemetrySettings(TelemetryDestination Destination, string? ConnectionString, bool EntraAuthentication, string? EntraClientId)
{
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string AuthenticationStringSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static TelemetrySettings Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration[ConnectionStringSetting];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            var (entra, clientId) = ReadAuthentication(configuration[AuthenticationStringSetting]);
            return new TelemetrySettings(TelemetryDestination.ApplicationInsights, connectionString.Trim(), entra, clientId);
        }

        return string.IsNullOrWhiteSpace(configuration[OtlpEndpointSetting])
            ? new TelemetrySettings(TelemetryDestination.None, null, EntraAuthentication: false, null)
            : new TelemetrySettings(TelemetryDestination.Otlp, null, EntraAuthentication: false, null);
    }

    /// <summary>Never prints the connection string.</summary>
    public override string ToString() => $"TelemetrySettings {{ Destination = {Destination}, EntraAuthentication = {EntraAuthentication}, EntraClientId = {EntraClientId} }}";

    private static (bool Entra, string? ClientId) ReadAuthentication(string? authentication)
    {
        if (string.IsNullOrWhiteSpace(authentication))
        {
            return (false, null);
        }

        var parts = authentication.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2, StringSplitOptions.TrimEntries))
            .ToDictionary(pair => pair[0], pair => pair.Length == 2 ? pair[1] : string.Empty, StringComparer.OrdinalIgnoreCase);
        if (!parts.TryGetValue("Authorization", out var scheme) || !scheme.Equals("AAD", StringComparison.OrdinalIgnoreCase))
        {
            throw new ConfigurationException(
                $"{AuthenticationStringSetting} '{authentication}' is not understood: set it to 'Authorization=AAD' (system-assigned identity) " +
                "or 'Authorization=AAD;ClientId=<the user-assigned identity's client id>', or remove it to send with the connection string alone.");
        }

        var clientId = parts.GetValueOrDefault("ClientId");
        if (!string.IsNullOrEmpty(clientId) && !Guid.TryParse(clientId, out _))
        {
            throw new ConfigurationException(
                $"{AuthenticationStringSetting}: ClientId '{clientId}' is not a client id: set it to the user-assigned managed identity's client id, a GUID (az identity show --query clientId).");
        }

        return (true, string.IsNullOrEmpty(clientId) ? null : clientId);
    }
}

/// <summary>The host's OpenTelemetry: function spans with the Azure SDK's inside them, runtime and HTTP metrics, and logs; redacted and exported.</summary>
public static class HostTelemetry
{
    public const string ServiceName = "cme-functions";

    /// <summary>
    /// One span per function invocation always (free without a listener); with a destination
    /// configured, traces, metrics and logs exported there. <paramref name="configure"/> lets a
    /// test add its own exporter after the product's pipeline.
    /// </summary>
    public static IServiceCollection AddCmeTelemetry(this IServiceCollection services, IConfiguration configuration, Action<IOpenTelemetryBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton<IActivitySourceAbstraction, FunctionActivities>();
        var settings = TelemetrySettings.Read(configuration);
        if (settings.Destination == TelemetryDestination.None && configure is null)
        {
            return services;
        }

        // The Azure SDK's own spans (tables, queues) are published only when asked for.
        AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);
        var profile = configuration["Cme:Profile"] ?? new CmeOptions().Profile;
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource
                .AddService(ServiceName, serviceNamespace: profile, serviceVersion: typeof(HostTelemetry).Assembly.GetName().Version?.ToString()))
            // Function spans and, inside them, the Azure SDK's (tables, queues). Not System.Net.Http:
            // the trigger's queue polling (every couple of seconds, per queue) would bury the
            // function spans and use up Application Insights' sampling budget.
            .WithTracing(tracing => tracing
                .AddSource(FunctionActivities.SourceName, "Azure.*")
                .AddProcessor(new PersonalDataRedaction.ActivityProcessor()))
            .WithMetrics(metrics => metrics.AddMeter("System.Runtime", "System.Net.Http"))
            .WithLogging(
                logging => logging.AddProcessor(new PersonalDataRedaction.LogProcessor()),
                options =>
                {
                    options.IncludeFormattedMessage = true;
                    options.IncludeScopes = false;
                });

        switch (settings.Destination)
        {
            case TelemetryDestination.ApplicationInsights:
                telemetry.UseAzureMonitorExporter(options =>
                {
                    options.ConnectionString = settings.ConnectionString;
                    // Every span kept. The exporter's default (a rate limit of 5 traces a second)
                    // samples probabilistically even at this host's few hundred invocations a day,
                    // and drops the logs of a dropped span with it.
                    options.TracesPerSecond = null;
                    options.SamplingRatio = 1.0f;
                    if (settings.EntraAuthentication)
                    {
                        options.Credential = new ManagedIdentityCredential(settings.EntraClientId is null
                            ? ManagedIdentityId.SystemAssigned
                            : ManagedIdentityId.FromUserAssignedClientId(settings.EntraClientId));
                    }
                });
                break;
            case TelemetryDestination.Otlp:
                telemetry.UseOtlpExporter();
                break;
        }

        configure?.Invoke(telemetry);
        return services;
    }
}
