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

    // The index is shared by every test on this Azurite: each test its own invented child and case number.
    private static ChildDetails InventedChild() =>
        new("Ilsa", "Marrowby" + Guid.NewGuid().ToString("N")[..8], new DateOnly(2015, 4, 3), null, null, null, null, null);

    private static CaseReference UniqueReference() => CaseReference.Create(Random.Shared.Next(3000, 9999), Random.Shared.Next(1, 99_999));
}
