using Cme.Infrastructure.Configuration;
using Cme.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;

namespace Cme.Infrastructure.Tests.Configuration;

/// <summary>local.settings.sample.json, copied as it is to local.settings.json, runs on the local defaults.</summary>
public sealed class LocalSettingsSampleTests : IDisposable
{
    private readonly string _contentRoot = Directory.CreateTempSubdirectory("cme-sample-").FullName;

    public void Dispose() => Directory.Delete(_contentRoot, recursive: true);

    [Fact]
    public void TheSample_AsIs_IsTheEmbeddedAzuriteAndPassesTheStartUpCheck()
    {
        var root = RepositoryLayout.FindRepositoryRoot()!;
        File.Copy(Path.Combine(root, "host.json"), Path.Combine(_contentRoot, "host.json"));
        File.Copy(Path.Combine(root, "local.settings.sample.json"), Path.Combine(_contentRoot, CmeConfiguration.LocalSettingsFileName));

        var configuration = new ConfigurationBuilder().AddCmeSources(_contentRoot).Build();

        // The identity settings it lists empty leave storage to the embedded Azurite.
        Assert.Equal(string.Empty, configuration["AzureWebJobsStorage:accountName"]);
        Assert.IsType<StorageSettings.Embedded>(StorageSettings.Read(configuration));
        ProductionSettings.Validate(configuration);
    }
}
