using Azure.Data.Tables;
using Cme.Infrastructure.Storage;
using Cme.Testing;

namespace Cme.Infrastructure.Tests.Storage;

[Collection(StorageCollection.Name)]
public sealed class CaseReferenceAllocatorTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Sixty_concurrent_allocations_from_three_hosts_get_one_to_sixty_without_gaps_or_duplicates()
    {
        var year = UniqueYear();
        // Three allocators with their own clients stand for three host instances.
        var hosts = Enumerable.Range(0, 3).Select(_ => new CaseReferenceAllocator(new TableServiceClient(azurite.ConnectionString))).ToArray();

        var references = await Task.WhenAll(Enumerable.Range(0, 60).Select(i =>
            Task.Run(() => hosts[i % 3].AllocateAsync(year, $"email-{i}", CancellationToken.None))));

        Assert.Equal(Enumerable.Range(1, 60), references.Select(r => r.Number).Order());
        Assert.All(references, r => Assert.Equal(year, r.Year));
    }

    [Fact]
    public async Task The_same_claim_asked_twice_gets_the_same_reference_and_uses_no_number()
    {
        var year = UniqueYear();
        var allocator = new CaseReferenceAllocator(new TableServiceClient(azurite.ConnectionString));

        var first = await allocator.AllocateAsync(year, "redelivered-email", CancellationToken.None);
        var again = await allocator.AllocateAsync(year, "redelivered-email", CancellationToken.None);
        var next = await allocator.AllocateAsync(year, "another-email", CancellationToken.None);

        Assert.Equal(first, again);
        Assert.Equal($"CME-{year}-00001", first.ToString());
        Assert.Equal(2, next.Number);
    }

    [Fact]
    public async Task Concurrent_redeliveries_of_one_email_agree_on_one_reference()
    {
        var year = UniqueYear();
        var allocator = new CaseReferenceAllocator(new TableServiceClient(azurite.ConnectionString));

        var references = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            Task.Run(() => allocator.AllocateAsync(year, "same-email", CancellationToken.None))));

        Assert.Single(references.Distinct());
        Assert.Equal(2, (await allocator.AllocateAsync(year, "next-email", CancellationToken.None)).Number);
    }

    // Each test gets a year of its own, so tests sharing the one Azurite never share a counter.
    private static int UniqueYear() => Random.Shared.Next(6000, 9999);
}
