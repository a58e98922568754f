using Azure;
using Azure.Data.Tables;
using Cme.Application.Ports;

namespace Cme.Infrastructure.Storage;

/// <summary>
/// One row per notification id: queued, being delivered, or delivered. It is what makes "each
/// notification is sent once" true across sweeps run twice, crashed sweeps, redelivered queue
/// messages and two host instances: every step is a conditional write on this row.
/// </summary>
public sealed class NotificationLedger(TableServiceClient tables, TimeProvider time) : INotificationLedger
{
    public const string TableName = "notifications";

    private readonly TableStore _table = new(tables, TableName);

    /// <summary>Records a notification as about to be queued; false if it was recorded before (by this or another sweep).</summary>
    public async Task<bool> TryRecordQueuedAsync(string id, string kind, string? @case, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await table.AddEntityAsync(
                new TableEntity(TableKeys.Escape(id), TableKeys.Escape(id))
                {
                    ["NotificationId"] = id,
                    ["Kind"] = kind,
                    ["Case"] = @case,
                    ["Status"] = NotificationStatus.Queued.ToString(),
                    ["QueuedAt"] = time.GetUtcNow(),
                },
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Marks a queued record as queued again now, guarded by its ETag: of two sweeps, one re-queues.</summary>
    public async Task<bool> TryRecordRequeuedAsync(NotificationRecord record, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await table.UpdateEntityAsync(
                new TableEntity(TableKeys.Escape(record.Id), TableKeys.Escape(record.Id)) { ["QueuedAt"] = time.GetUtcNow() },
                new ETag(record.Version),
                TableUpdateMode.Merge,
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status is 404 or 412)
        {
            return false;
        }
    }

    public async Task<NotificationRecord?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var entity = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(id), TableKeys.Escape(id), cancellationToken: cancellationToken).ConfigureAwait(false);
        return entity.HasValue ? FromEntity(entity.Value!) : null;
    }

