using Cme.Application.Intake;

namespace Cme.Application.Ports;

/// <summary>What became of every email: the record that makes ingestion and reconciliation safe to repeat.</summary>
public interface IEmailLedger
{
    /// <summary>The key the email is (or will be) filed under, and its record if it has one.</summary>
    Task<(string Key, LedgerEntry? Entry)> FindAsync(EmailIdentity identity, CancellationToken cancellationToken);

    Task<LedgerEntry?> GetAsync(string emailKey, CancellationToken cancellationToken);

    Task RecordAsync(LedgerEntry entry, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<EmailOutcome, int>> CountSinceAsync(DateTimeOffset since, CancellationToken cancellationToken);

    Task<int> CountRecoveredSinceAsync(DateTimeOffset since, CancellationToken cancellationToken);
}

/// <summary>
/// What became of one email. <see cref="ContentHash"/> tells a different email that reuses the
/// Message-ID apart (null on rows written before it was kept); <see cref="Recovered"/> marks an
/// email that reconciliation found without a record and ingested again.
/// </summary>
public sealed record LedgerEntry(string EmailKey, EmailOutcome Outcome, string? Case, string? Kind, DateTimeOffset ProcessedAt, string? ContentHash = null, bool Recovered = false);

public enum EmailOutcome
{
    /// <summary>Opened a case or was attached to one.</summary>
    Recorded,

    /// <summary>Waiting for a person (see the triage table).</summary>
    Triage,

    /// <summary>Automatic mail or not about a child: kept in the mailbox, never answered.</summary>
    Ignored,
}
