using System.Text.Json;
using Cme.Application.Queues;
using Cme.Infrastructure.Configuration;
using Cme.Infrastructure.Queues;
using Cme.Infrastructure.Storage;

namespace Cme.Infrastructure.Tests.Deployment;

/// <summary>
/// Checks infra/ against the code: the settings the code says production requires
/// (<see cref="ProductionSettings"/>) and the keys its options classes read
/// (<see cref="ConfigurationKeys"/>). Each check returns the problems it finds, each naming the
/// file, what is wrong and the fix; none means the deployment agrees with the code.
/// </summary>
public static class DeploymentCheck
{
    /// <summary>
    /// Settings that look secret by name but are not: the Application Insights connection string
    /// holds only the resource's ingestion address and instrumentation key, which Microsoft
    /// documents as not secret, and the deployment disables local authentication, so the key
    /// alone sends nothing (the host signs in with its managed identity).
    /// </summary>
    public static readonly IReadOnlySet<string> NotSecret = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "APPLICATIONINSIGHTS_CONNECTION_STRING" };

    /// <summary>One container setting: its name and either a plain value or a reference to a secret.</summary>
    public sealed record Setting(string Name, ArmNode? Value, string? SecretRef, bool Conditional);

    /// <summary>One container app secret: a Key Vault reference, or (wrongly) a value.</summary>
    public sealed record Secret(string Name, ArmNode? KeyVaultUrl, ArmNode? Identity, ArmNode? Value);

    public static bool IsSecret(string settingName) =>
        !NotSecret.Contains(settingName) && (ProductionSettings.IsSecret(settingName) || ConfigurationKeys.LooksSecret(settingName));

    /// <summary>The container's environment variables, from every <c>env:</c> of the file, through variables and ternaries.</summary>
    public static IReadOnlyList<Setting> Settings(CompiledBicep app) =>
        app.FindProperties("env").SelectMany(app.ResolveObjects)
            .Select(found => new Setting(LiteralOf(app, found.Item["name"]) ?? "(a name that is not a literal)", found.Item["value"], LiteralOf(app, found.Item["secretRef"]), found.Conditional))
            .ToList();

    /// <summary>The app's secrets, from <c>configuration.secrets</c>.</summary>
    public static IReadOnlyList<Secret> Secrets(CompiledBicep app) =>
        app.FindProperties("configuration").OfType<ArmObject>()
            .Where(configuration => configuration["secrets"] is not null)
            .SelectMany(configuration => app.ResolveObjects(configuration["secrets"]!))
            .Select(found => new Secret(LiteralOf(app, found.Item["name"]) ?? "(a name that is not a literal)", found.Item["keyVaultUrl"], found.Item["identity"], found.Item["value"]))
            .ToList();

    /// <summary>The container app: required settings present, secrets only as Key Vault references, every Cme setting one the code reads.</summary>
    public static IReadOnlyList<string> ContainerApp(CompiledBicep app)
    {
        var problems = new List<string>();
        var settings = Settings(app);
        var secrets = Secrets(app);
        if (settings.Count == 0)
        {
            problems.Add($"{app.Name}: no container environment variables (env) were found. Fix: the container app's containers[].env lists the settings.");
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
            .Select(ProductionSettings.EnvironmentName)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var setting in settings)
        {
            if (setting.Name.StartsWith("Cme__", StringComparison.OrdinalIgnoreCase) && !known.Contains(setting.Name))
            {
                problems.Add($"{app.Name}: {setting.Name} is not a setting the code reads. Fix: correct the name (the options classes and ProductionSettings list every one) or remove it.");
            }

            if (setting.Name.StartsWith(StorageSettings.Setting + "__", StringComparison.OrdinalIgnoreCase) &&
                !new[] { StorageSettings.AccountNameKey, StorageSettings.CredentialKey, StorageSettings.ClientIdKey, StorageSettings.BlobServiceUriKey, StorageSettings.QueueServiceUriKey, StorageSettings.TableServiceUriKey }
                    .Any(key => setting.Name.Equals(StorageSettings.Name(key), StringComparison.OrdinalIgnoreCase)))
            {
                problems.Add($"{app.Name}: {setting.Name} is not a storage setting the host reads. Fix: see StorageSettings for the names.");
            }

            if ((setting.Value is null) == (setting.SecretRef is null))
            {
                problems.Add($"{app.Name}: {setting.Name} must have exactly one of value and secretRef.");
            }

            if (IsSecret(setting.Name))
            {
                if (setting.Value is not null)
                {
                    problems.Add($"{app.Name}: {setting.Name} is a secret but is set as a plain value ({Describe(setting.Value)}). Fix: keep it in Key Vault and set it with secretRef to a Key Vault-backed secret.");
                }
                else if (setting.SecretRef is { } reference)
                {
                    var secret = secrets.FirstOrDefault(s => s.Name == reference);
                    if (secret is null)
                    {
                        problems.Add($"{app.Name}: {setting.Name} refers to secret '{reference}', which the app does not declare. Fix: add it to configuration.secrets with keyVaultUrl and identity.");
                    }
                    else if (secret.KeyVaultUrl is null || secret.Identity is null)
                    {
                        problems.Add($"{app.Name}: {setting.Name} refers to secret '{reference}', which is not a Key Vault reference. Fix: give the secret keyVaultUrl and identity (the managed identity).");
                    }
                }
            }
        }

        foreach (var secret in secrets)
        {
            if (secret.Value is not null)
            {
                problems.Add($"{app.Name}: secret '{secret.Name}' holds a value in the app definition. Fix: keep the value in Key Vault and give the secret keyVaultUrl and identity instead.");
            }
            else if (secret.KeyVaultUrl is null || secret.Identity is null)
            {
                problems.Add($"{app.Name}: secret '{secret.Name}' is not a Key Vault reference. Fix: give it keyVaultUrl and identity.");
            }
        }

        return problems;
    }

    /// <summary>
    /// The scale rules: one KEDA azure-queue rule per queue the functions are triggered by, each
    /// reading the queue as the managed identity (identity), never with a connection string (auth).
    /// </summary>
    public static IReadOnlyList<string> ScaleRules(CompiledBicep app, CompiledBicep main)
    {
        var problems = new List<string>();
        var rules = app.FindProperties("rules").SelectMany(app.ResolveObjects).Select(r => r.Item).ToList();
        var queueRules = rules.Select(rule => rule["azureQueue"]).OfType<ArmObject>().ToList();
        if (queueRules.Count == 0)
        {
            problems.Add($"{app.Name}: there is no azureQueue scale rule. Fix: scale on the queues' length.");
        }

        foreach (var rule in queueRules)
        {
            if (rule["identity"] is null || rule["auth"] is not null)
            {
                problems.Add($"{app.Name}: an azureQueue scale rule does not read the queue as the managed identity. Fix: give it identity (and accountName), not auth.");
            }
        }

        var queues = main.Variables.TryGetValue("queues", out var declared) && declared is ArmArray array
            ? array.Items.Select(LiteralOf).ToList()
            : [];
        foreach (var queue in new[] { QueueNames.InboundMail, QueueNames.Notifications }.Where(q => !queues.Contains(q)))
        {
            problems.Add($"{main.Name}: the queues variable does not list '{queue}', which a function is triggered by. Fix: add it, so the queue exists and scales the app.");
        }

        return problems;
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

    /// <summary>The text of a string literal, or of a variable whose value is one (<c>secretRef: sendGridSecretName</c>).</summary>
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
