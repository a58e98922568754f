using Azure.Data.Tables;
using Cme.Application.Intake;
using Cme.Application.Ports;

namespace Cme.Infrastructure.Storage;

/// <summary>
/// What became of every email, by its key: recorded on a case, waiting in triage, or ignored
/// (automatic mail, newsletters). The first thing ingestion checks, so an email processed twice
/// is recognised.
/// </summary>
public sealed class EmailLedger(TableServiceClient tables) : IEmailLedger
{
    public const string TableName = "emails";

    private readonly TableStore _table = new(tables, TableName);

    /// <summary>
    /// The email's ledger row, under its key or, in a store from before content counted, under the
    /// key it had then (read together: one wait). Returns the key the email is filed under.
    /// </summary>
    public async Task<(string Key, LedgerEntry? Entry)> FindAsync(EmailIdentity identity, CancellationToken cancellationToken)
    {
        var current = GetAsync(identity.Key, cancellationToken);
        var legacy = GetAsync(identity.LegacyKey, cancellationToken);
        await Task.WhenAll(current, legacy).ConfigureAwait(false);
        if (await current.ConfigureAwait(false) is { } found)
        {
            return (identity.Key, found);
        }

        // A legacy row names no content: it is taken to be this email, as it was before.
        return await legacy.ConfigureAwait(false) is { } before ? (identity.LegacyKey, before) : (identity.Key, null);
    }

    public async Task<LedgerEntry?> GetAsync(string emailKey, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var entity = await table.GetEntityIfExistsAsync<TableEntity>(emailKey, emailKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!entity.HasValue)
        {
            return null;
        }

        var value = entity.Value!;
        return new LedgerEntry(
            emailKey,
            Enum.TryParse<EmailOutcome>(value.GetString("Outcome"), out var outcome) ? outcome : EmailOutcome.Triage,
            value.GetString("Case"),
            value.GetString("Kind"),
            value.GetDateTimeOffset("ProcessedAt") ?? DateTimeOffset.MinValue,
            value.GetString("ContentHash"),
            value.GetBoolean("Recovered") ?? false);
    }

    public async Task RecordAsync(LedgerEntry entry, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(
            new TableEntity(entry.EmailKey, entry.EmailKey)
            {
                ["Outcome"] = entry.Outcome.ToString(),
                ["Case"] = entry.Case,
                ["Kind"] = entry.Kind,
                ["ProcessedAt"] = entry.ProcessedAt,
                ["ContentHash"] = entry.ContentHash,
                ["Recovered"] = entry.Recovered,
            },
            TableUpdateMode.Replace,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Counts by outcome since a time, for the digest's intake health.</summary>
    public async Task<IReadOnlyDictionary<EmailOutcome, int>> CountSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var counts = Enum.GetValues<EmailOutcome>().ToDictionary(o => o, _ => 0);
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"ProcessedAt ge {since}"), select: ["Outcome"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (Enum.TryParse<EmailOutcome>(entity.GetString("Outcome"), out var outcome))
            {
                counts[outcome]++;
            }
        }

        return counts;
    }

    /// <summary>Emails recorded since a time that reconciliation found without a record and ingested again, for the digest.</summary>
    public async Task<int> CountRecoveredSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"ProcessedAt ge {since} and Recovered eq true"), select: ["Recovered"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            count++;
        }

        return count;
    }
}
