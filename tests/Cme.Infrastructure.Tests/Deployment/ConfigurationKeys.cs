using System.Reflection;
using Cme.Infrastructure.Configuration;
using Cme.Infrastructure.Mailboxes;
using Cme.Infrastructure.Outbox;

namespace Cme.Infrastructure.Tests.Deployment;

/// <summary>
/// The configuration keys the code reads, found by reflection over its options classes: each
/// settable property is a key under its class's section, and a property whose type is another
/// options class is a section of its own.
/// </summary>
public static class ConfigurationKeys
{
    /// <summary>The options classes and the sections they are bound from.</summary>
    public static IReadOnlyList<(Type Options, string Section)> OptionsClasses { get; } =
    [
        (typeof(CmeOptions), CmeOptions.SectionName),
        (typeof(GraphMailboxOptions), "Cme:Mailbox:Graph"),
        (typeof(SendGridOptions), SendGridOptions.SectionName),
    ];

    /// <summary>Every key the options classes bind, e.g. <c>Cme:Outbox:SendGrid:ApiKey</c>.</summary>
    public static IReadOnlySet<string> FromOptions() =>
        OptionsClasses.SelectMany(options => Keys(options.Options, options.Section)).ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Keys whose names say they hold a secret: an API key, a client secret, a password, a connection string or an account key.</summary>
    public static bool LooksSecret(string key)
    {
        var last = key.Replace("__", ":", StringComparison.Ordinal).Split(':')[^1];
        return new[] { "ApiKey", "Secret", "Password", "ConnectionString", "AccountKey", "SasToken" }
            .Any(suffix => last.EndsWith(suffix, StringComparison.OrdinalIgnoreCase));
    }

    private static IEnumerable<string> Keys(Type type, string section)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod?.IsPublic == true))
        {
            var key = $"{section}:{property.Name}";
            if (IsOptionsClass(property.PropertyType))
            {
                foreach (var inner in Keys(property.PropertyType, key))
                {
                    yield return inner;
                }
            }
            else
            {
                yield return key;
            }
        }
    }

    private static bool IsOptionsClass(Type type) =>
        type.IsClass && type != typeof(string) && type.Namespace?.StartsWith("Cme.", StringComparison.Ordinal) == true;
}
