using Cme.Application.Ports;
using Cme.Core.Notifications;

namespace Cme.Application.Notifications;

/// <summary>
/// Where every notification the product decides on goes: written from the profile's templates,
/// recorded under its deterministic id, and queued for the sender — once. Asking twice for the
/// same id (a sweep run twice, a redelivered email) queues nothing the second time.
/// </summary>
public sealed class NotificationOutbox(INotificationTemplates templates, INotificationLedger ledger, IMailQueues queues, TimeProvider time)
{
    /// <summary>A record queued this long ago and never claimed by the sender is taken as lost between the two writes, and queued again.</summary>
    public static readonly TimeSpan LostQueueMessage = TimeSpan.FromHours(1);

    public Notification Render(NotificationRequest request) => templates.Render(request);

    /// <summary>Queues the notification unless it was queued before; true when this call queued it.</summary>
    public Task<bool> QueueAsync(NotificationRequest request, CancellationToken cancellationToken) =>
        QueueAsync(request, LostQueueMessage, cancellationToken);

    /// <summary>
    /// Queues the notification unless it was queued before, or was recorded as queued more than
    /// <paramref name="requeueUnclaimedAfter"/> ago and never claimed by the sender (its queue
    /// message may never have been written); true when this call queued it. A caller retrying its
    /// own failed attempt passes <see cref="TimeSpan.Zero"/>: a second message costs nothing, since
    /// the sender delivers each notification once.
    /// </summary>
    public async Task<bool> QueueAsync(NotificationRequest request, TimeSpan requeueUnclaimedAfter, CancellationToken cancellationToken)
    {
        var notification = templates.Render(request);
        if (!await ledger.TryRecordQueuedAsync(notification.Id, notification.Kind.ToString(), notification.Case?.ToString(), cancellationToken).ConfigureAwait(false))
        {
            var existing = await ledger.GetAsync(notification.Id, cancellationToken).ConfigureAwait(false);
            var lost = existing is { Status: NotificationStatus.Queued, QueuedAt: { } queuedAt } && time.GetUtcNow() - queuedAt >= requeueUnclaimedAfter;
            if (!lost || !await ledger.TryRecordRequeuedAsync(existing!, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }

        await queues.EnqueueNotificationAsync(notification, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
