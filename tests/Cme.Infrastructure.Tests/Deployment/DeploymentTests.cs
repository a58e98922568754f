using Cme.Infrastructure.Configuration;

namespace Cme.Infrastructure.Tests.Deployment;

/// <summary>
/// infra/ against the code: every setting production requires is deployed, every secret is a Key
/// Vault reference, every Cme setting deployed is one the code reads. Each check is also shown to
/// fail on a deployment doctored to be wrong.
/// </summary>
public sealed class DeploymentTests
{
    private static readonly string Infra = Path.Combine(RepositoryLayout.FindRepositoryRoot()!, "infra");

    private static CompiledBicep Read(string relativePath) => CompiledBicep.Read(relativePath);

    private static CompiledBicep App => Read("modules/containerapp.bicep");

    private static CompiledBicep Main => Read("main.bicep");

    [Fact]
    public void ContainerApp_SetsEveryRequiredSettingAndKeepsEverySecretInKeyVault()
    {
        Assert.Empty(DeploymentCheck.ContainerApp(App));
    }

    [Fact]
    public void ContainerApp_ReadsTheSettingsItDeclares()
    {
        // The check must be looking at something: the settings of this deployment, as it deploys them.
        var settings = DeploymentCheck.Settings(App).ToDictionary(s => s.Name);

        Assert.Equal("sendgrid-api-key", settings["Cme__Outbox__SendGrid__ApiKey"].SecretRef);
        Assert.Equal("graph-client-secret", settings["Cme__Mailbox__Graph__ClientSecret"].SecretRef);
        Assert.True(settings["Cme__Mailbox__Graph__ClientSecret"].Conditional);
        Assert.Equal("Graph", DeploymentCheck.LiteralOf(settings["Cme__Mailbox__Source"].Value));
        Assert.Equal("managedidentity", DeploymentCheck.LiteralOf(settings["AzureWebJobsStorage__credential"].Value));
        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys);
        Assert.All(DeploymentCheck.Secrets(App), secret => Assert.NotNull(secret.KeyVaultUrl));
    }

    [Fact]
    public void ContainerApp_ScalesOnBothQueuesAsTheManagedIdentity()
    {
        Assert.Empty(DeploymentCheck.ScaleRules(App, Main));
    }

    [Fact]
    public void Storage_RefusesSharedKeys()
    {
        Assert.Empty(DeploymentCheck.Storage(Read("modules/storage.bicep")));
    }

    [Fact]
    public void KeyVault_IsRbacWithSoftDeleteAndPurgeProtection()
    {
        Assert.Empty(DeploymentCheck.KeyVault(Read("modules/keyvault.bicep")));
    }

    [Theory]
    [InlineData("main.bicep")]
    [InlineData("modules/containerapp.bicep")]
    [InlineData("modules/keyvault.bicep")]
    [InlineData("modules/storage.bicep")]
    [InlineData("modules/monitoring.bicep")]
    [InlineData("modules/registry.bicep")]
    [InlineData("modules/identity.bicep")]
    public void Parameters_SecretsAreSecureWithNoDefault(string file)
    {
        Assert.Empty(DeploymentCheck.SecureParameters(Read(file)));
    }

    [Fact]
    public void Main_HasItsSecretParametersAndTheyAreSecure()
    {
        var secure = Main.Parameters.Where(p => p.IsSecure).Select(p => p.Name).ToList();

        Assert.Equal(["sendGridApiKey", "graphClientSecret", "childIndexKey"], secure);
    }

    [Theory]
    [InlineData("parameters/hertfordshire.bicepparam")]
    [InlineData("parameters/havering.bicepparam")]
    public void ParameterFiles_WriteNoSecretAndNameTheProfilesMailbox(string file)
    {
        var parameters = Read(file);

        Assert.Empty(DeploymentCheck.ParameterFile(parameters, Main, Path.Combine(Infra, "..", "profiles")));
        Assert.NotEmpty(parameters.Parameters);
    }

    [Fact]
    public void EveryOptionThatLooksSecret_IsOnTheCodesListOfSecrets()
    {
        // A new ApiKey or Secret option must join ProductionSettings.Secrets, or the deployment check would not guard it.
        var looksSecret = ConfigurationKeys.FromOptions().Where(ConfigurationKeys.LooksSecret).ToList();

        Assert.NotEmpty(looksSecret);
        Assert.All(looksSecret, key => Assert.True(ProductionSettings.IsSecret(key), $"{key} looks secret but is not in ProductionSettings.Secrets"));
    }

    [Fact]
    public void ConfigurationKeys_FromOptions_FindsTheKeysTheCodeReads()
    {
        var keys = ConfigurationKeys.FromOptions();

        Assert.Contains("Cme:Profile", keys);
        Assert.Contains("Cme:Mailbox:Source", keys);
        Assert.Contains("Cme:Outbox:From", keys);
        Assert.Contains("Cme:Mailbox:Graph:ClientSecret", keys);
        Assert.Contains("Cme:Outbox:SendGrid:ApiKey", keys);
    }

    // ---- The checks fail when the deployment is wrong: the real file, doctored one way at a time.

    [Fact]
    public void ContainerApp_APlainSecretValue_IsReported()
    {
        var problems = DeploymentCheck.ContainerApp(Doctored("modules/containerapp.bicep",
            "    name: 'Cme__Outbox__SendGrid__ApiKey'\n    secretRef: sendGridSecretName",
            "    name: 'Cme__Outbox__SendGrid__ApiKey'\n    value: 'SG.not-a-real-key'"));

        Assert.Contains(problems, p => p.Contains("Cme__Outbox__SendGrid__ApiKey is a secret but is set as a plain value ('SG.not-a-real-key')", StringComparison.Ordinal));
    }

    [Fact]
    public void ContainerApp_ASecretPassedAsAParameterValue_IsReported()
    {
        // The module given the secret itself as a parameter (the compiler needs it declared) and setting it as a value.
        var text = "@secure()\nparam graphClientSecret string\n" + DoctoredText("modules/containerapp.bicep",
            "    name: 'Cme__Mailbox__Graph__ClientSecret'\n    secretRef: graphSecretName",
            "    name: 'Cme__Mailbox__Graph__ClientSecret'\n    value: graphClientSecret");
        var problems = DeploymentCheck.ContainerApp(text.AsBicep("modules/containerapp.bicep"));

        Assert.Contains(problems, p => p.Contains("Cme__Mailbox__Graph__ClientSecret is a secret but is set as a plain value (graphClientSecret)", StringComparison.Ordinal));
    }

    [Fact]
    public void ContainerApp_ASecretHeldInTheAppInsteadOfKeyVault_IsReported()
    {
        var problems = DeploymentCheck.ContainerApp(Doctored("modules/containerapp.bicep",
            "    keyVaultUrl: sendGridSecretUrl\n    identity: identityId",
            "    value: 'SG.not-a-real-key'"));

        Assert.Contains(problems, p => p.Contains("secret 'sendgrid-api-key' holds a value in the app definition", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Cme__Outbox__SendGrid__ApiKey refers to secret 'sendgrid-api-key', which is not a Key Vault reference", StringComparison.Ordinal));
    }

    [Fact]
    public void ContainerApp_AMissingRequiredSetting_IsReportedWithItsFix()
    {
        var problems = DeploymentCheck.ContainerApp(Doctored("modules/containerapp.bicep", "    name: 'Cme__Outbox__From'", "    name: 'Cme__Outbox__Sender'"));

        Assert.Contains(problems, p => p.Contains("Cme__Outbox__From is not set, and production requires it (SendGridDelivery). Fix: set it to the sender address verified in SendGrid", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Cme__Outbox__Sender is not a setting the code reads", StringComparison.Ordinal));
    }

    [Fact]
    public void ContainerApp_TheFolderMailboxInProduction_IsReported()
    {
        var problems = DeploymentCheck.ContainerApp(Doctored("modules/containerapp.bicep",
            "    name: 'Cme__Mailbox__Source'\n    value: 'Graph'",
            "    name: 'Cme__Mailbox__Source'\n    value: 'Folder'"));

        Assert.Contains(problems, p => p.Contains("Cme__Mailbox__Source must be the literal 'Graph'", StringComparison.Ordinal));
    }

    [Fact]
    public void ContainerApp_AStorageConnectionString_IsReported()
    {
        // A connection string carries the account key: storage is reached with the identity instead.
        var problems = DeploymentCheck.ContainerApp(Doctored("modules/containerapp.bicep",
            "  {\n    name: 'TZ'",
            "  {\n    name: 'AzureWebJobsStorage'\n    value: 'DefaultEndpointsProtocol=https;AccountName=stcme;AccountKey=bm90LWEta2V5'\n  }\n  {\n    name: 'TZ'"));

        Assert.Contains(problems, p => p.Contains("AzureWebJobsStorage is a secret but is set as a plain value", StringComparison.Ordinal));
    }

    [Fact]
    public void ContainerApp_ARequiredSettingOnlyUnderACondition_IsReported()
    {
        // The sender moved into the settings deployed only with a Graph client secret.
        const string sender = "  {\n    name: 'Cme__Outbox__From'\n    value: notificationsFrom\n  }\n";
        var text = DoctoredText("modules/containerapp.bicep", sender, string.Empty)
            .Replace("  {\n    name: 'Cme__Mailbox__Graph__TenantId'", sender + "  {\n    name: 'Cme__Mailbox__Graph__TenantId'", StringComparison.Ordinal);

        var problems = DeploymentCheck.ContainerApp(text.AsBicep("modules/containerapp.bicep"));

        Assert.Contains(problems, p => p.Contains("Cme__Outbox__From is set only under a condition", StringComparison.Ordinal));
    }

    [Fact]
    public void ContainerApp_AHandWrittenAppWithAPlainSecret_IsReported()
    {
        // The smallest app that gets it wrong, independent of the real file's layout.
        var app = CompiledBicep.FromText("""
            param apiKey string
            resource app 'Microsoft.App/containerApps@2025-01-01' = {
              name: 'ca-test'
              properties: {
                configuration: {
                  secrets: [
                    { name: 'sendgrid', value: apiKey }
                  ]
                }
                template: {
                  containers: [
                    {
                      name: 'cme'
                      env: [
                        { name: 'Cme__Outbox__SendGrid__ApiKey', value: apiKey }
                        { name: 'Cme__Mailbox__Graph__ClientSecret', secretRef: 'sendgrid' }
                      ]
                    }
                  ]
                }
              }
            }
            """, "doctored.bicep");

        var problems = DeploymentCheck.ContainerApp(app);

        Assert.Contains(problems, p => p.Contains("Cme__Outbox__SendGrid__ApiKey is a secret but is set as a plain value (apiKey)", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("secret 'sendgrid' holds a value in the app definition", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Cme__Mailbox__Graph__ClientSecret refers to secret 'sendgrid', which is not a Key Vault reference", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Cme__Profile is not set", StringComparison.Ordinal));
        Assert.Contains(DeploymentCheck.SecureParameters(app), p => p.Contains("parameter apiKey holds a secret but is not @secure()", StringComparison.Ordinal));
    }

    [Fact]
    public void ScaleRules_ARuleWithAConnectionString_IsReported()
    {
        var problems = DeploymentCheck.ScaleRules(
            Doctored("modules/containerapp.bicep", "              identity: identityId\n            }", "              auth: [\n                {\n                  secretRef: 'storage-connection'\n                  triggerParameter: 'connection'\n                }\n              ]\n            }"),
            Doctored("main.bicep", "  'notifications'\n", ""));

        Assert.Contains(problems, p => p.Contains("does not read the queue as the managed identity", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("does not list 'notifications'", StringComparison.Ordinal));
    }

    [Fact]
    public void Storage_SharedKeysAllowed_IsReported()
    {
        var problems = DeploymentCheck.Storage(Doctored("modules/storage.bicep", "allowSharedKeyAccess: false", "allowSharedKeyAccess: true"));

        Assert.Contains(problems, p => p.Contains("account.properties.allowSharedKeyAccess must be false, not true", StringComparison.Ordinal));
    }

    [Fact]
    public void KeyVault_WithoutPurgeProtection_IsReported()
    {
        var problems = DeploymentCheck.KeyVault(Doctored("modules/keyvault.bicep", "enablePurgeProtection: true", "enablePurgeProtection: false"));

        Assert.Contains(problems, p => p.Contains("enablePurgeProtection must be true", StringComparison.Ordinal));
    }

    [Fact]
    public void Parameters_ASecureParameterWithADefault_IsReported()
    {
        var problems = DeploymentCheck.SecureParameters(Doctored("main.bicep", "param sendGridApiKey string = ''", "param sendGridApiKey string = 'SG.not-a-real-key'"));

        Assert.Contains(problems, p => p.Contains("@secure() parameter sendGridApiKey has a default value", StringComparison.Ordinal));
    }

    [Fact]
    public void ParameterFile_ASecretWrittenInTheFileOrTheWrongMailbox_IsReported()
    {
        var parameters = Doctored("parameters/hertfordshire.bicepparam",
            "param sendGridApiKey = readEnvironmentVariable('CME_SENDGRID_API_KEY', '')",
            "param sendGridApiKey = 'SG.not-a-real-key'");
        var wrongMailbox = Doctored("parameters/hertfordshire.bicepparam", "param mailbox = 'csf.cme@hertfordshire.gov.uk'", "param mailbox = 'cme@havering.gov.uk'");

        Assert.Contains(DeploymentCheck.ParameterFile(parameters, Main, Path.Combine(Infra, "..", "profiles")), p => p.Contains("secure parameter sendGridApiKey is written in the file", StringComparison.Ordinal));
        Assert.Contains(DeploymentCheck.ParameterFile(wrongMailbox, Main, Path.Combine(Infra, "..", "profiles")), p => p.Contains("is not profile hertfordshire's mailbox, 'csf.cme@hertfordshire.gov.uk'", StringComparison.Ordinal));
    }

    private static CompiledBicep Doctored(string relativePath, string find, string replacement) =>
        DoctoredText(relativePath, find, replacement).AsBicep(relativePath);

    private static string DoctoredText(string relativePath, string find, string replacement)
    {
        var text = File.ReadAllText(Path.Combine(Infra, relativePath)).ReplaceLineEndings("\n");
        Assert.True(text.Contains(find, StringComparison.Ordinal), $"{relativePath} no longer contains the text this test doctors: {find}");
        return text.Replace(find, replacement, StringComparison.Ordinal);
    }
}

internal static class BicepText
{
    /// <summary>Doctored Bicep text, compiled by the Bicep CLI as if it were that file of infra/.</summary>
    public static CompiledBicep AsBicep(this string text, string name) => CompiledBicep.FromText(text, name);
}
