using Azure;
using Azure.Data.Tables;
using Cme.Core.Cases;

namespace Cme.Infrastructure.Storage;

/// <summary>
/// Allocates case references <c>CME-YYYY-NNNNN</c> without gaps or duplicates, across threads,
/// processes and hosts. The year's counter and the claim that names who took each number live in
/// one table partition and change in one transaction, so a number is either taken and claimed,
/// or neither. Asking again with the same claim (a redelivered email) returns the same number.
/// </summary>
public sealed class CaseReferenceAllocator(TableServiceClient tables)
{
    public const string TableName = "casereferences";
    private const string CounterRow = "counter";
    private const int MaxAttempts = 200;

    private readonly TableStore _store = new(tables, TableName);

    public async Task<CaseReference> AllocateAsync(int year, string claim, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(claim);
        var table = await _store.GetAsync(cancellationToken).ConfigureAwait(false);
        var partition = year.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
        var claimRow = "claim-" + TableKeys.Escape(claim);

        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var existingClaim = await table.GetEntityIfExistsAsync<TableEntity>(partition, claimRow, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (existingClaim.HasValue)
            {
                return CaseReference.Create(year, existingClaim.Value!.GetInt32("Number")!.Value);
            }

            var counter = await table.GetEntityIfExistsAsync<TableEntity>(partition, CounterRow, cancellationToken: cancellationToken).ConfigureAwait(false);
            var next = counter.HasValue ? counter.Value!.GetInt32("Next")!.Value : 1;
            var updatedCounter = new TableEntity(partition, CounterRow) { ["Next"] = next + 1 };
            var actions = new List<TableTransactionAction>
            {
                counter.HasValue
                    ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, updatedCounter, counter.Value!.ETag)
                    : new TableTransactionAction(TableTransactionActionType.Add, updatedCounter),
                new(TableTransactionActionType.Add, new TableEntity(partition, claimRow) { ["Number"] = next }),
            };

            try
            {
                await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                return CaseReference.Create(year, next);
            }
            catch (TableTransactionFailedException exception) when (exception.Status is 409 or 412)
            {
                // Another allocation won the race: read again and retry.
                await Task.Delay(Random.Shared.Next(5, 25 + (attempt * 5)), cancellationToken).ConfigureAwait(false);
            }
        }

        throw new InvalidOperationException(
            $"Could not allocate a case reference for {year} after {MaxAttempts} attempts: the counter is under unusually heavy contention. The email will be retried.");
    }

}
