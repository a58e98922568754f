using Azure.Data.Tables;
using Cme.Application.Mailboxes;
using Cme.Infrastructure.Storage;

namespace Cme.Infrastructure.Mailboxes;

/// <summary>Mailbox state (the time of the last successful poll, Graph's delta link) in Table storage.</summary>
public sealed class TableMailboxStateStore(TableServiceClient tables) : IMailboxStateStore
{
    public const string TableName = "mailboxstate";

    private readonly TableStore _table = new(tables, TableName);

    public async Task<string?> GetAsync(string mailbox, string key, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var entity = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(mailbox.ToLowerInvariant()), TableKeys.Escape(key), cancellationToken: cancellationToken).ConfigureAwait(false);
        return entity.HasValue ? entity.Value!.GetString("Value") : null;
    }

    public async Task SetAsync(string mailbox, string key, string value, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(
            new TableEntity(TableKeys.Escape(mailbox.ToLowerInvariant()), TableKeys.Escape(key)) { ["Value"] = value },
            TableUpdateMode.Replace,
            cancellationToken).ConfigureAwait(false);
    }
}
