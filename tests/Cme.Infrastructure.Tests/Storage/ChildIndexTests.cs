using Azure.Data.Tables;
using Cme.Core.Cases;
using Cme.Core.Intake;
using Cme.Infrastructure.Storage;
using Cme.Testing;

namespace Cme.Infrastructure.Tests.Storage;

[Collection(StorageCollection.Name)]
public sealed class ChildIndexTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = new(2026, 1, 12, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lapse = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task An_email_that_looked_the_child_up_before_another_opened_its_case_may_not_open_a_second()
    {
        var index = new ChildIndex(new TableServiceClient(azurite.ConnectionString), ChildIndexSecret.Generate());
        var child = InventedChild();
        var first = Case.Open(UniqueReference(), EmailKind.Referral, Now, child, new CaseRouting("west", null, null), null, []);

        // Email B looks the child up and finds nothing; meanwhile email A claims, opens and indexes its case.
        Assert.Null(await index.FindOpenCaseAsync(child, CancellationToken.None));
        Assert.True(await index.ClaimOpeningAsync(child, "email-a", Now, Lapse, CancellationToken.None));
        await index.RecordAsync(first, CancellationToken.None);

        Assert.False(await index.ClaimOpeningAsync(child, "email-b", Now, Lapse, CancellationToken.None));
        Assert.Equal(first.Reference, await index.FindOpenCaseAsync(child, CancellationToken.None));
    }

    [Fact]
    public async Task Once_the_childs_case_is_closed_a_new_referral_may_open_another()
    {
        var index = new ChildIndex(new TableServiceClient(azurite.ConnectionString), ChildIndexSecret.Generate());
        var child = InventedChild();
        var first = Case.Open(UniqueReference(), EmailKind.Referral, Now, child, new CaseRouting("west", null, null), null, []);
        Assert.True(await index.ClaimOpeningAsync(child, "email-a", Now, Lapse, CancellationToken.None));
        await index.RecordAsync(first, CancellationToken.None);

        await index.RecordAsync(first.Close("found on roll elsewhere", Now.AddDays(3)), CancellationToken.None);

        Assert.Null(await index.FindOpenCaseAsync(child, CancellationToken.None));
        Assert.True(await index.ClaimOpeningAsync(child, "email-c", Now.AddDays(30), Lapse, CancellationToken.None));
    }

    [Fact]
    public async Task A_claim_held_by_another_email_refuses_until_it_lapses_and_the_same_email_may_claim_again()
    {
        var index = new ChildIndex(new TableServiceClient(azurite.ConnectionString), ChildIndexSecret.Generate());
        var child = InventedChild();

        Assert.True(await index.ClaimOpeningAsync(child, "email-a", Now, Lapse, CancellationToken.None));

        Assert.True(await index.ClaimOpeningAsync(child, "email-a", Now.AddSeconds(5), Lapse, CancellationToken.None));
        Assert.False(await index.ClaimOpeningAsync(child, "email-b", Now.AddSeconds(5), Lapse, CancellationToken.None));
        Assert.True(await index.ClaimOpeningAsync(child, "email-b", Now + Lapse + TimeSpan.FromSeconds(1), Lapse, CancellationToken.None));
    }

    [Fact]
    public async Task An_index_rows_key_cannot_be_recomputed_without_the_secret()
    {
        var tables = new TableServiceClient(azurite.ConnectionString);
        var secret = ChildIndexSecret.Generate();
        var child = InventedChild() with { Upn = InventedUpn() };
        var @case = Case.Open(UniqueReference(), EmailKind.Referral, Now, child, new CaseRouting("west", null, null), null, []);
        await new ChildIndex(tables, secret).RecordAsync(@case, CancellationToken.None);

        var keys = await RowKeysOfAsync(tables, @case.Reference);

        Assert.Equal(2, keys.Count);
        foreach (var identity in child.IdentityKeys)
        {
            // The plain SHA-256 of the identity (what anyone can compute from a guess) is not a key;
            // the HMAC under this secret is, and under any other secret it is something else.
            Assert.DoesNotContain(TableKeys.Hash(identity), keys);
            Assert.Contains(secret.KeyFor(identity), keys);
            Assert.DoesNotContain(ChildIndexSecret.Generate().KeyFor(identity), keys);
        }

        Assert.Equal(@case.Reference, await new ChildIndex(tables, secret).FindOpenCaseAsync(child, CancellationToken.None));
        Assert.Null(await new ChildIndex(tables, ChildIndexSecret.Generate()).FindOpenCaseAsync(child, CancellationToken.None));
    }

    [Fact]
    public async Task Rekey_keeps_every_match_of_an_index_written_with_unsalted_hashes_and_leaves_no_unsalted_row()
    {
        var tables = new TableServiceClient(azurite.ConnectionString);
        var table = tables.GetTableClient(ChildIndex.TableName);
        await table.CreateIfNotExistsAsync();
        var routing = new CaseRouting("west", null, null);
        var byUpn = InventedChild() with { Upn = InventedUpn() };
        var byName = InventedChild();
        var closedChild = InventedChild();
        Case[] cases =
        [
            Case.Open(UniqueReference(), EmailKind.Referral, Now, byUpn, routing, null, []),
            Case.Open(UniqueReference(), EmailKind.NoShow, Now, byName, routing, null, []),
            Case.Open(UniqueReference(), EmailKind.Referral, Now, closedChild, routing, null, []).Close("located", Now.AddDays(2)),
        ];

        // The index as the product wrote it before: partition = SHA-256 of the identity key, no Keying property;
        // one row for a spelling no case has any more, and an old opening claim.
        foreach (var @case in cases)
        {
            foreach (var identity in @case.Child.IdentityKeys)
            {
                await table.UpsertEntityAsync(new TableEntity(TableKeys.Hash(identity), @case.Reference.ToString()) { ["Open"] = @case.Status == CaseStatus.Open });
            }
        }

        var corrected = TableKeys.Hash("name-dob:ilsa|marrowbyy" + Guid.NewGuid().ToString("N")[..8] + "|2015-04-03");
        await table.UpsertEntityAsync(new TableEntity(corrected, cases[1].Reference.ToString()) { ["Open"] = true });
        var oldClaim = TableKeys.Hash(byName.IdentityKeys[0]);
        await table.UpsertEntityAsync(new TableEntity(oldClaim, "opening|" + oldClaim) { ["EmailKey"] = "email-old", ["Until"] = Now });

        var secret = ChildIndexSecret.Generate();
        var index = new ChildIndex(tables, secret);
        Assert.Null(await index.FindOpenCaseAsync(byUpn, CancellationToken.None));

        var report = await index.RekeyAsync(cases, CancellationToken.None);

        Assert.Equal(cases[0].Reference, await index.FindOpenCaseAsync(byUpn, CancellationToken.None));
        Assert.Equal(cases[0].Reference, await index.FindOpenCaseAsync(ChildDetails.Unknown with { Upn = byUpn.Upn }, CancellationToken.None));
        Assert.Equal(cases[0].Reference, await index.FindOpenCaseAsync(byUpn with { Upn = null }, CancellationToken.None));
        Assert.Equal(cases[1].Reference, await index.FindOpenCaseAsync(byName, CancellationToken.None));
        Assert.Null(await index.FindOpenCaseAsync(closedChild, CancellationToken.None));
        Assert.True(report.OldRowsMoved >= 4, $"{report.OldRowsMoved} old rows moved");
        Assert.True(report.OldRowsDropped >= 1, $"{report.OldRowsDropped} old rows dropped");
        foreach (var identity in cases.SelectMany(c => c.Child.IdentityKeys))
        {
            Assert.Empty(await RowsInAsync(table, TableKeys.Hash(identity)));
        }

        Assert.Empty(await RowsInAsync(table, corrected));

        // The secret changed (it may have leaked): a rekey under the new one keeps every match and
        // leaves no row under the old one.
        var newSecret = ChildIndexSecret.Generate();
        var rekeyed = new ChildIndex(tables, newSecret);
        Assert.Null(await rekeyed.FindOpenCaseAsync(byName, CancellationToken.None));
        var rotation = await rekeyed.RekeyAsync(cases, CancellationToken.None);
        Assert.Equal(cases[1].Reference, await rekeyed.FindOpenCaseAsync(byName, CancellationToken.None));
        Assert.Equal(cases[0].Reference, await rekeyed.FindOpenCaseAsync(byUpn, CancellationToken.None));
        Assert.True(rotation.OtherSecretRowsDeleted >= 4, $"{rotation.OtherSecretRowsDeleted} rows under the old secret deleted");
        foreach (var identity in cases.SelectMany(c => c.Child.IdentityKeys))
        {
            Assert.Empty(await RowsInAsync(table, secret.KeyFor(identity)));
        }

        index = rekeyed;

        // A second run changes nothing that matters and finds no old row.
        var again = await index.RekeyAsync(cases, CancellationToken.None);
        Assert.Equal((0, 0), (again.OldRowsMoved, again.OldRowsDropped));
        Assert.Equal(cases[1].Reference, await index.FindOpenCaseAsync(byName, CancellationToken.None));
    }

    private static async Task<List<string>> RowKeysOfAsync(TableServiceClient tables, CaseReference reference)
    {
        var keys = new List<string>();
        var rowKey = reference.ToString();
        await foreach (var entity in tables.GetTableClient(ChildIndex.TableName).QueryAsync<TableEntity>(e => e.RowKey == rowKey))
        {
            keys.Add(entity.PartitionKey);
        }

        return keys;
    }

    private static async Task<List<TableEntity>> RowsInAsync(TableClient table, string partition)
    {
        var rows = new List<TableEntity>();
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == partition))
        {
            rows.Add(entity);
        }

        return rows;
    }

    // The index is shared by every test on this Azurite: each test its own invented child and case number.
    private static ChildDetails InventedChild() =>
        new("Ilsa", "Marrowby" + Guid.NewGuid().ToString("N")[..8], new DateOnly(2015, 4, 3), null, null, null, null, null);

    /// <summary>A UPN no other test uses, with its check letter right (the DfE's weighted sum, mod 23).</summary>
    private static Cme.Core.Children.Upn InventedUpn()
    {
        var digits = string.Concat(Enumerable.Range(0, 12).Select(_ => Random.Shared.Next(10)));
        var sum = digits.Select((c, i) => (c - '0') * (i + 2)).Sum();
        Assert.True(Cme.Core.Children.Upn.TryParse("ABCDEFGHJKLMNPQRTUVWXYZ"[sum % 23] + digits, out var upn));
        return upn;
    }

    private static CaseReference UniqueReference() => CaseReference.Create(Random.Shared.Next(6000, 9999), Random.Shared.Next(1, 99_999));
}
