using Azure;
using Azure.Data.Tables;
using Cme.Application.Ports;

namespace Cme.Infrastructure.Storage;

/// <summary>
/// Emails a person must look at: not classified with confidence, no child identified, a case
/// reference that does not exist, or a message that failed repeatedly (poison). Nothing is
/// dropped: each stays here, with its reason, until it is retried or resolved.
/// </summary>
public sealed class TriageStore(TableServiceClient tables) : ITriageStore
{
    public const string TableName = "triage";
    private const string Partition = "triage";

    private readonly TableStore _table = new(tables, TableName);

    public async Task RecordAsync(TriageItem item, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(ToEntity(item), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    public async Task<TriageItem?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var entity = await table.GetEntityIfExistsAsync<TableEntity>(Partition, TableKeys.Escape(id), cancellationToken: cancellationToken).ConfigureAwait(false);
        return entity.HasValue ? FromEntity(entity.Value!) : null;
    }

    public async Task<IReadOnlyList<TriageItem>> ListAsync(bool includeResolved, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var items = new List<TriageItem>();
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var item = FromEntity(entity);
            if (includeResolved || item.Status == TriageStatus.Waiting)
            {
                items.Add(item);
            }
        }

        return items.OrderBy(i => i.RecordedAt).ToList();
    }

    public async Task MarkAsync(string id, TriageStatus status, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(Partition, TableKeys.Escape(id)) { ["Status"] = status.ToString() };
        await table.UpdateEntityAsync(entity, ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }

    private static TableEntity ToEntity(TriageItem item) => new(Partition, TableKeys.Escape(item.Id))
    {
        ["Source"] = item.Source,
        ["SourceId"] = item.SourceId,
        ["Reason"] = item.Reason,
        ["Kind"] = item.Kind,
        ["RecordedAt"] = item.RecordedAt,
        ["Status"] = item.Status.ToString(),
        ["Poison"] = item.IsPoison,
    };

    private static TriageItem FromEntity(TableEntity entity) => new(
        entity.RowKey,
        entity.GetString("Source") ?? string.Empty,
        entity.GetString("SourceId") ?? string.Empty,
        entity.GetString("Reason") ?? string.Empty,
        entity.GetString("Kind"),
        entity.GetDateTimeOffset("RecordedAt") ?? DateTimeOffset.MinValue,
        Enum.TryParse<TriageStatus>(entity.GetString("Status"), out var status) ? status : TriageStatus.Waiting,
        entity.GetBoolean("Poison") ?? false);
}
