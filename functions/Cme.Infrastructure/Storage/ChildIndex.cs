using Azure;
using Azure.Data.Tables;
using Cme.Core.Cases;
using Cme.Application.Ports;

namespace Cme.Infrastructure.Storage;

/// <summary>
/// Finds the open case for a child by UPN, or by name and date of birth. Each key is an HMAC-SHA256
/// of the child's identity under the deployment's secret (<see cref="ChildIndexSecret"/>), so the
/// index holds no personal data of its own, and nobody holding only the table can test guesses
/// against it. Rows carry <see cref="KeyingProperty"/>, naming the secret they were keyed under;
/// rows without it are from before (unsalted SHA-256). <see cref="RekeyAsync"/> moves both kinds.
/// </summary>
public sealed class ChildIndex(TableServiceClient tables, ChildIndexSecret secret) : IChildIndex
{
    public const string TableName = "childindex";

    /// <summary>The property that names how a row was keyed: <c>hmac-sha256:{secret id}</c>.</summary>
    public const string KeyingProperty = "Keying";

    /// <summary>The value of <see cref="KeyingProperty"/> on a row keyed under this index's secret.</summary>
    public string Keyed { get; } = "hmac-sha256:" + secret.Id;

    private readonly TableStore _table = new(tables, TableName);

    /// <summary>The child's open case under any of its keys; the keys' partitions are read at once.</summary>
    public async Task<CaseReference?> FindOpenCaseAsync(ChildDetails child, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var found = await Task.WhenAll(child.IdentityKeys.Select(key => FindOpenCaseAsync(table, secret.KeyFor(key), cancellationToken))).ConfigureAwait(false);
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
        var claimed = await Task.WhenAll(child.IdentityKeys.Select(key => ClaimAsync(table, secret.KeyFor(key), emailKey, now, lapse, cancellationToken))).ConfigureAwait(false);
        return claimed.All(held => held);
    }

    private async Task<bool> ClaimAsync(TableClient table, string partition, string emailKey, DateTimeOffset now, TimeSpan lapse, CancellationToken cancellationToken)
    {
        var claim = new TableEntity(partition, OpeningRow + partition) { ["EmailKey"] = emailKey, ["Until"] = now + lapse, [KeyingProperty] = Keyed };
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
            new TableEntity(secret.KeyFor(key), @case.Reference.ToString()) { ["Open"] = @case.Status == CaseStatus.Open, [KeyingProperty] = Keyed },
            TableUpdateMode.Replace,
            cancellationToken))).ConfigureAwait(false);
    }

    /// <summary>
    /// Moves the index to keys under this secret: indexes every case again under its current child
    /// details (every match an old row gave for those details, a new row gives), then deletes every
    /// row not keyed under this secret (unsalted rows, rows under a previous secret, and their
    /// opening claims). An unsalted row whose key no case's current details produce (a spelling or
    /// UPN since corrected on the case) cannot be moved, since its identity is not known: it is
    /// deleted and counted. Safe to run again. Run it with the host stopped: a host still using
    /// another secret would write rows this deletes, and one using this secret before the rekey
    /// would not find a child indexed only under the old keys.
    /// </summary>
    public async Task<ChildIndexRekeyReport> RekeyAsync(IReadOnlyList<Case> cases, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cases);
        var oldKeys = new HashSet<string>(StringComparer.Ordinal);
        var written = 0;
        foreach (var chunk in cases.Chunk(16))
        {
            foreach (var key in chunk.SelectMany(c => c.Child.IdentityKeys))
            {
                oldKeys.Add(TableKeys.Hash(key));
            }

            await Task.WhenAll(chunk.Select(c => RecordAsync(c, cancellationToken))).ConfigureAwait(false);
            written += chunk.Sum(c => c.Child.IdentityKeys.Count);
        }

        var table = await _table.GetAsync(cancellationToken).ConfigureAwait(false);
        var unkeyed = new List<TableEntity>();
        await foreach (var entity in table.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey", KeyingProperty], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (entity.GetString(KeyingProperty) != Keyed)
            {
                unkeyed.Add(entity);
            }
        }

        var moved = 0;
        var dropped = 0;
        var otherSecret = 0;
        foreach (var entity in unkeyed)
        {
            await table.DeleteEntityAsync(entity.PartitionKey, entity.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
            if (entity.RowKey.StartsWith(OpeningRow, StringComparison.Ordinal))
            {
                continue;
            }

            if (entity.GetString(KeyingProperty) is not null)
            {
                otherSecret++;
            }
            else if (oldKeys.Contains(entity.PartitionKey))
            {
                moved++;
            }
            else
            {
                dropped++;
            }
        }

        return new ChildIndexRekeyReport(cases.Count, written, moved, dropped, otherSecret);
    }
}

/// <summary>What <see cref="ChildIndex.RekeyAsync"/> did.</summary>
/// <param name="Cases">Cases read (open and closed).</param>
/// <param name="RowsWritten">Index rows written under the secret.</param>
/// <param name="OldRowsMoved">Old unsalted rows deleted whose match a new row now gives.</param>
/// <param name="OldRowsDropped">Old unsalted rows deleted that no case's current details produce.</param>
/// <param name="OtherSecretRowsDeleted">Rows keyed under a previous secret, deleted (the cases' current details were indexed again under this one).</param>
public sealed record ChildIndexRekeyReport(int Cases, int RowsWritten, int OldRowsMoved, int OldRowsDropped, int OtherSecretRowsDeleted = 0);
