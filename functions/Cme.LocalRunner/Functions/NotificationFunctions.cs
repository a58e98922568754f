using Cme.Application.Outbox;
using Cme.Application.Queues;
using Cme.Infrastructure.Outbox;
using Cme.Infrastructure.Queues;
using Microsoft.Azure.WebJobs;

namespace Cme.LocalRunner.Functions;

/// <summary>Delivers each queued notification.</summary>
public sealed class NotificationFunctions(NotificationSender sender)
{
    [FunctionName("SendNotification")]
    public Task Send([QueueTrigger(QueueNames.Notifications)] string message, string id, CancellationToken cancellationToken) =>
        sender.SendAsync(message, id, cancellationToken);
}
