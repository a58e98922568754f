using Cme.Infrastructure.Configuration;
using Cme.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cme.Functions;

public static class HostServices
{
    /// <summary>Everything the host's functions need, registered once.</summary>
    public static IServiceCollection AddCmeHost(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CmeOptions>()
            .Bind(configuration.GetSection(CmeOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddHostedService<StartupReport>();
        return services;
    }
}

/// <summary>Says, once, at start-up, which storage, mailbox and profile this host is using.</summary>
internal sealed partial class StartupReport(
    StorageConnection storage,
    IOptions<CmeOptions> options,
    IHostEnvironment environment,
    ILogger<StartupReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var cme = options.Value;
        var dataFolder = Path.GetFullPath(Path.Combine(environment.ContentRootPath, cme.DataFolder));
        var mailbox = cme.Mailbox.Source == "Graph"
            ? "Microsoft Graph mailbox of the profile"
            : $"local folder {Path.GetFullPath(cme.Mailbox.Folder ?? Path.Combine(dataFolder, "mailbox"))}";
        var outbox = cme.Outbox.Delivery == "SendGrid"
            ? "SendGrid"
            : $"local pickup folder {Path.GetFullPath(cme.Outbox.Folder ?? Path.Combine(dataFolder, "outbox"))}";
        LogStarted(storage.Description, mailbox, outbox, cme.Profile);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        LogStopping();
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "CME host started. Storage: {Storage}. Mailbox: {Mailbox}. Outbox: {Outbox}. Profile: {Profile}.")]
    private partial void LogStarted(string storage, string mailbox, string outbox, string profile);

    [LoggerMessage(Level = LogLevel.Information, Message = "CME host stopping")]
    private partial void LogStopping();
}
