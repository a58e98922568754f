using Azure.Data.Tables;
using Azure.Storage.Queues;
using Cme.Application.Deadlines;
using Cme.Application.Digest;
using Cme.Application.Intake;
using Cme.Application.Mailboxes;
using Cme.Application.Outbox;
using Cme.Core.Profiles;
using Cme.Infrastructure;
using Cme.Infrastructure.Mailboxes;
using Cme.Infrastructure.Outbox;
using Cme.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cme.Functions.Tests;

/// <summary>The one composition every host calls, from nothing but its defaults and a local run.</summary>
public sealed class CompositionTests : IDisposable
{
    private readonly string _contentRoot = Directory.CreateTempSubdirectory("cme-composition-").FullName;

    public void Dispose() => Directory.Delete(_contentRoot, recursive: true);

    /// <summary>What the <c>cme</c> command's handlers ask the services for (CliServices.Get and PrivateStore's provider).</summary>
    public static TheoryData<Type> CommandServices { get; } =
    [
        typeof(AuthorityProfile), typeof(TimeProvider), typeof(CaseStore), typeof(ChildIndex), typeof(TriageStore), typeof(DeadlineAgenda),
        typeof(CaseChanges), typeof(PolicyReviews), typeof(MailboxReconciliation), typeof(TriageRetry), typeof(WeeklyDigestService),
        typeof(DeadlineSweep), typeof(EmailIngestion), typeof(MailboxPoller), typeof(NotificationSender), typeof(FailedMessages),
        typeof(IMailbox), typeof(INotificationDelivery), typeof(QueueServiceClient), typeof(TableServiceClient),
    ];

    public static TheoryData<Type> FunctionClasses { get; } = [.. FunctionCatalog.All];

    [Theory]
    [MemberData(nameof(FunctionClasses))]
    public void AddCme_FromAnEmptyConfigurationWithTheLocalRun_BuildsEveryFunctionClass(Type functionClass)
    {
        using var services = Compose();

        Assert.IsType(functionClass, ActivatorUtilities.CreateInstance(services, functionClass));
    }

    [Theory]
    [MemberData(nameof(CommandServices))]
    public void AddCme_FromAnEmptyConfigurationWithTheLocalRun_ResolvesWhatEveryCommandHandlerAsksFor(Type service)
    {
        using var services = Compose();

        Assert.IsAssignableFrom(service, services.GetRequiredService(service));
    }

    [Fact]
    public void AddCmeLocalRun_ReadsTheFolderMailboxAndWritesThePickupFolderWhateverTheSettingsSay()
    {
        using var services = Compose(("Cme:Mailbox:Source", "Graph"), ("Cme:Outbox:Delivery", "SendGrid"));

        Assert.IsType<FolderMailbox>(services.GetRequiredService<IMailbox>());
        Assert.IsType<PickupFolderDelivery>(services.GetRequiredService<INotificationDelivery>());
    }

    private ServiceProvider Compose(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        // Nothing is reached: the storage clients connect on first use.
        services.AddCmeLocalRun(StorageEndpoints.FromConnectionString("UseDevelopmentStorage=true", "test Azurite"));
        services.AddCme(configuration, _contentRoot);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
