using Azure.Data.Tables;
using Cme.Application.Deadlines;
using Cme.Application.Notifications;
using Cme.Infrastructure.Notifications;
using Cme.Infrastructure.Queues;
using Cme.Infrastructure.Storage;
using Cme.Testing;
using Azure.Storage.Queues;

namespace Cme.Infrastructure.Tests.Outbox;

/// <summary>Where a sender under test writes delivery outcomes: the product's one case writer, on the test Azurite.</summary>
internal static class DeliveryOutcomes
{
    public static CaseChanges RecordedIn(string connectionString, TimeProvider time)
    {
        var tables = new TableServiceClient(connectionString);
        var profile = ShippedProfiles.Hertfordshire;
        var outbox = new NotificationOutbox(
            NotificationTemplates.Load(ShippedProfiles.Folder, profile.Key),
            new NotificationLedger(tables, time),
            new MailQueues(new QueueServiceClient(connectionString, QueueEncoding.ClientOptions)),
            time);
        return new CaseChanges(new CaseStore(tables), new DeadlineAgenda(tables), new ChildIndex(tables, ChildIndexSecret.Generate()), outbox, profile, time);
    }
}
