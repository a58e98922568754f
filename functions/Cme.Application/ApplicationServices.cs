using Cme.Application.Deadlines;
using Cme.Application.Digest;
using Cme.Application.Intake;
using Cme.Application.Mailboxes;
using Cme.Application.Notifications;
using Cme.Application.Outbox;
using Cme.Core.Intake;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cme.Application;

public static class ApplicationServices
{
    /// <summary>
    /// The use cases, each a singleton over the ports: the adapters that implement the ports (and
    /// the profile, the clock, the digest and command-trust settings) are registered by the caller.
    /// </summary>
    public static IServiceCollection AddCmeApplication(this IServiceCollection services)
    {
        services.AddSingleton<NotificationOutbox>();
        services.AddSingleton<CaseChanges>();
        services.AddSingleton<ICaseActivityLog>(provider => provider.GetRequiredService<CaseChanges>());
        services.AddSingleton<PolicyReviews>();
        services.AddSingleton<DeadlineSweep>();
        services.AddSingleton<WeeklyDigestService>();
        services.AddSingleton<MailboxPoller>();
        services.AddSingleton<NotificationSender>();
        services.AddSingleton<EmailIngestion>();
        services.AddSingleton<FailedMessages>();
        services.AddSingleton<TriageRetry>();
        services.AddSingleton<MailboxReconciliation>();
        return services;
    }
}
