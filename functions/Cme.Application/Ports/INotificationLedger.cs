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

    /// <summary>
    /// Records that the attempt's request went out and its answer was lost: the service may have
    /// accepted it. Only that attempt's claim (by its attempt count) is changed. True when recorded.
    /// </summary>
    Task<bool> MarkAnswerLostAsync(string id, int attempt, CancellationToken cancellationToken);

    /// <summary>
    /// Records what the mail service reported about a notification: accepted or delivered
    /// (<paramref name="failed"/> false), or bounced, dropped or reported as spam (true). A failure is
    /// never overwritten by a later acceptance. False when the notification is not in the ledger.
    /// </summary>
    Task<bool> RecordServiceReportAsync(string id, string channel, bool failed, string report, string? recipient, CancellationToken cancellationToken);

    Task<IReadOnlyList<NotificationRecord>> ListSinceAsync(DateTimeOffset since, CancellationToken cancellationToken);
}

public enum NotificationStatus
{
    Queued,
    Delivering,
    Delivered,

    /// <summary>Sent, but the answer was lost: the service may have accepted it (see UnconfirmedDeliveries).</summary>
    Unconfirmed,

    /// <summary>The mail service reported it bounced, was dropped or was reported as spam.</summary>
    Failed,
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
    string Version)
{
    /// <summary>How many sends of it went out and lost their answer.</summary>
    public int LostAnswers { get; init; }

    /// <summary>When the last lost answer happened.</summary>
    public DateTimeOffset? AnswerLostAt { get; init; }

    /// <summary>The last event the mail service reported for it (processed, bounce…), if any.</summary>
    public string? ServiceReport { get; init; }

    /// <summary>The recipient the mail service reported the failure for.</summary>
    public string? FailedRecipient { get; init; }
}
