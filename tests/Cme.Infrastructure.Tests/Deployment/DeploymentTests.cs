using Cme.Infrastructure.Configuration;

namespace Cme.Infrastructure.Tests.Deployment;

/// <summary>
/// infra/ against the code: every setting production requires is deployed, every secret is a Key
/// Vault reference, every Cme setting deployed is one the code reads, and the Function App is set
/// up as Flex Consumption needs (isolated worker, identity-based storage and deployment, always-ready
/// instances). Each check is also shown to fail on a deployment doctored to be wrong.
/// </summary>
public sealed class DeploymentTests
{
    private static readonly string Infra = Path.Combine(RepositoryLayout.FindRepositoryRoot()!, "infra");

    private static readonly string Functions = Path.Combine(RepositoryLayout.FindRepositoryRoot()!, "functions");

    private static CompiledBicep Read(string relativePath) => CompiledBicep.Read(relativePath);

    private static CompiledBicep App => Read("modules/functionapp.bicep");

    private static CompiledBicep Main => Read("main.bicep");

    [Fact]
    public void FunctionApp_SetsEveryRequiredSettingAndKeepsEverySecretInKeyVault()
    {
        Assert.Empty(DeploymentCheck.FunctionApp(App));
    }

    [Fact]
    public void FunctionApp_ReadsTheSettingsItDeclares()
    {
        // The check must be looking at something: the settings of this deployment, as it deploys them.
        var settings = DeploymentCheck.Settings(App).ToDictionary(s => s.Name);

        Assert.True(DeploymentCheck.IsKeyVaultReference(App, settings["Cme__Outbox__SendGrid__ApiKey"].Value));
        Assert.True(DeploymentCheck.IsKeyVaultReference(App, settings["Cme__ChildIndex__Key"].Value));
        Assert.True(DeploymentCheck.IsKeyVaultReference(App, settings["Cme__Mailbox__Graph__ClientSecret"].Value));
        Assert.True(settings["Cme__Mailbox__Graph__ClientSecret"].Conditional);
        Assert.False(DeploymentCheck.IsKeyVaultReference(App, settings["Cme__Outbox__From"].Value));
        Assert.Equal("Graph", DeploymentCheck.LiteralOf(settings["Cme__Mailbox__Source"].Value));
        Assert.Equal("managedidentity", DeploymentCheck.LiteralOf(settings["AzureWebJobsStorage__credential"].Value));
        Assert.Contains("Cme__Schedules__MailboxPoll", settings.Keys);
        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys);
    }

    [Fact]
    public void FunctionApp_RunsTheIsolatedWorkerOnFlexConsumptionWithIdentityBasedDeployment()
    {
        Assert.Empty(DeploymentCheck.FlexConsumption(App));
    }

    [Fact]
    public void FunctionApp_KeepsAnInstanceReadyForThePollAndBothQueues()
    {
        // Replaces the Container Apps check that KEDA scaled on both queues as the identity: Flex
        // Consumption scales each queue function by itself; what the deployment chooses is which
        // functions never wait for a cold start, and that the queues exist.
        var groups = DeploymentCheck.AlwaysReadyGroups(App);

        Assert.Equal(["function:IngestEmail", "function:PollMailbox", "function:SendNotification"], groups.Keys.Order());
        Assert.Empty(DeploymentCheck.AlwaysReady(App, Main, Functions));
    }

    [Fact]
    public void FunctionApp_SetsHostJsonsTimerSchedules()
    {
        var schedules = HostSchedules.Read();

        Assert.Empty(DeploymentCheck.Schedules(App, Main, schedules));
    }

    [Fact]
    public void Deployment_UsesNoAccountKeyAnywhere()
    {
        // main.bicep compiled with every module in it.
        Assert.Empty(DeploymentCheck.NoAccountKeys(Main));
    }

    [Fact]
    public void Storage_RefusesSharedKeys()
    {
        Assert.Empty(DeploymentCheck.Storage(Read("modules/storage.bicep")));
    }

    [Fact]
    public void Storage_GrantsTheIdentityTheThreeDataRolesItUses()
    {
        Assert.Empty(DeploymentCheck.StorageRoles(Read("modules/storage.bicep")));
    }

    [Fact]
    public void ApplicationInsights_RefusesLocalAuthAndLetsTheIdentityPublish()
    {
        Assert.Empty(DeploymentCheck.Monitoring(Read("modules/monitoring.bicep")));
    }

    [Fact]
    public void KeyVault_IsRbacWithSoftDeleteAndPurgeProtection()
    {
        Assert.Empty(DeploymentCheck.KeyVault(Read("modules/keyvault.bicep")));
    }

    [Theory]
    [InlineData("main.bicep")]
    [InlineData("modules/functionapp.bicep")]
    [InlineData("modules/keyvault.bicep")]
    [InlineData("modules/storage.bicep")]
    [InlineData("modules/monitoring.bicep")]
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
    public void FunctionApp_APlainSecretValue_IsReported()
    {
        var problems = DeploymentCheck.FunctionApp(Doctored("modules/functionapp.bicep",
            "    name: 'Cme__Outbox__SendGrid__ApiKey'\n    value: '@Microsoft.KeyVault(SecretUri=${sendGridSecretUrl})'",
            "    name: 'Cme__Outbox__SendGrid__ApiKey'\n    value: 'SG.not-a-real-key'"));

        Assert.Contains(problems, p => p.Contains("Cme__Outbox__SendGrid__ApiKey is a secret but is set as a plain value ('SG.not-a-real-key')", StringComparison.Ordinal));
    }

    [Fact]
    public void FunctionApp_ASecretPassedAsAParameterValue_IsReported()
    {
        // The module given the secret itself as a parameter (the compiler needs it declared) and setting it as a value.
        var text = "@secure()\nparam graphClientSecret string\n" + DoctoredText("modules/functionapp.bicep",
            "    name: 'Cme__Mailbox__Graph__ClientSecret'\n    value: '@Microsoft.KeyVault(SecretUri=${graphSecretUrl})'",
            "    name: 'Cme__Mailbox__Graph__ClientSecret'\n    value: graphClientSecret");
        var problems = DeploymentCheck.FunctionApp(text.AsBicep("modules/functionapp.bicep"));

        Assert.Contains(problems, p => p.Contains("Cme__Mailbox__Graph__ClientSecret is a secret but is set as a plain value (graphClientSecret)", StringComparison.Ordinal));
    }

    [Fact]
    public void FunctionApp_KeyVaultReferencesNotResolvedAsTheIdentity_AreReported()
    {
        // Replaces the Container Apps check of a secret held in the app: a Function App has no
        // secrets of its own; its Key Vault references fail unless resolved as the identity.
        var problems = DeploymentCheck.FunctionApp(Doctored("modules/functionapp.bicep", "    keyVaultReferenceIdentity: identityId\n", string.Empty));

        Assert.Contains(problems, p => p.Contains("the Key Vault references are resolved as unset, not the app's user-assigned identity", StringComparison.Ordinal));
    }

    [Fact]
    public void FunctionApp_AMissingRequiredSetting_IsReportedWithItsFix()
    {
        var problems = DeploymentCheck.FunctionApp(Doctored("modules/functionapp.bicep", "    name: 'Cme__Outbox__From'", "    name: 'Cme__Outbox__Sender'"));

        Assert.Contains(problems, p => p.Contains("Cme__Outbox__From is not set, and production requires it (SendGridDelivery). Fix: set it to the sender address verified in SendGrid", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Cme__Outbox__Sender is not a setting the code reads", StringComparison.Ordinal));
    }

    [Fact]
    public void FunctionApp_TheFolderMailboxInProduction_IsReported()
    {
        var problems = DeploymentCheck.FunctionApp(Doctored("modules/functionapp.bicep",
            "    name: 'Cme__Mailbox__Source'\n    value: 'Graph'",
            "    name: 'Cme__Mailbox__Source'\n    value: 'Folder'"));

        Assert.Contains(problems, p => p.Contains("Cme__Mailbox__Source must be the literal 'Graph'", StringComparison.Ordinal));
    }

    [Fact]
    public void FunctionApp_AStorageConnectionString_IsReported()
    {
        // A connection string carries the account key: storage is reached with the identity instead.
        var doctored = Doctored("modules/functionapp.bicep",
            "  {\n    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'",
            "  {\n    name: 'AzureWebJobsStorage'\n    value: 'DefaultEndpointsProtocol=https;AccountName=stcme;AccountKey=bm90LWEta2V5'\n  }\n  {\n    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'");

        Assert.Contains(DeploymentCheck.FunctionApp(doctored), p => p.Contains("AzureWebJobsStorage is a secret but is set as a plain value", StringComparison.Ordinal));
        Assert.Contains(DeploymentCheck.NoAccountKeys(doctored), p => p.Contains("AzureWebJobsStorage is set: a storage connection string carries the account key", StringComparison.Ordinal));
        Assert.Contains(DeploymentCheck.NoAccountKeys(doctored), p => p.Contains("the deployment uses 'AccountKey'", StringComparison.Ordinal));
    }

    [Fact]
    public void FunctionApp_ARequiredSettingOnlyUnderACondition_IsReported()
    {
        // The sender moved into the settings deployed only with a Graph client secret.
        const string sender = "  {\n    name: 'Cme__Outbox__From'\n    value: notificationsFrom\n  }\n";
        var text = DoctoredText("modules/functionapp.bicep", sender, string.Empty)
            .Replace("  {\n    name: 'Cme__Mailbox__Graph__TenantId'", sender + "  {\n    name: 'Cme__Mailbox__Graph__TenantId'", StringComparison.Ordinal);

        var problems = DeploymentCheck.FunctionApp(text.AsBicep("modules/functionapp.bicep"));

        Assert.Contains(problems, p => p.Contains("Cme__Outbox__From is set only under a condition", StringComparison.Ordinal));
    }

    [Fact]
    public void FunctionApp_ApplicationInsightsWithoutEntraSignIn_IsReported()
    {
        var problems = DeploymentCheck.FunctionApp(Doctored("modules/functionapp.bicep",
            "value: 'ClientId=${identityClientId};Authorization=AAD'", "value: 'ClientId=${identityClientId}'"));

        Assert.Contains(problems, p => p.Contains("APPLICATIONINSIGHTS_AUTHENTICATION_STRING is", StringComparison.Ordinal) && p.Contains("Authorization=AAD", StringComparison.Ordinal));
    }

    [Fact]
    public void FunctionApp_AHandWrittenAppWithAPlainSecret_IsReported()
    {
        // The smallest app that gets it wrong, independent of the real file's layout.
        var app = CompiledBicep.FromText("""
            param apiKey string
            resource app 'Microsoft.Web/sites@2024-11-01' = {
              name: 'func-test'
              location: 'uksouth'
              kind: 'functionapp,linux'
              properties: {
                siteConfig: {
                  appSettings: [
                    { name: 'Cme__Outbox__SendGrid__ApiKey', value: apiKey }
                    { name: 'Cme__Mailbox__Graph__ClientSecret', value: '@Microsoft.KeyVault(SecretUri=https://kv-test.vault.azure.net/secrets/graph)' }
                    { name: 'FUNCTIONS_WORKER_RUNTIME', value: 'dotnet-isolated' }
                  ]
                }
              }
            }
            """, "doctored.bicep");

        var problems = DeploymentCheck.FunctionApp(app);

        Assert.Contains(problems, p => p.Contains("Cme__Outbox__SendGrid__ApiKey is a secret but is set as a plain value (apiKey)", StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p.Contains("Cme__Mailbox__Graph__ClientSecret is a secret but", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("the Key Vault references are resolved as unset", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Cme__Profile is not set", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("FUNCTIONS_WORKER_RUNTIME is not used on Flex Consumption", StringComparison.Ordinal));
        Assert.Contains(DeploymentCheck.FlexConsumption(app), p => p.Contains("the plan is not Flex Consumption", StringComparison.Ordinal));
        Assert.Contains(DeploymentCheck.FlexConsumption(app), p => p.Contains("has no functionAppConfig", StringComparison.Ordinal));
        Assert.Contains(DeploymentCheck.SecureParameters(app), p => p.Contains("parameter apiKey holds a secret but is not @secure()", StringComparison.Ordinal));
    }

    [Fact]
    public void FlexConsumption_TheWrongRuntimeOrADeploymentConnectionString_IsReported()
    {
        var runtime = Doctored("modules/functionapp.bicep", "        name: 'dotnet-isolated'", "        name: 'dotnet'");
        var deployment = Doctored("modules/functionapp.bicep",
            "            type: 'UserAssignedIdentity'\n            userAssignedIdentityResourceId: identityId",
            "            type: 'StorageAccountConnectionString'\n            storageAccountConnectionStringName: 'DEPLOYMENT_STORAGE_CONNECTION_STRING'");
        var plan = Doctored("modules/functionapp.bicep", "    tier: 'FlexConsumption'\n    name: 'FC1'", "    tier: 'Dynamic'\n    name: 'Y1'");

        Assert.Contains(DeploymentCheck.FlexConsumption(runtime), p => p.Contains("functionAppConfig.runtime must be dotnet-isolated 10.0", StringComparison.Ordinal));
        Assert.Contains(DeploymentCheck.FlexConsumption(deployment), p => p.Contains("the deployment package container is reached with 'StorageAccountConnectionString', not the user-assigned identity", StringComparison.Ordinal));
        Assert.Contains(DeploymentCheck.NoAccountKeys(deployment), p => p.Contains("DEPLOYMENT_STORAGE_CONNECTION_STRING is set", StringComparison.Ordinal));
        Assert.Contains(DeploymentCheck.FlexConsumption(plan), p => p.Contains("the plan is not Flex Consumption", StringComparison.Ordinal));
    }

    [Fact]
    public void FlexConsumption_ASettingOrPropertyItDoesNotUse_IsReported()
    {
        var doctored = Doctored("modules/functionapp.bicep",
            "      minTlsVersion: '1.2'\n",
            "      minTlsVersion: '1.2'\n      alwaysOn: true\n");

        Assert.Contains(DeploymentCheck.FlexConsumption(doctored), p => p.Contains("alwaysOn is not used on Flex Consumption", StringComparison.Ordinal));
    }

    [Fact]
    public void AlwaysReady_AMissingOrMisnamedFunctionOrAMissingQueue_IsReported()
    {
        var app = Doctored("modules/functionapp.bicep", "  'IngestEmail'\n", "  'IngestEmails'\n");

        Assert.Contains(DeploymentCheck.FlexConsumption(app), p => p.Contains("no always-ready instance for function:IngestEmail", StringComparison.Ordinal));
        Assert.Contains(DeploymentCheck.AlwaysReady(app, Doctored("main.bicep", "  'notifications'\n", string.Empty), Functions),
            p => p.Contains("always-ready group function:IngestEmails names no function in functions/", StringComparison.Ordinal));
        Assert.Contains(DeploymentCheck.AlwaysReady(App, Doctored("main.bicep", "  'notifications'\n", string.Empty), Functions),
            p => p.Contains("does not list 'notifications'", StringComparison.Ordinal));
    }

    [Fact]
    public void Schedules_AScheduleThatDiffersFromHostJsonOrIsNotSet_IsReported()
    {
        var main = Doctored("main.bicep", "  deadlineSweep: '0 */15 * * * *'", "  deadlineSweep: '0 */5 * * * *'");
        var app = Doctored("modules/functionapp.bicep", "    name: 'Cme__Schedules__WeeklyDigest'", "    name: 'Cme__Schedules__Digest'");
        var hostJson = new Dictionary<string, string> { ["mailboxPoll"] = "0 */1 * * * *", ["deadlineSweep"] = "0 */15 * * * *", ["weeklyDigest"] = "0 5 * * * *", ["mailboxReconcile"] = "0 30 2 * * *" };

        Assert.Contains(DeploymentCheck.Schedules(App, main, hostJson), p => p.Contains("schedules.deadlineSweep is '0 */5 * * * *', host.json's cme.schedules.deadlineSweep is '0 */15 * * * *'", StringComparison.Ordinal));
        Assert.Contains(DeploymentCheck.Schedules(app, Main, hostJson), p => p.Contains("Cme__Schedules__WeeklyDigest is not set", StringComparison.Ordinal));
        Assert.Contains(DeploymentCheck.FunctionApp(app), p => p.Contains("Cme__Schedules__Digest is not a setting the code reads", StringComparison.Ordinal));
    }

    [Fact]
    public void NoAccountKeys_AListKeysCall_IsReported()
    {
        var problems = DeploymentCheck.NoAccountKeys(Doctored("modules/storage.bicep",
            "output id string = account.id\n",
            "output id string = account.id\n#disable-next-line outputs-should-not-contain-secrets\noutput connection string = 'AccountName=${account.name};Key=${account.listKeys().keys[0].value}'\n"));

        Assert.Contains(problems, p => p.Contains("the deployment uses 'listKeys'", StringComparison.Ordinal));
    }

    [Fact]
    public void Storage_SharedKeysAllowed_IsReported()
    {
        var problems = DeploymentCheck.Storage(Doctored("modules/storage.bicep", "allowSharedKeyAccess: false", "allowSharedKeyAccess: true"));

        Assert.Contains(problems, p => p.Contains("account.properties.allowSharedKeyAccess must be false, not true", StringComparison.Ordinal));
    }

    [Fact]
    public void StorageRoles_AMissingRole_IsReported()
    {
        var problems = DeploymentCheck.StorageRoles(Doctored("modules/storage.bicep", "    id: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'", "    id: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'"));

        Assert.Contains(problems, p => p.Contains("not granted Storage Table Data Contributor", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("role ba92f5b4-2d11-453d-a403-e96b0029c9fe is granted but the app does not need it", StringComparison.Ordinal));
    }

    [Fact]
    public void Monitoring_LocalAuthAllowed_IsReported()
    {
        var problems = DeploymentCheck.Monitoring(Doctored("modules/monitoring.bicep", "DisableLocalAuth: true", "DisableLocalAuth: false"));

        Assert.Contains(problems, p => p.Contains("insights.properties.DisableLocalAuth must be true, not false", StringComparison.Ordinal));
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
