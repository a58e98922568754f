using Cme.Testing;

namespace Cme.Functions.Tests;

/// <summary>
/// Whole-pipeline runs of the product's own functions on their own Azurite: they open cases in
/// the 2026 reference sequence, write the shared poller state and queue this week's digest, all of
/// which the end-to-end test in <see cref="HostCollection"/> counts on being its own.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PipelineCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "whole pipeline on its own Azurite";
}
