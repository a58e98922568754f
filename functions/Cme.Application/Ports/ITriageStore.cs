namespace Cme.Application.Ports;

/// <summary>What waits for a person: emails the product could not decide on, and messages that failed every attempt.</summary>
public interface ITriageStore
{
    Task RecordAsync(TriageItem item, CancellationToken cancellationToken);

    Task<TriageItem?> GetAsync(string id, CancellationToken cancellationToken);

    Task<IReadOnlyList<TriageItem>> ListAsync(bool includeResolved, CancellationToken cancellationToken);

    Task MarkAsync(string id, TriageStatus status, CancellationToken cancellationToken);
}

/// <summary>One email waiting for a person. <see cref="Id"/> is the email's key (or, for poison, the queue message's).</summary>
public sealed record TriageItem(
    string Id,
    string Source,
    string SourceId,
    string Reason,
    string? Kind,
    DateTimeOffset RecordedAt,
    TriageStatus Status,
    bool IsPoison);

public enum TriageStatus
{
    Waiting,
    Retried,
    Resolved,
}
