using System.Globalization;
using Azure.Data.Tables;
using Cme.Application.Ports;
using Cme.Core.Profiles;

namespace Cme.Infrastructure.Storage;

/// <summary>The policy review's record in Table storage: one row per authority profile.</summary>
public sealed class TablePolicyReviewRecords(TableServiceClient tables, AuthorityProfile profile, TimeProvider time) : IPolicyReviewRecords
{
    public const string TableName = "policyreviews";
    private const string Row = "policy";

    private readonly TableStore _table = new(tables, TableName);

    public async Task<DateOnly?> LastReviewedOnAsync(CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var entity = await table.GetEntityIfExistsAsync<TableEntity>(profile.Key, Row, cancellationToken: cancellationToken).ConfigureAwait(false);
        return entity.HasValue && DateOnly.TryParseExact(entity.Value!.GetString("ReviewedOn"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var on) ? on : null;
    }

    public async Task RecordReviewedAsync(DateOnly on, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(
            new TableEntity(profile.Key, Row) { ["ReviewedOn"] = on.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["RecordedAt"] = time.GetUtcNow() },
            TableUpdateMode.Replace,
            cancellationToken).ConfigureAwait(false);
    }
}
