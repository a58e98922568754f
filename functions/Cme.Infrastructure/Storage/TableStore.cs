using Azure.Data.Tables;

namespace Cme.Infrastructure.Storage;

/// <summary>A table client that creates its table once, on first use.</summary>
public sealed class TableStore(TableServiceClient tables, string name)
{
    private readonly TableClient _table = tables.GetTableClient(name);
    private int _ready;

    public string Name => name;

    public async Task<TableClient> GetAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _ready) == 0)
        {
            await _table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _ready, 1);
        }

        return _table;
    }
}
