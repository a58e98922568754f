using Azure;
using Azure.Data.Tables;
using Cme.Core.Cases;

namespace Cme.Infrastructure.Storage;

/// <summary>
/// Finds the open case for a child by UPN, or by name and date of birth. Keys are hashed, so the
/// index holds no readable personal data of its own.
/// </summary>
public sealed class ChildIndex(TableServiceClient tables)
{
    public const string TableName = "childindex";

    private readonly TableStore _table = new(tables, TableName);

    public async Task<CaseReference?> FindOpenCaseAsync(ChildDetails child, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        foreach (var key in child.IdentityKeys)
        {
            var partition = TableKeys.Hash(key);
            await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (entity.GetBoolean("Open") == true && CaseReference.TryParse(entity.RowKey, out var reference))
                {
                    return reference;
                }
            }
        }

        return null;
    }

    private const string OpeningRow = "opening|";

    /// <summary>
    /// Claims the right to open a case for this child, so two reports of one child processed at
    /// the same moment cannot open two cases. True when this email holds the claim (or the child
    /// has no identity key to claim); false when another email is opening a case for the child
    /// now, in which case this one should be retried and will then attach to that case. A claim
    /// left by a crashed attempt lapses after <paramref name="lapse"/>.
    /// </summary>
    public async Task<bool> ClaimOpeningAsync(ChildDetails child, string emailKey, DateTimeOffset now, TimeSpan lapse, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        foreach (var key in child.IdentityKeys)
        {
            var claim = new TableEntity(TableKeys.Hash(key), OpeningRow + TableKeys.Hash(key)) { ["EmailKey"] = emailKey, ["Until"] = now + lapse };
            try
            {
                await table.AddEntityAsync(claim, cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch (RequestFailedException exception) when (exception.Status == 409)
            {
                // Held already: by this email's earlier attempt, by another email, or lapsed.
            }

            var held = await table.GetEntityIfExistsAsync<TableEntity>(claim.PartitionKey, claim.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!held.HasValue)
            {
                return false;
            }

            var current = held.Value!;
            if (current.GetString("EmailKey") == emailKey)
            {
                continue;
            }

            if (current.GetDateTimeOffset("Until") is { } until && until > now)
            {
                return false;
            }

            try
            {
                await table.UpdateEntityAsync(claim, current.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException exception) when (exception.Status is 409 or 412)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Releases this email's claims once its case is indexed.</summary>
    public async Task ReleaseOpeningAsync(ChildDetails child, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        foreach (var key in child.IdentityKeys)
        {
            await table.DeleteEntityAsync(TableKeys.Hash(key), OpeningRow + TableKeys.Hash(key), ETag.All, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Indexes the case under every key the child has; safe to repeat.</summary>
    public async Task RecordAsync(Case @case, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        foreach (var key in @case.Child.IdentityKeys)
        {
            await table.UpsertEntityAsync(
                new TableEntity(TableKeys.Hash(key), @case.Reference.ToString()) { ["Open"] = @case.Status == CaseStatus.Open },
                TableUpdateMode.Replace,
                cancellationToken).ConfigureAwait(false);
        }
    }
}
