using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Cme.Application.Ports;
using Cme.Core.Cases;
using Cme.Core.Deadlines;

namespace Cme.Infrastructure.Storage;

/// <summary>
/// The deadline index the sweep reads: one row per open deadline, in the partition of the day its
/// next reminder or escalation is due (<c>yyyyMMdd</c>, local). The sweep reads only partitions up
/// to today, so its cost follows what is due, not how many cases exist. The case's own partition
/// is the truth; a row here only says "look at this deadline on this day", so a stale or missing
/// row is repaired by the sweep rather than trusted.
/// </summary>
public sealed class DeadlineAgenda(TableServiceClient tables) : IDeadlineAgenda
{
    public const string TableName = "deadlineagenda";

    private readonly TableStore _table = new(tables, TableName);

    /// <summary>Puts a deadline on the agenda for a day (no change if it is already there).</summary>
    public async Task ScheduleAsync(Deadline deadline, DateOnly on, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(Row(deadline, on), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Puts deadlines on the agenda, each for its day, all at once. Single writes rather than a
    /// transaction per day: Azurite (the local and test runtime) keeps one set of rollback records
    /// for all its transactions, so concurrent transactions, one of which fails, can undo each
    /// other's rows; the product keeps transactions to where atomicity is needed.
    /// </summary>
    public async Task ScheduleAsync(IReadOnlyCollection<(Deadline Deadline, DateOnly On)> entries, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(entries.Select(entry => table.UpsertEntityAsync(Row(entry.Deadline, entry.On), TableUpdateMode.Replace, cancellationToken))).ConfigureAwait(false);
    }

    private static TableEntity Row(Deadline deadline, DateOnly on) => new(Day(on), deadline.Id)
    {
        ["Case"] = deadline.Case.ToString(),
        ["Rule"] = deadline.Rule.WireName(),
        ["Sequence"] = deadline.Sequence,
        ["DueOn"] = deadline.DueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    /// <summary>Takes an entry off the agenda; gone already is fine.</summary>
    public async Task RemoveAsync(AgendaEntry entry, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await table.DeleteEntityAsync(entry.Partition, entry.DeadlineId, ETag.All, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            // Removed by an earlier attempt.
        }
    }

    /// <summary>Every entry for a day up to and including <paramref name="today"/>, oldest day first.</summary>
    public async IAsyncEnumerable<AgendaEntry> DueAsync(DateOnly today, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var upTo = Day(today);
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey.CompareTo(upTo) <= 0, select: ["PartitionKey", "RowKey", "Timestamp", "Case", "Rule", "Sequence"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (CaseReference.TryParse(entity.GetString("Case"), out var reference) && DeadlineRules.TryParse(entity.GetString("Rule"), out var rule))
            {
                yield return new AgendaEntry(entity.PartitionKey, entity.RowKey, reference, rule, entity.GetInt32("Sequence") ?? 1, entity.Timestamp ?? DateTimeOffset.MinValue);
            }
        }
    }

    /// <summary>How many entries there are in all, for reports and benchmarks.</summary>
    public async Task<int> CountAsync(CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var count = 0;
        await foreach (var unused in table.QueryAsync<TableEntity>(select: ["PartitionKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            count++;
        }

        return count;
    }

    public static string Day(DateOnly date) => AgendaEntry.Day(date);
}
