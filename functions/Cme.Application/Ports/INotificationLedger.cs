namespace Cme.Application.Ports;

/// <summary>Every notification under its deterministic id: queued, being delivered, delivered. What makes each one go out once.</summary>
public interface INotificationLedger
{
    Task<bool> TryRecordQueuedAsync(string id, string kind, string? @case, CancellationToken cancellationToken);

    Task<bool> TryRecordRequeuedAsync(NotificationRecord record, CancellationToken cancellationToken);

    Task<NotificationRecord?> GetAsync(string id, CancellationToken cancellationToken);

    Task<bool> TryClaimDeliveryAsync(string id, NotificationRecord? current, string kind, string? @case, string claimedBy, CancellationToken cancellationToken);

    Task ReleaseClaimAsync(string id, int attempt, CancellationToken cancellationToken);

    Task MarkDeliveredAsync(string id, string channel, string reference, CancellationToken cancellationToken);

    Task<IReadOnlyList<NotificationRecord>> ListSinceAsync(DateTimeOffset since, CancellationToken cancellationToken);
}

public enum NotificationStatus
{
    Queued,
    Delivering,
    Delivered,
}

public sealed record NotificationRecord(
    string Id,
    string Kind,
    string? Case,
    NotificationStatus Status,
    DateTimeOffset? QueuedAt,
    DateTimeOffset? DeliveringSince,
    DateTimeOffset? DeliveredAt,
    int Attempts,
    string? ClaimedBy,
    string Version);
