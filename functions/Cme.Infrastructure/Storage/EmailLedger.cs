using Azure.Data.Tables;

namespace Cme.Infrastructure.Storage;

/// <summary>
/// What became of every email, by its key: recorded on a case, waiting in triage, or ignored
/// (automatic mail, newsletters). The first thing ingestion checks, so an email processed twice
/// is recognised.
/// </summary>
public sealed class EmailLedger(TableServiceClient tables)
{
    public const string TableName = "emails";

    private readonly TableStore _table = new(tables, TableName);

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
            value.GetDateTimeOffset("ProcessedAt") ?? DateTimeOffset.MinValue);
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
}

public sealed record LedgerEntry(string EmailKey, EmailOutcome Outcome, string? Case, string? Kind, DateTimeOffset ProcessedAt);

public enum EmailOutcome
{
    /// <summary>Opened a case or was attached to one.</summary>
    Recorded,

    /// <summary>Waiting for a person (see the triage table).</summary>
    Triage,

    /// <summary>Automatic mail or not about a child: kept in the mailbox, never answered.</summary>
    Ignored,
}