    /// <summary>
    /// Claims the right to deliver: the row moves to Delivering, guarded by its ETag (created if a
    /// notification was queued without a row), naming the queue message that claimed it. False
    /// when another delivery holds or made it.
    /// </summary>
    public async Task<bool> TryClaimDeliveryAsync(string id, NotificationRecord? current, string kind, string? @case, string claimedBy, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(TableKeys.Escape(id), TableKeys.Escape(id))
        {
            ["NotificationId"] = id,
            ["Kind"] = kind,
            ["Case"] = @case,
            ["Status"] = NotificationStatus.Delivering.ToString(),
            ["QueuedAt"] = current?.QueuedAt ?? time.GetUtcNow(),
            ["DeliveringSince"] = time.GetUtcNow(),
            ["ClaimedBy"] = claimedBy,
            ["Attempts"] = (current?.Attempts ?? 0) + 1,
            ["LostAnswers"] = current?.LostAnswers ?? 0,
            ["AnswerLostAt"] = current?.AnswerLostAt,
        };
        try
        {
            if (current is null)
            {
                await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await table.UpdateEntityAsync(entity, new ETag(current.Version), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            }

            return true;
        }
        catch (RequestFailedException exception) when (exception.Status is 409 or 412)
        {
            return false;
        }
    }

    /// <summary>
    /// Gives back the claim of a delivery that failed, so the queue's next attempt claims it at once
    /// instead of finding it "being delivered" until the claim lapses. Only the claim of that
    /// attempt (by its attempt count) is given back, never a later attempt's.
    /// </summary>
    public async Task ReleaseClaimAsync(string id, int attempt, CancellationToken cancellationToken)
    {
        var current = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (current is not { Status: NotificationStatus.Delivering } || current.Attempts != attempt)
        {
            return;
        }

        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await table.UpdateEntityAsync(
                new TableEntity(TableKeys.Escape(id), TableKeys.Escape(id)) { ["Status"] = NotificationStatus.Queued.ToString() },
                new ETag(current.Version),
                TableUpdateMode.Merge,
                cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException exception) when (exception.Status is 404 or 412)
        {
            // Changed since it was read: another attempt has it now.
        }
    }

    /// <summary>
    /// Records that the attempt's request went out and its answer was lost: the service may have
    /// accepted it. Only that attempt's claim (by its attempt count) is changed. True when recorded.
    /// </summary>
    public async Task<bool> MarkAnswerLostAsync(string id, int attempt, CancellationToken cancellationToken)
    {
        var current = await GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (current is not { Status: NotificationStatus.Delivering } || current.Attempts != attempt)
        {
            return false;
        }

        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await table.UpdateEntityAsync(
                new TableEntity(TableKeys.Escape(id), TableKeys.Escape(id))
                {
                    ["Status"] = NotificationStatus.Unconfirmed.ToString(),
                    ["AnswerLostAt"] = time.GetUtcNow(),
                    ["LostAnswers"] = current.LostAnswers + 1,
                },
                new ETag(current.Version),
                TableUpdateMode.Merge,
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status is 404 or 412)
        {
            return false;
        }
    }

    /// <summary>
    /// Records what the mail service reported about a notification (an event of its webhook):
    /// <paramref name="failed"/> false means it accepted or delivered it, so it is delivered and
    /// never sent again; true means it bounced, was dropped or reported as spam, so it is failed
    /// (and not sent again either). A failure is never overwritten by a later acceptance. False
    /// when the notification is not in the ledger.
    /// </summary>
    public async Task<bool> RecordServiceReportAsync(string id, string channel, bool failed, string report, string? recipient, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        for (var round = 0; round < 5; round++)
        {
            var current = await GetAsync(id, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                return false;
            }

            if (current.Status == NotificationStatus.Failed || (current.Status == NotificationStatus.Delivered && !failed))
            {
                return true;
            }

            var entity = new TableEntity(TableKeys.Escape(id), TableKeys.Escape(id))
            {
                ["Status"] = (failed ? NotificationStatus.Failed : NotificationStatus.Delivered).ToString(),
                ["ServiceReport"] = report,
            };
            if (failed)
            {
                entity["FailedAt"] = time.GetUtcNow();
                entity["FailedRecipient"] = recipient;
            }
            else
            {
                entity["DeliveredAt"] = time.GetUtcNow();
                entity["Channel"] = channel;
            }

            try
            {
                await table.UpdateEntityAsync(entity, new ETag(current.Version), TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException exception) when (exception.Status == 412)
            {
                // Changed since it was read (a delivery finished): read it again.
            }
        }

        throw new InvalidOperationException($"Notification {id} kept changing while a report of the mail service was recorded; the webhook's retry will record it.");
    }

    public async Task MarkDeliveredAsync(string id, string channel, string reference, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        await table.UpdateEntityAsync(
            new TableEntity(TableKeys.Escape(id), TableKeys.Escape(id))
            {
                ["Status"] = NotificationStatus.Delivered.ToString(),
                ["DeliveredAt"] = time.GetUtcNow(),
                ["Channel"] = channel,
                ["ChannelReference"] = reference,
            },
            ETag.All,
            TableUpdateMode.Merge,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every notification first queued since a moment, for the digest.</summary>
    public async Task<IReadOnlyList<NotificationRecord>> ListSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var records = new List<NotificationRecord>();
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"QueuedAt ge {since}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            records.Add(FromEntity(entity));
        }

        return records;
    }

    private static NotificationRecord FromEntity(TableEntity entity) => new(
        entity.GetString("NotificationId") ?? entity.PartitionKey,
        entity.GetString("Kind") ?? string.Empty,
        entity.GetString("Case"),
        Enum.TryParse<NotificationStatus>(entity.GetString("Status"), out var status) ? status : NotificationStatus.Queued,
        entity.GetDateTimeOffset("QueuedAt"),
        entity.GetDateTimeOffset("DeliveringSince"),
        entity.GetDateTimeOffset("DeliveredAt"),
        entity.GetInt32("Attempts") ?? 0,
        entity.GetString("ClaimedBy"),
        entity.ETag.ToString())
    {
        LostAnswers = entity.GetInt32("LostAnswers") ?? 0,
        AnswerLostAt = entity.GetDateTimeOffset("AnswerLostAt"),
        ServiceReport = entity.GetString("ServiceReport"),
        FailedRecipient = entity.GetString("FailedRecipient"),
    };
}
