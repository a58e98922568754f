using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Cme.Core.Cases;
using Cme.Application.Ports;

namespace Cme.Infrastructure.Storage;

/// <summary>
/// Allocates case references <c>CME-YYYY-NNNNN</c> without gaps or duplicates, across threads,
/// processes and hosts. The year's counter and the claim that names who took each number live in
/// one table partition and change in one transaction, so a number is either taken and claimed,
/// or neither. Asking again with the same claim (a redelivered email) returns the same number.
/// <para>
/// One storage round trip per reference while this instance is the only writer: it remembers the
/// counter (value and ETag) it last wrote and allocates one at a time, so the next transaction is
/// already right. A claim that exists (a redelivery) or a counter moved by another host fails that
/// transaction as a whole; only then are the claim and the counter read.
/// </para>
/// </summary>
public sealed class CaseReferenceAllocator(TableServiceClient tables) : ICaseReferenceAllocator
{
    public const string TableName = "casereferences";
    private const string CounterRow = "counter";
    private const int MaxAttempts = 200;

    private readonly TableStore _store = new(tables, TableName);
    private readonly ConcurrentDictionary<int, YearCounter> _counters = new();

    public async Task<CaseReference> AllocateAsync(int year, string claim, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(claim);
        var table = await _store.GetAsync(cancellationToken).ConfigureAwait(false);
        var partition = year.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
        var claimRow = "claim-" + TableKeys.Escape(claim);
        var counter = _counters.GetOrAdd(year, _ => new YearCounter());

        // One allocation at a time in this instance: concurrent ones would only invalidate each other's counter.
        await counter.Lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 1; attempt <= MaxAttempts; attempt++)
            {
                if (counter.Known is not { } known)
                {
                    var stored = await table.GetEntityIfExistsAsync<TableEntity>(partition, CounterRow, cancellationToken: cancellationToken).ConfigureAwait(false);
                    known = stored.HasValue
                        ? new CounterState(stored.Value!.GetInt32("Next")!.Value, stored.Value!.ETag)
                        : new CounterState(await HighestCaseNumberAsync(year, cancellationToken).ConfigureAwait(false) + 1, null);
                }

                var next = known.Next;
                var updatedCounter = new TableEntity(partition, CounterRow) { ["Next"] = next + 1 };
                TableTransactionAction[] actions =
                [
                    known.ETag is { } etag
                        ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, updatedCounter, etag)
                        : new TableTransactionAction(TableTransactionActionType.Add, updatedCounter),
                    new(TableTransactionActionType.Add, new TableEntity(partition, claimRow) { ["Number"] = next }),
                ];

                try
                {
                    var response = await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                    var written = response.Value[0].Headers.ETag;
                    counter.Known = written is { } newETag ? new CounterState(next + 1, newETag) : null;
                    return CaseReference.Create(year, next);
                }
                catch (TableTransactionFailedException exception) when (exception.Status is 404 or 409 or 412)
                {
                    // The claim exists (this email was given a number before), or another host moved
                    // the counter, or the store lost it (an emulator restarted without its last save).
                    counter.Known = null;
                    var existingClaim = await table.GetEntityIfExistsAsync<TableEntity>(partition, claimRow, cancellationToken: cancellationToken).ConfigureAwait(false);
                    if (existingClaim.HasValue)
                    {
                        return CaseReference.Create(year, existingClaim.Value!.GetInt32("Number")!.Value);
                    }

                    if (attempt > 1)
                    {
                        // Another host keeps winning the race: back off a little before reading the counter again.
                        await Task.Delay(Random.Shared.Next(5, 25 + (attempt * 5)), cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }
        catch
        {
            // Whatever the store did with a transaction that failed some other way, read it afresh next time.
            counter.Known = null;
            throw;
        }
        finally
        {
            counter.Lock.Release();
        }

        throw new InvalidOperationException(
            $"Could not allocate a case reference for {year} after {MaxAttempts} attempts: the counter is under unusually heavy contention. The email will be retried.");
    }

    /// <summary>
    /// The highest number of the year's cases, read when the year has no counter: its first case
    /// (none: 0), or a counter storage lost (the table deleted or restored without it), which must
    /// not number a case again with a number another case has.
    /// </summary>
    private async Task<int> HighestCaseNumberAsync(int year, CancellationToken cancellationToken)
    {
        var cases = tables.GetTableClient(CaseStore.TableName);
        var highest = 0;
        try
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey ge {$"CME-{year:D4}-"} and PartitionKey lt {$"CME-{year:D4}."}");
            await foreach (var row in cases.QueryAsync<TableEntity>(filter, select: ["PartitionKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (CaseReference.TryParse(row.PartitionKey, out var reference) && reference.Number > highest)
                {
                    highest = reference.Number;
                }
            }
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            // No cases table: no cases.
        }

        return highest;
    }

    private sealed record CounterState(int Next, ETag? ETag);

    private sealed class YearCounter
    {
        public SemaphoreSlim Lock { get; } = new(1, 1);

        /// <summary>The counter as this instance last wrote it; null when it must be read.</summary>
        public CounterState? Known { get; set; }
    }
}
