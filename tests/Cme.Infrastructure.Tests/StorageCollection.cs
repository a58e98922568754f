using Cme.Testing;

namespace Cme.Infrastructure.Tests;

[CollectionDefinition(Name)]
public sealed class StorageCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "storage on Azurite";
}
