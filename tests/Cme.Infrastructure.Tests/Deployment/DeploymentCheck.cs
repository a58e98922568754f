using System.Text.Json;
using System.Text.RegularExpressions;
using Cme.Application.Queues;
using Cme.Infrastructure.Configuration;
using Cme.Infrastructure.Queues;
using Cme.Infrastructure.Storage;

namespace Cme.Infrastructure.Tests.Deployment;

/// <summary>
/// Checks infra/ against the code: the settings the code says production requires
/// (<see cref="ProductionSettings"/>) and the keys its options classes read
/// (<see cref="ConfigurationKeys"/>), and against what a Function App on the Flex Consumption plan
/// needs. Each check returns the problems it finds, each naming the file, what is wrong and the
/// fix; none means the deployment agrees with the code.
/// </summary>
public static class DeploymentCheck
{
    /// <summary>
    /// Settings that look secret by name but are not: the Application Insights connection string
    /// holds only the resource's ingestion address and instrumentation key, which Microsoft
    /// documents as not secret, and the deployment disables local authentication, so the key
    /// alone sends nothing (the app signs in with its managed identity).
    /// </summary>
    public static readonly IReadOnlySet<string> NotSecret = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "APPLICATIONINSIGHTS_CONNECTION_STRING" };

    /// <summary>
    /// The functions kept warm (<c>alwaysReady</c>, group <c>function:&lt;name&gt;</c>): the mailbox
    /// poll, a timer every minute, and the two queue functions that carry mail (ingest, send). The
    /// rarer timers and the poison recorders start on demand.
    /// </summary>
    public static readonly IReadOnlyList<string> AlwaysReadyFunctions = ["PollMailbox", "IngestEmail", "SendNotification"];

    /// <summary>
    /// App settings and site properties Microsoft lists as deprecated or not used on Flex
    /// Consumption ("Flex Consumption plan deprecations" in the Functions app settings reference),
    /// with the reason; and WEBSITE_TIME_ZONE, which Linux Function Apps do not support.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> NotOnFlexConsumption = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["FUNCTIONS_EXTENSION_VERSION"] = "the platform sets it",
        ["FUNCTIONS_WORKER_RUNTIME"] = "functionAppConfig.runtime.name replaces it",
        ["FUNCTIONS_WORKER_RUNTIME_VERSION"] = "functionAppConfig.runtime.version replaces it",
        ["WEBSITE_RUN_FROM_PACKAGE"] = "the package comes from functionAppConfig.deployment",
        ["WEBSITE_CONTENTSHARE"] = "functionAppConfig.deployment replaces it",
        ["WEBSITE_CONTENTAZUREFILECONNECTIONSTRING"] = "functionAppConfig.deployment replaces it (and it holds an account key)",
        ["WEBSITE_MAX_DYNAMIC_APPLICATION_SCALE_OUT"] = "functionAppConfig.scaleAndConcurrency.maximumInstanceCount replaces it",
        ["SCM_DO_BUILD_DURING_DEPLOYMENT"] = "the package is built before it is published",
        ["ENABLE_ORYX_BUILD"] = "the package is built before it is published",
        ["WEBSITE_TIME_ZONE"] = "Linux Function Apps do not support it: schedules run in UTC and the code decides in UK time what is due",
        ["linuxFxVersion"] = "functionAppConfig.runtime replaces it",
        ["netFrameworkVersion"] = "functionAppConfig.runtime replaces it",
        ["alwaysOn"] = "not valid: functionAppConfig.scaleAndConcurrency.alwaysReady keeps instances ready",
        ["functionAppScaleLimit"] = "functionAppConfig.scaleAndConcurrency.maximumInstanceCount replaces it",
        ["preWarmedInstanceCount"] = "functionAppConfig.scaleAndConcurrency.alwaysReady replaces it",
        ["ftpsState"] = "FTPS is not supported",
        ["use32BitWorkerProcess"] = "32-bit is not supported",
    };

    /// <summary>One app setting: its name and value, and whether it is deployed only under a condition.</summary>
    public sealed record Setting(string Name, ArmNode? Value, bool Conditional);

    public static bool IsSecret(string settingName) =>
        !NotSecret.Contains(settingName) && (ProductionSettings.IsSecret(settingName) || ConfigurationKeys.LooksSecret(settingName));

    /// <summary>The app settings, from every <c>appSettings</c> of the file, through variables and ternaries.</summary>
    public static IReadOnlyList<Setting> Settings(CompiledBicep app) =>
        app.FindProperties("appSettings").SelectMany(app.ResolveObjects)
            .Select(found => new Setting(LiteralOf(app, found.Item["name"]) ?? "(a name that is not a literal)", found.Item["value"], found.Conditional))
            .ToList();

    /// <summary>
    /// A value that is a Key Vault reference: <c>@Microsoft.KeyVault(SecretUri=…)</c> (or
    /// <c>VaultName=…;SecretName=…</c>), as a literal or built with <c>format</c> from the secret's URI.
    /// </summary>
    public static bool IsKeyVaultReference(CompiledBicep file, ArmNode? value)
    {
        const string reference = "@Microsoft.KeyVault(";
        return (file.VariableOf(value) ?? value) switch
        {
            ArmString literal => literal.Text.StartsWith(reference, StringComparison.Ordinal) && literal.Text.EndsWith(')'),
            ArmExpression { Call: { Name: "format", Arguments: [{ Name: "'" } pattern, ..] } } =>
                pattern.Text.StartsWith(reference, StringComparison.Ordinal) && pattern.Text.EndsWith(')'),
            ArmExpression { Call: { Name: "concat", Arguments: [{ Name: "'" } first, .., { Name: "'" } last] } } =>
                first.Text.StartsWith(reference, StringComparison.Ordinal) && last.Text.EndsWith(')'),
            _ => false,
        };
    }

    /// <summary>
    /// The Function App's settings: required settings present, secrets only as Key Vault
    /// references resolved as the user-assigned identity, every Cme setting one the code reads,
    /// storage and Application Insights reached with the identity.
    /// </summary>
    public static IReadOnlyList<string> FunctionApp(CompiledBicep app)
    {
        var problems = new List<string>();
        var settings = Settings(app);
        if (settings.Count == 0)
        {
            problems.Add($"{app.Name}: no app settings (siteConfig.appSettings) were found. Fix: the Function App's siteConfig.appSettings lists the settings.");
            return problems;
        }

        foreach (var duplicate in settings.Where(s => !s.Conditional).GroupBy(s => s.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            problems.Add($"{app.Name}: {duplicate.Key} is set {duplicate.Count()} times. Fix: set it once.");
        }

        foreach (var required in ProductionSettings.Required)
        {
            var setting = settings.FirstOrDefault(s => s.Name.Equals(required.EnvironmentName, StringComparison.OrdinalIgnoreCase));
            if (setting is null)
            {
                problems.Add($"{app.Name}: {required.EnvironmentName} is not set, and production requires it ({required.When}). Fix: {required.Fix}.");
            }
            else if (setting.Conditional)
            {
                problems.Add($"{app.Name}: {required.EnvironmentName} is set only under a condition, and production always requires it. Fix: set it unconditionally.");
            }
            else if (required.Value is { } expected && LiteralOf(setting.Value) != expected)
            {
                problems.Add($"{app.Name}: {required.EnvironmentName} must be the literal '{expected}' ({required.Fix}), not {Describe(setting.Value)}.");
            }
        }

        var known = ConfigurationKeys.FromOptions()
            .Concat(ProductionSettings.Required.Select(r => r.Key))
            .Concat(ProductionSettings.Secrets)
            .Concat(HostSchedules.Read().Keys.Select(name => $"{HostSchedules.Section}:{name}"))
            .Select(ProductionSettings.EnvironmentName)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var setting in settings)
        {
            if (setting.Name.StartsWith("Cme__", StringComparison.OrdinalIgnoreCase) && !known.Contains(setting.Name))
            {
                problems.Add($"{app.Name}: {setting.Name} is not a setting the code reads. Fix: correct the name (the options classes, ProductionSettings and host.json's cme.schedules list every one) or remove it.");
            }

            if (setting.Name.StartsWith(StorageSettings.Setting + "__", StringComparison.OrdinalIgnoreCase) &&
                !new[] { StorageSettings.AccountNameKey, StorageSettings.CredentialKey, StorageSettings.ClientIdKey, StorageSettings.BlobServiceUriKey, StorageSettings.QueueServiceUriKey, StorageSettings.TableServiceUriKey }
                    .Any(key => setting.Name.Equals(StorageSettings.Name(key), StringComparison.OrdinalIgnoreCase)))
            {
                problems.Add($"{app.Name}: {setting.Name} is not a storage setting the host reads. Fix: see StorageSettings for the names.");
            }

            if (setting.Value is null)
            {
                problems.Add($"{app.Name}: {setting.Name} has no value.");
            }
            else if (IsSecret(setting.Name) && !IsKeyVaultReference(app, setting.Value))
            {
                problems.Add($"{app.Name}: {setting.Name} is a secret but is set as a plain value ({Describe(setting.Value)}). Fix: keep it in Key Vault and set it to a Key Vault reference, '@Microsoft.KeyVault(SecretUri=<the secret's URI>)'.");
            }

            if (NotOnFlexConsumption.TryGetValue(setting.Name, out var reason))
            {
                problems.Add($"{app.Name}: {setting.Name} is not used on Flex Consumption ({reason}). Fix: remove it.");
            }
        }

        var site = SiteOf(app);
        if (settings.Any(s => IsKeyVaultReference(app, s.Value)) && site?.Body["properties"] is ArmObject properties)
        {
            if (!IsTheUserAssignedIdentity(properties["keyVaultReferenceIdentity"], site.Body))
            {
                problems.Add($"{app.Name}: the Key Vault references are resolved as {Describe(properties["keyVaultReferenceIdentity"])}, not the app's user-assigned identity (without it, the system-assigned identity, which the app does not have). Fix: set keyVaultReferenceIdentity to the identity's resource id.");
            }
        }

        var authentication = settings.FirstOrDefault(s => s.Name.Equals("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", StringComparison.OrdinalIgnoreCase));
        var authenticationText = authentication?.Value is ArmExpression { Call.Arguments: [{ Name: "'" } format, ..] } ? format.Text : LiteralOf(authentication?.Value);
        if (authenticationText is null || !authenticationText.Contains("Authorization=AAD", StringComparison.Ordinal) || !authenticationText.Contains("ClientId=", StringComparison.Ordinal))
        {
            problems.Add($"{app.Name}: APPLICATIONINSIGHTS_AUTHENTICATION_STRING is {Describe(authentication?.Value)}; Application Insights refuses local authentication, so telemetry is sent as the identity. Fix: set it to 'ClientId=<the identity's client id>;Authorization=AAD'.");
        }

        return problems;
    }

    /// <summary>
    /// What a Function App on Flex Consumption needs: an FC1 plan, the isolated worker on .NET 10,
    /// the deployment package reached as the user-assigned identity (no connection string),
    /// always-ready instances for the functions that must not wait, a scale limit and memory size,
    /// and none of the site properties Flex Consumption does not use.
    /// </summary>
    public static IReadOnlyList<string> FlexConsumption(CompiledBicep app)
    {
        var problems = new List<string>();
        var plan = app.Resources.FirstOrDefault(r => r.Type == "Microsoft.Web/serverfarms");
        if (plan?.Body["sku"] is not ArmObject sku || LiteralOf(sku["name"]) != "FC1" || LiteralOf(sku["tier"]) != "FlexConsumption")
        {
            problems.Add($"{app.Name}: the plan is not Flex Consumption. Fix: a Microsoft.Web/serverfarms with sku name 'FC1', tier 'FlexConsumption'.");
        }
        else if (plan.Body["properties"] is not ArmObject planProperties || Describe(planProperties["reserved"]) != "true")
        {
            problems.Add($"{app.Name}: {plan.Symbol}.properties.reserved must be true (Flex Consumption is Linux).");
        }

        var site = SiteOf(app);
        if (site?.Body["properties"] is not ArmObject properties)
        {
            problems.Add($"{app.Name}: no Microsoft.Web/sites resource with properties was found.");
            return problems;
        }

        if (LiteralOf(site.Body["kind"]) != "functionapp,linux")
        {
            problems.Add($"{app.Name}: {site.Symbol}.kind must be 'functionapp,linux', not {Describe(site.Body["kind"])}.");
        }

        if (Describe(properties["httpsOnly"]) != "true")
        {
            problems.Add($"{app.Name}: {site.Symbol}.properties.httpsOnly must be true.");
        }

        if (properties["functionAppConfig"] is not ArmObject config)
        {
            problems.Add($"{app.Name}: {site.Symbol} has no functionAppConfig. Fix: Flex Consumption takes the runtime, the deployment package and the scale there.");
            return problems;
        }

        var runtime = config["runtime"] as ArmObject;
        if (LiteralOf(runtime?["name"]) != "dotnet-isolated" || LiteralOf(runtime?["version"]) != "10.0")
        {
            problems.Add($"{app.Name}: functionAppConfig.runtime must be dotnet-isolated 10.0 (the app is an isolated worker on .NET 10), not {Describe(runtime?["name"])} {Describe(runtime?["version"])}.");
        }

        var storage = (config["deployment"] as ArmObject)?["storage"] as ArmObject;
        var authentication = storage?["authentication"] as ArmObject;
        if (LiteralOf(storage?["type"]) != "blobContainer" || storage?["value"] is null)
        {
            problems.Add($"{app.Name}: functionAppConfig.deployment.storage must name the blob container the package is uploaded to (type 'blobContainer', value its URL).");
        }

        if (LiteralOf(authentication?["type"]) != "UserAssignedIdentity" || !IsTheUserAssignedIdentity(authentication?["userAssignedIdentityResourceId"], site.Body) || authentication?["storageAccountConnectionStringName"] is not null)
        {
            problems.Add($"{app.Name}: the deployment package container is reached with {Describe(authentication?["type"])}, not the user-assigned identity (a connection string carries the account key, and shared keys are refused). Fix: authentication type 'UserAssignedIdentity' with userAssignedIdentityResourceId the identity's resource id.");
        }

        var scale = config["scaleAndConcurrency"] as ArmObject;
        if (scale?["maximumInstanceCount"] is null || scale["instanceMemoryMB"] is null)
        {
            problems.Add($"{app.Name}: functionAppConfig.scaleAndConcurrency must set maximumInstanceCount and instanceMemoryMB.");
        }

        var ready = AlwaysReadyGroups(app);
        foreach (var function in AlwaysReadyFunctions.Where(f => !ready.ContainsKey($"function:{f}")))
        {
            problems.Add($"{app.Name}: no always-ready instance for function:{function}, so it waits for a cold start. Fix: add it to functionAppConfig.scaleAndConcurrency.alwaysReady.");
        }

        foreach (var (group, count) in ready.Where(g => g.Value is ArmScalar { Json: "0" }))
        {
            problems.Add($"{app.Name}: always-ready group {group} has {Describe(count)} instances. Fix: at least 1, or remove it.");
        }

        foreach (var siteConfig in new[] { properties, properties["siteConfig"] as ArmObject }.OfType<ArmObject>())
        {
            foreach (var (name, _) in siteConfig.Properties.Where(p => NotOnFlexConsumption.ContainsKey(p.Key)))
            {
                problems.Add($"{app.Name}: {name} is not used on Flex Consumption ({NotOnFlexConsumption[name]}). Fix: remove it.");
            }
        }

        return problems;
    }

    /// <summary>The always-ready groups (<c>function:PollMailbox</c>, <c>http</c>, …) and their instance counts.</summary>
    public static IReadOnlyDictionary<string, ArmNode?> AlwaysReadyGroups(CompiledBicep app)
    {
        var groups = new Dictionary<string, ArmNode?>(StringComparer.Ordinal);
        foreach (var list in app.FindProperties("alwaysReady"))
        {
            foreach (var (item, _) in app.ResolveObjects(list))
            {
                var names = LiteralOf(app, item["name"]) is { } literal ? [literal] : FormatOverVariable(app, item["name"]) ?? [];
                foreach (var expanded in names)
                {
                    groups[expanded] = item["instanceCount"];
                }
            }
        }

        return groups;
    }

    /// <summary>
    /// Always-ready: the queues the functions are triggered by exist (main.bicep's queues), and
    /// every <c>function:&lt;name&gt;</c> group names a function the app has (a renamed function
    /// would otherwise silently lose its ready instance).
    /// </summary>
    public static IReadOnlyList<string> AlwaysReady(CompiledBicep app, CompiledBicep main, string functionsFolder)
    {
        var problems = new List<string>();
        var queues = main.Variables.TryGetValue("queues", out var declared) && declared is ArmArray array
            ? array.Items.Select(LiteralOf).ToList()
            : [];
        foreach (var queue in new[] { QueueNames.InboundMail, QueueNames.Notifications }.Where(q => !queues.Contains(q)))
        {
            problems.Add($"{main.Name}: the queues variable does not list '{queue}', which a function is triggered by. Fix: add it, so the queue exists before the first message.");
        }

        var declaredFunctions = FunctionNames(functionsFolder);
        foreach (var group in AlwaysReadyGroups(app).Keys.Where(g => g.StartsWith("function:", StringComparison.Ordinal)))
        {
            if (!declaredFunctions.Contains(group["function:".Length..]))
            {
                problems.Add($"{app.Name}: always-ready group {group} names no function in functions/ ([Function(\"…\")] or [FunctionName(\"…\")]). Fix: use the function's name.");
            }
        }

        return problems;
    }

    /// <summary>The names in <c>[Function("…")]</c> and <c>[FunctionName("…")]</c> attributes (or <c>nameof(…)</c>) under the folder.</summary>
    public static IReadOnlySet<string> FunctionNames(string functionsFolder) =>
        Directory.EnumerateFiles(functionsFolder, "*.cs", SearchOption.AllDirectories)
            .Where(file => !new[] { "obj", "bin" }.Any(output => file.Contains($"{Path.DirectorySeparatorChar}{output}{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
            .SelectMany(file => Regex.Matches(File.ReadAllText(file), """\[(?:Function|FunctionName)\((?:"(?<name>[A-Za-z0-9_-]+)"|nameof\((?<name>\w+)\))\)\]"""))
            .Select(match => match.Groups["name"].Value)
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The timer schedules: main.bicep's <c>schedules</c> are host.json's <c>cme.schedules</c>, and the
    /// app sets each as <c>Cme__Schedules__&lt;name&gt;</c> (the Functions host resolves a trigger's
    /// <c>%Cme:Schedules:…%</c> from app settings, not from host.json's own sections).
    /// </summary>
    public static IReadOnlyList<string> Schedules(CompiledBicep app, CompiledBicep main, IReadOnlyDictionary<string, string> hostSchedules)
    {
        var problems = new List<string>();
        var deployed = main.Variables.TryGetValue("schedules", out var value) && value is ArmObject schedules
            ? schedules.Properties.ToDictionary(p => p.Key, p => LiteralOf(p.Value), StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, schedule) in hostSchedules)
        {
            if (!deployed.TryGetValue(name, out var given))
            {
                problems.Add($"{main.Name}: schedules has no '{name}', which host.json's cme.schedules has ('{schedule}'). Fix: add it with the same value.");
            }
            else if (given != schedule)
            {
                problems.Add($"{main.Name}: schedules.{name} is '{given}', host.json's cme.schedules.{name} is '{schedule}'. Fix: make them the same.");
            }
        }

        foreach (var extra in deployed.Keys.Where(name => !hostSchedules.ContainsKey(name)))
        {
            problems.Add($"{main.Name}: schedules.{extra} is not in host.json's cme.schedules. Fix: remove it, or add it to host.json.");
        }

        var settings = Settings(app).Select(s => s.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var name in hostSchedules.Keys.Select(HostSchedules.EnvironmentName).Where(name => !settings.Contains(name)))
        {
            problems.Add($"{app.Name}: {name} is not set, so the Functions host cannot resolve the timer's schedule. Fix: set it from the schedules parameter.");
        }

        return problems;
    }

    /// <summary>
    /// No account key anywhere in the compiled deployment (main.bicep with its modules): no
    /// <c>listKeys</c> or SAS call, no connection string with an account key or SAS, no
    /// <c>AzureWebJobsStorage</c> connection string setting.
    /// </summary>
    public static IReadOnlyList<string> NoAccountKeys(CompiledBicep main)
    {
        var text = main.Root.GetRawText();
        var problems = new[] { "listKeys(", "listAccountSas(", "listServiceSas(", "AccountKey=", "SharedAccessSignature=" }
            .Where(marker => text.Contains(marker, StringComparison.OrdinalIgnoreCase))
            .Select(marker => $"{main.Name}: the deployment uses '{marker.TrimEnd('(', '=')}': storage is reached with the managed identity and shared keys are refused. Fix: remove it and grant the identity a data role instead.")
            .ToList();
        foreach (var name in new[] { "AzureWebJobsStorage", "DEPLOYMENT_STORAGE_CONNECTION_STRING" }.Where(name => text.Contains($"\"{name}\"", StringComparison.OrdinalIgnoreCase) || text.Contains($"'{name}'", StringComparison.OrdinalIgnoreCase)))
        {
            problems.Add($"{main.Name}: {name} is set: a storage connection string carries the account key. Fix: AzureWebJobsStorage__accountName, __credential and __clientId, and the deployment container reached as the identity.");
        }

        return problems;
    }

    /// <summary>Application Insights refuses local authentication and the identity may publish to it.</summary>
    public static IReadOnlyList<string> Monitoring(CompiledBicep monitoring)
    {
        var problems = PropertiesOf(monitoring, "Microsoft.Insights/components@", new Dictionary<string, string> { ["DisableLocalAuth"] = "true" });
        const string monitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
        if (!monitoring.Root.GetRawText().Contains(monitoringMetricsPublisher, StringComparison.Ordinal) ||
            !monitoring.Resources.Any(r => r.Type == "Microsoft.Authorization/roleAssignments"))
        {
            problems.Add($"{monitoring.Name}: the identity is not granted Monitoring Metrics Publisher ({monitoringMetricsPublisher}), so Application Insights refuses its telemetry. Fix: a role assignment on the component.");
        }

        return problems;
    }

    /// <summary>The storage roles the identity gets: what the Functions host and the app use, and no more.</summary>
    public static IReadOnlyList<string> StorageRoles(CompiledBicep storage)
    {
        var expected = new Dictionary<string, string>
        {
            ["974c5e8b-45b9-4653-ba55-5f855dd0fb88"] = "Storage Queue Data Contributor",
            ["0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"] = "Storage Table Data Contributor",
            ["b7e6dc6d-f1e8-4753-8033-0f276bb0955b"] = "Storage Blob Data Owner",
        };
        var granted = storage.Variables.TryGetValue("roles", out var roles) && roles is ArmArray list
            ? list.Items.OfType<ArmObject>().Select(role => LiteralOf(role["id"])).OfType<string>().ToHashSet()
            : [];
        return expected.Where(role => !granted.Contains(role.Key))
            .Select(role => $"{storage.Name}: the identity is not granted {role.Value} ({role.Key}). Fix: add it to roles.")
            .Concat(granted.Where(id => !expected.ContainsKey(id)).Select(id => $"{storage.Name}: role {id} is granted but the app does not need it. Fix: remove it."))
            .ToList();
    }

    /// <summary>Parameters: a secret is a @secure() parameter, and a @secure() parameter's default is empty.</summary>
    public static IReadOnlyList<string> SecureParameters(CompiledBicep file)
    {
        var problems = new List<string>();
        foreach (var parameter in file.Parameters)
        {
            if (ConfigurationKeys.LooksSecret(parameter.Name) && !parameter.IsSecure)
            {
                problems.Add($"{file.Name}: parameter {parameter.Name} holds a secret but is not @secure(). Fix: mark it @secure().");
            }

            if (parameter.IsSecure && parameter.Default is not null && LiteralOf(parameter.Default) != string.Empty)
            {
                problems.Add($"{file.Name}: @secure() parameter {parameter.Name} has a default value. Fix: a secret's default is '' (nothing); its value comes from the environment at deployment time.");
            }
        }

        return problems;
    }

    /// <summary>
    /// A parameters file: no secure parameter is given a value written in the file, and the
    /// profile it names exists with the mailbox it names.
    /// </summary>
    public static IReadOnlyList<string> ParameterFile(CompiledBicep parameters, CompiledBicep main, string profilesFolder)
    {
        var problems = new List<string>();
        var assignments = parameters.Parameters.ToDictionary(p => p.Name, p => p.Value);
        foreach (var secure in main.Parameters.Where(p => p.IsSecure))
        {
            // Built with no secret in the environment: a value here is one the file itself writes.
            if (assignments.TryGetValue(secure.Name, out var value) && value is ArmString { Text.Length: > 0 })
            {
                problems.Add($"{parameters.Name}: secure parameter {secure.Name} is written in the file. Fix: read it with readEnvironmentVariable() (or getSecret()), never as a literal.");
            }
        }

        foreach (var required in main.Parameters.Where(p => p.Default is null).Select(p => p.Name).Where(name => !assignments.ContainsKey(name)))
        {
            problems.Add($"{parameters.Name}: parameter {required} has no default in {main.Name} and is not set. Fix: set it.");
        }

        foreach (var unknown in assignments.Keys.Where(name => main.Parameters.All(p => p.Name != name)))
        {
            problems.Add($"{parameters.Name}: parameter {unknown} is not a parameter of {main.Name}. Fix: remove it.");
        }

        var profile = LiteralOf(assignments.GetValueOrDefault("profile"));
        var profileFile = Path.Combine(profilesFolder, $"{profile}.json");
        if (profile is null || !File.Exists(profileFile))
        {
            problems.Add($"{parameters.Name}: profile '{profile}' is not a file in profiles/. Fix: name a shipped profile.");
            return problems;
        }

        using var json = JsonDocument.Parse(File.ReadAllText(profileFile), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var profileMailbox = json.RootElement.GetProperty("mailbox").GetString();
        var mailbox = LiteralOf(assignments.GetValueOrDefault("mailbox"));
        if (!string.Equals(mailbox, profileMailbox, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"{parameters.Name}: mailbox '{mailbox}' is not profile {profile}'s mailbox, '{profileMailbox}'. Fix: deploy the mailbox the profile names (or correct the profile).");
        }

        return problems;
    }

    /// <summary>The storage account refuses shared keys and public blobs, and takes TLS 1.2 only.</summary>
    public static IReadOnlyList<string> Storage(CompiledBicep storage) =>
        PropertiesOf(storage, "Microsoft.Storage/storageAccounts@", new Dictionary<string, string>
        {
            ["allowSharedKeyAccess"] = "false",
            ["allowBlobPublicAccess"] = "false",
            ["minimumTlsVersion"] = "TLS1_2",
            ["supportsHttpsTrafficOnly"] = "true",
        });

    /// <summary>Key Vault is in RBAC mode with soft delete and purge protection.</summary>
    public static IReadOnlyList<string> KeyVault(CompiledBicep vault) =>
        PropertiesOf(vault, "Microsoft.KeyVault/vaults@", new Dictionary<string, string>
        {
            ["enableRbacAuthorization"] = "true",
            ["enableSoftDelete"] = "true",
            ["enablePurgeProtection"] = "true",
        });

    private static ArmResource? SiteOf(CompiledBicep app) => app.Resources.FirstOrDefault(r => r.Type == "Microsoft.Web/sites");

    /// <summary>Whether a value names the same identity as one of the site's user-assigned identities (the same parameter or variable).</summary>
    private static bool IsTheUserAssignedIdentity(ArmNode? value, ArmObject site)
    {
        var identity = site["identity"] as ArmObject;
        if (value is null || LiteralOf(identity?["type"])?.Contains("UserAssigned", StringComparison.Ordinal) != true ||
            identity?["userAssignedIdentities"] is not ArmObject assigned)
        {
            return false;
        }

        var text = value switch
        {
            ArmExpression expression => expression.Text,
            ArmString literal => literal.Text,
            _ => null,
        };
        return text is not null && assigned.Properties.Any(p => p.Key.Contains(text, StringComparison.Ordinal));
    }

    /// <summary><c>format('function:{0}', variables('list')[copyIndex()])</c>-style names are not literal; a name built in a copy loop over a variable is expanded over the variable's items.</summary>
    private static IEnumerable<string>? FormatOverVariable(CompiledBicep file, ArmNode? name)
    {
        if (name is not ArmExpression { Call: { Name: "format", Arguments: [{ Name: "'" } pattern, { Name: "." } indexed] } })
        {
            return null;
        }

        var variable = Regex.Match(indexed.Text, """^variables\('(?<name>[^']+)'\)\[""");
        return variable.Success && file.Variables.TryGetValue(variable.Groups["name"].Value, out var items) && items is ArmArray array
            ? array.Items.Select(LiteralOf).OfType<string>().Select(item => pattern.Text.Replace("{0}", item, StringComparison.Ordinal))
            : null;
    }

    private static List<string> PropertiesOf(CompiledBicep file, string typePrefix, Dictionary<string, string> expected)
    {
        var resource = file.Resources.FirstOrDefault(r => r.Type.Equals(typePrefix.TrimEnd('@'), StringComparison.Ordinal));
        if (resource?.Body["properties"] is not ArmObject properties)
        {
            return [$"{file.Name}: no {typePrefix.TrimEnd('@')} resource with properties was found."];
        }

        return expected
            .Where(pair => Describe(properties[pair.Key]) != pair.Value && LiteralOf(properties[pair.Key]) != pair.Value)
            .Select(pair => $"{file.Name}: {resource.Symbol}.properties.{pair.Key} must be {pair.Value}, not {Describe(properties[pair.Key])}.")
            .ToList();
    }

    /// <summary>The text of a string literal, or null.</summary>
    public static string? LiteralOf(ArmNode? node) => node is ArmString literal ? literal.Text : null;

    /// <summary>The text of a string literal, or of a variable whose value is one.</summary>
    public static string? LiteralOf(CompiledBicep file, ArmNode? node) =>
        file.VariableOf(node) is { } value ? LiteralOf(file, value) : LiteralOf(node);

    /// <summary>A value as the Bicep source names it: a literal in quotes, a parameter or variable by its name.</summary>
    private static string Describe(ArmNode? node) => node switch
    {
        null => "unset",
        ArmString literal => $"'{literal.Text}'",
        ArmScalar scalar => scalar.Json,
        ArmExpression { Call: { Name: "parameters" or "variables", Arguments: [{ Name: "'" } name] } } => name.Text,
        ArmExpression expression => expression.Text,
        ArmObject => "an object",
        ArmArray => "an array",
        _ => node.ToString() ?? string.Empty,
    };
}

/// <summary>host.json's <c>cme.schedules</c>: the timers' schedules, by name (e.g. <c>mailboxPoll</c>).</summary>
public static class HostSchedules
{
    /// <summary>The configuration section the timers' <c>%Cme:Schedules:…%</c> read.</summary>
    public const string Section = "Cme:Schedules";

    /// <summary>A schedule's app setting: <c>mailboxPoll</c> is <c>Cme__Schedules__MailboxPoll</c>.</summary>
    public static string EnvironmentName(string schedule) =>
        ProductionSettings.EnvironmentName($"{Section}:{char.ToUpperInvariant(schedule[0])}{schedule[1..]}");

    /// <summary>
    /// The first of the Function App's host.json (functions/Cme.Functions) and the repository
    /// root's that has a cme.schedules section; empty when neither has one.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Read()
    {
        var root = RepositoryLayout.FindRepositoryRoot()!;
        var schedules = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in new[] { Path.Combine(root, "functions", "Cme.Functions", "host.json"), Path.Combine(root, "host.json") }.Where(File.Exists))
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (json.RootElement.TryGetProperty("cme", out var cme) && cme.TryGetProperty("schedules", out var section))
            {
                foreach (var schedule in section.EnumerateObject())
                {
                    schedules[schedule.Name] = schedule.Value.GetString() ?? string.Empty;
                }

                break;
            }
        }

        return schedules;
    }
}
