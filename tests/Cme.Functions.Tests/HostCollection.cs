using Cme.Testing;

namespace Cme.Functions.Tests;

[CollectionDefinition(Name)]
public sealed class HostCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "host on Azurite";
}
