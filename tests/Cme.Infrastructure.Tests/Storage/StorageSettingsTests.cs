using Cme.Infrastructure.Configuration;
using Cme.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;

namespace Cme.Infrastructure.Tests.Storage;

public sealed class StorageSettingsTests
{
    private const string ClientId = "0b8f5f2e-4c53-4c1e-9d3f-0a1b2c3d4e5f";

    [Fact]
    public void Read_NothingSet_IsTheEmbeddedAzurite()
    {
        Assert.IsType<StorageSettings.Embedded>(Read());
    }

    [Fact]
    public void Read_EmptyValues_CountAsUnset()
    {
        // local.settings.sample.json lists the identity settings empty.
        Assert.IsType<StorageSettings.Embedded>(Read(("AzureWebJobsStorage", ""), ("AzureWebJobsStorage:accountName", " "), ("AzureWebJobsStorage:clientId", "")));
    }

    [Fact]
    public void Read_ConnectionString_IsUsedAsGiven()
    {
        var settings = Assert.IsType<StorageSettings.ConnectionString>(Read(("AzureWebJobsStorage", "UseDevelopmentStorage=true")));

        Assert.Equal("UseDevelopmentStorage=true", settings.Value);
    }

    [Fact]
    public void Read_ConnectionStringsSection_IsAConnectionStringToo()
    {
        Assert.IsType<StorageSettings.ConnectionString>(Read(("ConnectionStrings:AzureWebJobsStorage", "UseDevelopmentStorage=true")));
    }

