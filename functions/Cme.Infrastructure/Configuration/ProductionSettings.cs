using Microsoft.Extensions.Configuration;

namespace Cme.Infrastructure.Configuration;

/// <summary>When a production setting is needed.</summary>
public enum ProductionRequirement
{
    /// <summary>Whenever <c>Cme:Mailbox:Source</c> is <c>Graph</c>: the host refuses to start without it.</summary>
    GraphMailbox,

    /// <summary>Whenever <c>Cme:Outbox:Delivery</c> is <c>SendGrid</c>: the host refuses to start without it.</summary>
    SendGridDelivery,

    /// <summary>
    /// In the Azure deployment (infra/): a local run does without it, so the host cannot insist,
    /// but the deployment must set it (a test reads infra/ and checks).
    /// </summary>
    AzureDeployment,
}

/// <summary>
/// A setting production needs.
/// </summary>
/// <param name="Key">The configuration key, sections separated by <c>:</c> (an environment variable writes <c>__</c>).</param>
/// <param name="When">When it is needed.</param>
/// <param name="Fix">What to set it to, for the error that names it.</param>
/// <param name="Value">The value it must have, when there is only one (e.g. <c>Graph</c>); null when any non-empty value will do.</param>
public sealed record ProductionSetting(string Key, ProductionRequirement When, string Fix, string? Value = null)
{
    /// <summary>The name as an environment variable or app setting: <c>Cme__Outbox__From</c>.</summary>
    public string EnvironmentName => ProductionSettings.EnvironmentName(Key);
}

/// <summary>
/// The settings production requires, and which settings are secrets. This list is the code's own
/// statement of what a deployment must provide: the host checks the Graph and SendGrid ones at
/// start-up, and a test checks that infra/ sets every one, with every secret a Key Vault reference.
/// </summary>
public static class ProductionSettings
{
    public static IReadOnlyList<ProductionSetting> Required { get; } =
    [
        new("Cme:Mailbox:Graph:Mailbox", ProductionRequirement.GraphMailbox,
            "set it to the CME mailbox the app registration is scoped to in Exchange Online (the profile's mailbox), so the host and the scope name the same mailbox"),
        new("Cme:Outbox:SendGrid:ApiKey", ProductionRequirement.SendGridDelivery,
            "set it to a SendGrid API key with the Mail Send permission only, as a Key Vault reference (never a plain value)"),
        new("Cme:Outbox:From", ProductionRequirement.SendGridDelivery,
            "set it to the sender address verified in SendGrid (Sender Authentication); SendGrid refuses any other sender"),

        new("Cme:Profile", ProductionRequirement.AzureDeployment, "set it to the authority's profile, e.g. hertfordshire"),
        new("Cme:Mailbox:Source", ProductionRequirement.AzureDeployment, "the deployed host reads the Exchange Online mailbox", Value: "Graph"),
        new("Cme:Outbox:Delivery", ProductionRequirement.AzureDeployment, "the deployed host sends through SendGrid", Value: "SendGrid"),
        new("Cme:Mailbox:Graph:ClientId", ProductionRequirement.AzureDeployment,
            "set it to the client id of the identity Graph is called as: the user-assigned managed identity, or the app registration when a client secret is used"),
        new("AzureWebJobsStorage:accountName", ProductionRequirement.AzureDeployment, "set it to the storage account's name: storage is reached with the managed identity"),
        new("AzureWebJobsStorage:credential", ProductionRequirement.AzureDeployment, "storage is reached with the managed identity", Value: "managedidentity"),
        new("AzureWebJobsStorage:clientId", ProductionRequirement.AzureDeployment, "set it to the user-assigned managed identity's client id"),
        new("Cme:ChildIndex:Key", ProductionRequirement.AzureDeployment,
            "set it to a Key Vault reference to the child index's secret (base64 of 32 random bytes): the host refuses to start without it when storage is reached with a managed identity"),
        new("APPLICATIONINSIGHTS_CONNECTION_STRING", ProductionRequirement.AzureDeployment, "set it to the Application Insights resource's connection string, so logs and traces reach Azure Monitor"),

        // No time zone setting (TZ, WEBSITE_TIME_ZONE): the Function App runs on Linux Flex
        // Consumption, which evaluates timer schedules in UTC and has none; the code decides in
        // the profile's time zone what is due.
    ];

    /// <summary>
    /// Settings whose values are secrets: in a deployment each is a Key Vault reference, never a
    /// plain value. <c>AzureWebJobsStorage</c> is one because a connection string carries the
    /// account key (the deployment does not set it at all: storage is reached with the identity).
    /// </summary>
    public static IReadOnlyList<string> Secrets { get; } =
    [
        "Cme:Outbox:SendGrid:ApiKey",
        "Cme:Mailbox:Graph:ClientSecret",
        "Cme:ChildIndex:Key",
        CmeConfiguration.StorageConnectionSetting,
    ];

    /// <summary>A key as an environment variable or app setting names it: <c>Cme__Outbox__From</c>.</summary>
    public static string EnvironmentName(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    public static bool IsSecret(string key) => Secrets.Contains(key.Replace("__", ":", StringComparison.Ordinal), StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The start-up check: with the Graph mailbox or SendGrid delivery chosen, every setting they
    /// need is set. Throws <see cref="ConfigurationException"/> naming each missing setting and
    /// what to set it to.
    /// </summary>
    public static void Validate(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var inForce = new HashSet<ProductionRequirement>();
        if (string.Equals(configuration["Cme:Mailbox:Source"], "Graph", StringComparison.OrdinalIgnoreCase))
        {
            inForce.Add(ProductionRequirement.GraphMailbox);
        }

        if (string.Equals(configuration["Cme:Outbox:Delivery"], "SendGrid", StringComparison.OrdinalIgnoreCase))
        {
            inForce.Add(ProductionRequirement.SendGridDelivery);
        }

        var missing = Required
            .Where(setting => inForce.Contains(setting.When) && string.IsNullOrWhiteSpace(configuration[setting.Key]))
            .ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var because = string.Join(" and ", inForce.Order().Select(requirement => requirement switch
        {
            ProductionRequirement.GraphMailbox => "Cme:Mailbox:Source is Graph",
            _ => "Cme:Outbox:Delivery is SendGrid",
        }));
        throw new ConfigurationException(
            $"{because}, so {(missing.Count == 1 ? "this setting is" : "these settings are")} required: " +
            string.Join(" ", missing.Select(setting => $"{setting.Key} (environment: {setting.EnvironmentName}) is not set: {setting.Fix}.")));
    }
}
