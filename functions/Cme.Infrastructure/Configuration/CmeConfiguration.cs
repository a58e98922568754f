using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Cme.Infrastructure.Configuration;

/// <summary>
/// The product's settings, layered the way Azure Functions layers them: host.json (queue and
/// timer defaults), then local.settings.json's <c>Values</c> (local only, git-ignored), then
/// environment variables (<c>Cme__Profile</c> sets <c>Cme:Profile</c>), then command-line
/// arguments. A later layer wins.
/// </summary>
public static class CmeConfiguration
{
    public const string LocalSettingsFileName = "local.settings.json";

    /// <summary>The setting naming the storage account connection; empty means the embedded Azurite.</summary>
    public const string StorageConnectionSetting = "AzureWebJobsStorage";

    public static IConfigurationBuilder AddCmeSources(
        this IConfigurationBuilder builder,
        string contentRoot,
        string[]? args = null,
        string? hostJsonPath = null)
    {
        hostJsonPath ??= Path.Combine(contentRoot, RepositoryLayout.HostJsonFileName);
        builder.AddInMemoryCollection(ReadHostJson(hostJsonPath));
        builder.AddInMemoryCollection(ReadLocalSettings(Path.Combine(contentRoot, LocalSettingsFileName)));
        builder.AddEnvironmentVariables();
        if (args is { Length: > 0 })
        {
            builder.AddCommandLine(args);
        }

        return builder;
    }

    /// <summary>
    /// Maps host.json onto the configuration keys its readers look for: <c>extensions</c> and the
    /// other host settings under the WebJobs root section <c>AzureWebJobs</c>, <c>logging</c> under
    /// <c>Logging</c>, and the product's own <c>cme</c> section under <c>Cme</c>.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> ReadHostJson(string path)
    {
        if (!File.Exists(path))
        {
            throw new ConfigurationException(
                $"{path}: host.json was not found. It holds the queue and timer settings; restore it from the repository.");
        }

        IConfigurationRoot hostJson;
        try
        {
            hostJson = new ConfigurationBuilder().AddJsonFile(path, optional: false, reloadOnChange: false).Build();
        }
        catch (Exception exception) when (exception is FormatException or InvalidDataException or JsonException)
        {
            throw new ConfigurationException($"{path}: host.json is not valid JSON ({exception.Message}). Fix the file and start again.", exception);
        }

        var mapped = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in hostJson.AsEnumerable())
        {
            if (value is null || key.Equals("version", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var mappedKey = key switch
            {
                _ when key.StartsWith("cme:", StringComparison.OrdinalIgnoreCase) => "Cme:" + key[4..],
                _ when key.StartsWith("logging:", StringComparison.OrdinalIgnoreCase) => "Logging:" + key[8..],
                _ => "AzureWebJobs:" + key,
            };
            mapped[mappedKey] = value;
        }

        return mapped;
    }

    /// <summary>
    /// Reads local.settings.json as Azure Functions Core Tools does: every <c>Values</c> entry is a
    /// setting (a <c>__</c> in its name is a section separator) and every <c>ConnectionStrings</c>
    /// entry is a connection string. A missing file is fine; a malformed one is an error.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> ReadLocalSettings(string path)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (!File.Exists(path))
        {
            return settings;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException exception)
        {
            throw new ConfigurationException(
                $"{path}: not valid JSON at line {exception.LineNumber + 1} ({exception.Message}). " +
                $"Compare it with local.settings.sample.json, fix it, and start again.", exception);
        }

        using (document)
        {
            if (document.RootElement.TryGetProperty("Values", out var values))
            {
                if (values.ValueKind != JsonValueKind.Object)
                {
                    throw new ConfigurationException($"{path}: 'Values' must be an object of setting names to values, as in local.settings.sample.json.");
                }

                foreach (var property in values.EnumerateObject())
                {
                    settings[property.Name.Replace("__", ":", StringComparison.Ordinal)] = property.Value.ValueKind switch
                    {
                        JsonValueKind.String => property.Value.GetString(),
                        JsonValueKind.Null => null,
                        _ => property.Value.GetRawText(),
                    };
                }
            }

            if (document.RootElement.TryGetProperty("ConnectionStrings", out var connectionStrings) && connectionStrings.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in connectionStrings.EnumerateObject())
                {
                    settings["ConnectionStrings:" + property.Name] = property.Value.GetString();
                }
            }
        }

        return settings;
    }
}

/// <summary>A setting or settings file is wrong; the message names the file or setting and the fix.</summary>
public sealed class ConfigurationException : Exception
{
    public ConfigurationException(string message) : base(message)
    {
    }

    public ConfigurationException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