    [Fact]
    public void ToString_NeverShowsTheConnectionString()
    {
        var settings = new StorageSettings.ConnectionString("DefaultEndpointsProtocol=https;AccountName=stcme;AccountKey=c2VjcmV0");

        Assert.DoesNotContain("c2VjcmV0", settings.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AccountName_IsAManagedIdentityOnTheAccountsPublicEndpoints()
    {
        var settings = Assert.IsType<StorageSettings.ManagedIdentity>(Read(("AzureWebJobsStorage:accountName", "stcmeherts")));

        Assert.Equal("stcmeherts", settings.AccountName);
        Assert.Equal(new Uri("https://stcmeherts.blob.core.windows.net/"), settings.BlobServiceUri);
        Assert.Equal(new Uri("https://stcmeherts.queue.core.windows.net/"), settings.QueueServiceUri);
        Assert.Equal(new Uri("https://stcmeherts.table.core.windows.net/"), settings.TableServiceUri);
        Assert.Null(settings.ClientId);
    }

    [Fact]
    public void Read_AccountNameCredentialAndClientId_IsTheUserAssignedIdentity()
    {
        // What infra/ sets, as environment variables: AzureWebJobsStorage__accountName and so on.
        var settings = Assert.IsType<StorageSettings.ManagedIdentity>(ReadEnvironment(
            ("AzureWebJobsStorage", ""),
            ("AzureWebJobsStorage__accountName", "stcmeherts"),
            ("AzureWebJobsStorage__credential", "managedidentity"),
            ("AzureWebJobsStorage__clientId", ClientId)));

        Assert.Equal(ClientId, settings.ClientId);
    }

    [Fact]
    public void Read_CredentialName_IsCaseInsensitive()
    {
        Assert.IsType<StorageSettings.ManagedIdentity>(Read(("AzureWebJobsStorage:accountName", "stcmeherts"), ("AzureWebJobsStorage:credential", "ManagedIdentity")));
    }

    [Fact]
    public void Read_ExplicitServiceUris_WinOverTheAccountsDefaults()
    {
        var settings = Assert.IsType<StorageSettings.ManagedIdentity>(Read(
            ("AzureWebJobsStorage:accountName", "stcmeherts"),
            ("AzureWebJobsStorage:queueServiceUri", "https://stcmeherts-secondary.queue.core.windows.net")));

        Assert.Equal(new Uri("https://stcmeherts-secondary.queue.core.windows.net"), settings.QueueServiceUri);
        Assert.Equal(new Uri("https://stcmeherts.table.core.windows.net/"), settings.TableServiceUri);
    }

    [Fact]
    public void Read_AllThreeServiceUrisWithoutAnAccountName_TakesTheNameFromThem()
    {
        // Path-style addresses, as Azurite serves them on an IP address.
        var settings = Assert.IsType<StorageSettings.ManagedIdentity>(Read(
            ("AzureWebJobsStorage:blobServiceUri", "https://127.0.0.1:10000/devstoreaccount1"),
            ("AzureWebJobsStorage:queueServiceUri", "https://127.0.0.1:10001/devstoreaccount1"),
            ("AzureWebJobsStorage:tableServiceUri", "https://127.0.0.1:10002/devstoreaccount1")));

        Assert.Equal("devstoreaccount1", settings.AccountName);
    }

    [Fact]
    public void Read_CredentialWithoutAccountName_SaysToSetTheAccountName()
    {
        var error = Assert.Throws<ConfigurationException>(() => Read(("AzureWebJobsStorage:credential", "managedidentity")));

        Assert.Contains("AzureWebJobsStorage__credential is set but AzureWebJobsStorage__accountName is not", error.Message, StringComparison.Ordinal);
        Assert.Contains("Set AzureWebJobsStorage__accountName to the storage account's name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ClientIdWithoutAccountName_SaysToSetTheAccountName()
    {
        var error = Assert.Throws<ConfigurationException>(() => Read(("AzureWebJobsStorage:clientId", ClientId)));

        Assert.Contains("AzureWebJobsStorage__clientId is set but AzureWebJobsStorage__accountName is not", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SomeServiceUrisWithoutAnAccountName_NamesTheMissingOnes()
    {
        var error = Assert.Throws<ConfigurationException>(() => Read(("AzureWebJobsStorage:queueServiceUri", "https://stcmeherts.queue.core.windows.net")));

        Assert.Contains("AzureWebJobsStorage__blobServiceUri, AzureWebJobsStorage__tableServiceUri cannot be worked out", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ConnectionStringAndIdentitySettingsTogether_AsksToChooseOne()
    {
        var error = Assert.Throws<ConfigurationException>(() => Read(
            ("AzureWebJobsStorage", "UseDevelopmentStorage=true"),
            ("AzureWebJobsStorage:accountName", "stcmeherts")));

        Assert.Contains("choose one", error.Message, StringComparison.Ordinal);
        Assert.Contains("AzureWebJobsStorage__accountName", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("UseDevelopmentStorage", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("keyvault")] // a different credential kind
    [InlineData("connectionstring")] // a key belongs in AzureWebJobsStorage itself
    public void Read_AnotherCredentialKind_IsRefusedWithTheOneThatWorks(string credential)
    {
        var error = Assert.Throws<ConfigurationException>(() => Read(("AzureWebJobsStorage:accountName", "stcmeherts"), ("AzureWebJobsStorage:credential", credential)));

        Assert.Contains($"AzureWebJobsStorage__credential '{credential}' is not supported: set it to 'managedidentity'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AClientIdThatIsNotAGuid_SaysWhereToFindIt()
    {
        var error = Assert.Throws<ConfigurationException>(() => Read(("AzureWebJobsStorage:accountName", "stcmeherts"), ("AzureWebJobsStorage:clientId", "id-cme-herts")));

        Assert.Contains("az identity show --query clientId", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://stcmeherts.blob.core.windows.net")] // a URL where a name belongs
    [InlineData("StCmeHerts")] // upper case
    [InlineData("st")] // too short
    public void Read_AnAccountNameThatIsNotOne_IsRefused(string accountName)
    {
        var error = Assert.Throws<ConfigurationException>(() => Read(("AzureWebJobsStorage:accountName", accountName)));

        Assert.Contains($"AzureWebJobsStorage__accountName '{accountName}' is not a storage account name", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://stcmeherts.queue.core.windows.net")] // tokens only go over HTTPS
    [InlineData("https://stcmeherts.queue.core.windows.net/?sv=2024-11-04&sig=abc")] // a SAS is a secret
    [InlineData("stcmeherts.queue.core.windows.net")] // not absolute
    public void Read_AServiceUriThatIsNotPlainHttps_IsRefused(string uri)
    {
        var error = Assert.Throws<ConfigurationException>(() => Read(("AzureWebJobsStorage:accountName", "stcmeherts"), ("AzureWebJobsStorage:queueServiceUri", uri)));

        Assert.Contains("AzureWebJobsStorage__queueServiceUri", error.Message, StringComparison.Ordinal);
        Assert.Contains("https://", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AMisspeltIdentitySetting_IsNamedWithTheOnesThatExist()
    {
        var error = Assert.Throws<ConfigurationException>(() => Read(("AzureWebJobsStorage:acountName", "stcmeherts")));

        Assert.Contains("AzureWebJobsStorage__acountName is not a setting this host reads", error.Message, StringComparison.Ordinal);
        Assert.Contains("AzureWebJobsStorage__accountName", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromManagedIdentity_DescribesTheAccountAndIdentityWithoutSecrets()
    {
        var settings = Assert.IsType<StorageSettings.ManagedIdentity>(Read(("AzureWebJobsStorage:accountName", "stcmeherts"), ("AzureWebJobsStorage:clientId", ClientId)));

        var endpoints = StorageEndpoints.FromManagedIdentity(settings);

        Assert.Null(endpoints.ConnectionString);
        Assert.NotNull(endpoints.Credential);
        Assert.Equal("stcmeherts", endpoints.AccountName);
        Assert.Contains("storage account stcmeherts with managed identity " + ClientId, endpoints.Description, StringComparison.Ordinal);
        Assert.Equal(new Uri("https://stcmeherts.queue.core.windows.net/"), endpoints.CreateQueueServiceClient().Uri);
        Assert.Equal("stcmeherts", endpoints.CreateTableServiceClient().AccountName);
    }

    [Fact]
    public async Task ResolveAsync_ManagedIdentityThatGetsNoToken_StopsAtStartUpWithTheFix()
    {
        // No identity endpoint here (or, on an Azure VM, no such identity): the host must not start half-working.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage:accountName"] = "stcmeherts",
            ["AzureWebJobsStorage:clientId"] = ClientId,
        }).Build();

        var error = await Assert.ThrowsAsync<ConfigurationException>(() =>
            StorageConnection.ResolveAsync(configuration, Path.GetTempPath(), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance));

        Assert.Contains($"no token could be obtained for the user-assigned managed identity with client id {ClientId}", error.Message, StringComparison.Ordinal);
        Assert.Contains("Fix: assign that identity to the app", error.Message, StringComparison.Ordinal);
    }

    private static StorageSettings Read(params (string Key, string Value)[] settings) =>
        StorageSettings.Read(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build());

    /// <summary>As the host reads environment variables: "__" is a section separator.</summary>
    private static StorageSettings ReadEnvironment(params (string Key, string Value)[] settings) =>
        Read(settings.Select(s => (s.Key.Replace("__", ":", StringComparison.Ordinal), s.Value)).ToArray());
}
