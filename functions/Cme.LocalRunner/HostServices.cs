using Cme.Application.Mailboxes;
using Cme.Application.Outbox;
using Cme.Core.Profiles;
using Cme.Infrastructure;
using Cme.Infrastructure.Configuration;
using Cme.Infrastructure.Mailboxes;
using Cme.Infrastructure.Outbox;
using Cme.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cme.LocalRunner;

public static class HostServices
{
    /// <summary>
    /// Everything the host's functions need: the storage the host resolved, the one composition
    /// every host calls (<see cref="InfrastructureServices.AddCme"/>), and the host's start-up report.
    /// </summary>
    public static IServiceCollection AddCmeHost(this IServiceCollection services, IConfiguration configuration, string contentRoot, StorageConnection storage)
    {
        services.AddCmeStorage(storage);
        services.AddCme(configuration, contentRoot);
        services.AddHostedService<StartupReport>();
        return services;
    }
}

/// <summary>Says, once, at start-up, which storage, mailbox and profile this host is using.</summary>
internal sealed partial class StartupReport(
    StorageConnection storage,
    IServiceProvider services,
    TimeProvider time,
    ILogger<StartupReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Resolving these here makes a bad profile or mailbox setting stop the host at start-up,
        // with its message, instead of failing the first email.
        var profile = services.GetRequiredService<AuthorityProfile>();
        var mailbox = services.GetRequiredService<IMailbox>();
        if (mailbox is FolderMailbox folder)
        {
            folder.EnsureFolders();
        }

        var outbox = services.GetRequiredService<INotificationDelivery>();
        LogStarted(storage.Description, mailbox.Description, outbox.Description, $"{profile.Key} ({profile.Name}, CME mailbox {profile.Mailbox}, term dates {string.Join(", ", profile.Calendar.CoveredYears)})");
        if (!TimeZoneInfo.Local.HasSameRules(profile.TimeZone))
        {
            LogTimersInAnotherTimeZone(TimeZoneInfo.Local.Id, profile.TimeZone.Id);
        }

        if (profile.Calendar.CoveredUntil is { } until && until < DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime.AddDays(120)))
        {
            LogTermDatesRunningOut(profile.Key, until.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        LogStopping();
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "CME host started. Storage: {Storage}. Mailbox: {Mailbox}. Outbox: {Outbox}. Profile: {Profile}.")]
    private partial void LogStarted(string storage, string mailbox, string outbox, string profile);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Profile {Profile} has term dates only until {Until}: deadlines after that cannot be counted. Add the next school year's term dates to the profile's calendar")]
    private partial void LogTermDatesRunningOut(string profile, string until);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Timer schedules run in this machine's time zone, {Local}, not the profile's, {Profile}: the mailbox poll, deadline sweep and weekly digest will fire at the wrong hour across daylight saving. Set the TZ environment variable to {Profile}")]
    private partial void LogTimersInAnotherTimeZone(string local, string profile);

    [LoggerMessage(Level = LogLevel.Information, Message = "CME host stopping")]
    private partial void LogStopping();
}
