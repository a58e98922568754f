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
