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

    /// <summary>The child's open case under any of its keys; the keys' partitions are read at once.</summary>
    public async Task<CaseReference?> FindOpenCaseAsync(ChildDetails child, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var found = await Task.WhenAll(child.IdentityKeys.Select(key => FindOpenCaseAsync(table, TableKeys.Hash(key), cancellationToken))).ConfigureAwait(false);
        return found.FirstOrDefault(reference => reference is not null);
    }

    private static async Task<CaseReference?> FindOpenCaseAsync(TableClient table, string partition, CancellationToken cancellationToken)
    {
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (entity.GetBoolean("Open") == true && CaseReference.TryParse(entity.RowKey, out var reference))
            {
                return reference;
            }
        }

        return null;
    }

    private const string OpeningRow = "opening|";


    /// <summary>
    /// Claims the right to open a case for this child, so two reports of one child processed at
    /// the same moment cannot open two cases. True when this email holds the claim (or the child
    /// has no identity key to claim); false when another email is opening a case for the child
    /// now, in which case this one should be retried and will then attach to that case.
    /// <para>
    /// A claim is never released: it lapses after <paramref name="lapse"/>. The opening email
    /// indexes its case well within that, so an email that looked the child up just before the
    /// case was indexed and claims just after is still refused, retried, and attaches; a release
    /// would let it open a second case. An email that finds no open case claims a lapsed claim.
    /// </para>
    /// </summary>
    public async Task<bool> ClaimOpeningAsync(ChildDetails child, string emailKey, DateTimeOffset now, TimeSpan lapse, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var claimed = await Task.WhenAll(child.IdentityKeys.Select(key => ClaimAsync(table, TableKeys.Hash(key), emailKey, now, lapse, cancellationToken))).ConfigureAwait(false);
        return claimed.All(held => held);
    }

    private static async Task<bool> ClaimAsync(TableClient table, string partition, string emailKey, DateTimeOffset now, TimeSpan lapse, CancellationToken cancellationToken)
    {
        var claim = new TableEntity(partition, OpeningRow + partition) { ["EmailKey"] = emailKey, ["Until"] = now + lapse };
        try
        {
            await table.AddEntityAsync(claim, cancellationToken).ConfigureAwait(false);
            return true;
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
            return true;
        }

        if (current.GetDateTimeOffset("Until") is { } until && until > now)
        {
            return false;
        }

        try
        {
            await table.UpdateEntityAsync(claim, current.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status is 409 or 412)
        {
            return false;
        }
    }

    /// <summary>Indexes the case under every key the child has; safe to repeat.</summary>
    public async Task RecordAsync(Case @case, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(@case.Child.IdentityKeys.Select(key => table.UpsertEntityAsync(
            new TableEntity(TableKeys.Hash(key), @case.Reference.ToString()) { ["Open"] = @case.Status == CaseStatus.Open },
            TableUpdateMode.Replace,
            cancellationToken))).ConfigureAwait(false);
    }
}
