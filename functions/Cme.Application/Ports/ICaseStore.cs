using Cme.Core.Cases;
using Cme.Core.Deadlines;
using Cme.Core.Intake;

namespace Cme.Application.Ports;

/// <summary>
/// Where cases live: each case with its append-only events, its deadlines and links to its source
/// emails, changed together. Only <see cref="Deadlines.CaseChanges"/> writes through it; everything
/// else reads.
/// </summary>
public interface ICaseStore
{
    /// <summary>Writes a new case with its events, source and deadlines; false if it was written before.</summary>
    Task<bool> OpenAsync(Case @case, IReadOnlyList<CaseEvent> events, SourceEmail source, IReadOnlyList<Deadline> deadlines, CancellationToken cancellationToken);

    /// <summary>Writes a change guarded by the version read; false if its first event was recorded before. Throws <see cref="ConcurrentCaseUpdateException"/> when the case changed since.</summary>
    Task<bool> UpdateAsync(StoredCase current, Case updated, IReadOnlyList<CaseEvent> events, IReadOnlyList<Deadline> deadlines, SourceEmail? source, CancellationToken cancellationToken);

    /// <summary>Adds one event to a case's log (once: the event id is its key), leaving the case as it is.</summary>
    Task AppendEventAsync(CaseReference reference, CaseEvent caseEvent, CancellationToken cancellationToken);

    Task<bool> HoldsEmailAsync(CaseReference reference, string emailKey, CancellationToken cancellationToken);

    Task<StoredCase?> GetAsync(CaseReference reference, CancellationToken cancellationToken);

    Task<CaseWithDeadlines?> GetWithDeadlinesAsync(CaseReference reference, CancellationToken cancellationToken);

    Task<(StoredCase? Case, Deadline? Deadline)> GetDeadlineAsync(CaseReference reference, DeadlineRule rule, int sequence, CancellationToken cancellationToken);

    Task<IReadOnlyList<Deadline>> ListDeadlinesAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<CaseEvent>> GetEventsAsync(CaseReference reference, CancellationToken cancellationToken);

    Task<IReadOnlyList<SourceEmail>> GetSourcesAsync(CaseReference reference, CancellationToken cancellationToken);

    Task<IReadOnlyList<Case>> ListAsync(CancellationToken cancellationToken);
}

/// <summary>A case with its deadlines, as read together.</summary>
public sealed record CaseWithDeadlines(StoredCase Stored, IReadOnlyList<Deadline> Deadlines)
{
    public Case Case => Stored.Case;
}

/// <summary>A case as read, with the store's version of it (an ETag in Table storage) that guards the next change to it.</summary>
public sealed record StoredCase(Case Case, string Version);

/// <summary>The link from a case to an email it came from: where the email is kept and what it was.</summary>
public sealed record SourceEmail(string EmailKey, string Source, string SourceId, string? MessageId, string? From, EmailKind Kind, DateTimeOffset ReceivedAt);

/// <summary>Two changes to one case raced; the email is retried and the second change re-applied to the new state.</summary>
public sealed class ConcurrentCaseUpdateException(CaseReference reference, Exception inner)
    : Exception($"Case {reference} changed while this email was being recorded; it will be retried against the new state.", inner);
