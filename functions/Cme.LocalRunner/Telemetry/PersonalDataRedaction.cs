using System.Diagnostics;
using System.Text.RegularExpressions;
using OpenTelemetry;
using OpenTelemetry.Logs;

namespace Cme.LocalRunner.Telemetry;

/// <summary>
/// A last line of defence for telemetry leaving the host. The product never logs a child's name,
/// date of birth, UPN, address or postcode (logs carry case references and hashed keys); should a
/// log message or span ever carry a value under such a name, its value is replaced before export,
/// and a log message is exported as its template rather than with the value filled in. Storage
/// requests' URLs on spans are exported without the keys they name (the child index's are hashes
/// of the child's identity).
/// </summary>
public static partial class PersonalDataRedaction
{
    public const string Redacted = "[redacted]";

    /// <summary>
    /// Names (case, dots, dashes and underscores ignored) of a child's details: matched against a
    /// whole attribute name, or the last segment of a dotted one (<c>child.surname</c>).
    /// </summary>
    private static readonly HashSet<string> PersonalNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "childname", "firstname", "forename", "forenames", "givenname", "lastname", "surname", "familyname", "fullname",
        "dateofbirth", "dob", "birthdate", "upn", "uniquepupilnumber", "postcode",
    };

    /// <summary>
    /// Names matched only as a whole attribute name: as a dotted segment they are OpenTelemetry's
    /// own (<c>service.name</c>, <c>server.address</c>) and name no person.
    /// </summary>
    private static readonly HashSet<string> PersonalWholeNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "name", "address", "homeaddress", "addressline1", "addressline2", "street",
    };

    /// <summary>Whether an attribute of this name may hold a child's personal data.</summary>
    public static bool IsPersonal(string attributeName)
    {
        ArgumentNullException.ThrowIfNull(attributeName);
        var whole = Letters(attributeName);
        var lastSegment = Letters(attributeName.Split('.', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? attributeName);
        return PersonalNames.Contains(whole) || PersonalWholeNames.Contains(whole) || PersonalNames.Contains(lastSegment);
    }

    private static string Letters(string name) => string.Concat(name.Where(char.IsLetterOrDigit));

    /// <summary>The span attributes that hold a request's URL (the Azure SDK's, OpenTelemetry's current and older names).</summary>
    private static readonly HashSet<string> UrlAttributes = new(StringComparer.Ordinal) { "url.full", "http.url", "http.target", "url.query", "url.path" };

    /// <summary>
    /// A storage request's URL without the keys it names: the query (a table query's
    /// <c>$filter=PartitionKey eq '…'</c>) and an entity's <c>(PartitionKey='…',RowKey='…')</c>. The
    /// child index is keyed by a hash of the child's UPN, or of their name and date of birth, and a
    /// hash of a name and a date of birth can be found again by trying candidates.
    /// </summary>
    public static string WithoutStorageKeys(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var query = url.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? url : url[..query] + "?" + Redacted;
        return EntityKeys().Replace(path, "(" + Redacted + ")");
    }

    [GeneratedRegex(@"\((?:PartitionKey|RowKey)=[^)]*\)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex EntityKeys();

    /// <summary>For log records: personal attribute values replaced, and the message left as its template.</summary>
    public sealed class LogProcessor : BaseProcessor<LogRecord>
    {
        public override void OnEnd(LogRecord data)
        {
            ArgumentNullException.ThrowIfNull(data);
            if (data.Attributes is not { Count: > 0 } attributes || !attributes.Any(attribute => IsPersonal(attribute.Key)))
            {
                return;
            }

            data.Attributes = attributes
                .Select(attribute => IsPersonal(attribute.Key) ? new KeyValuePair<string, object?>(attribute.Key, Redacted) : attribute)
                .ToList();
            data.FormattedMessage = data.Body;
        }
    }

    /// <summary>For spans: personal tag values replaced, and the storage keys taken out of request URLs.</summary>
    public sealed class ActivityProcessor : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data)
        {
            ArgumentNullException.ThrowIfNull(data);
            foreach (var tag in data.TagObjects.Where(tag => IsPersonal(tag.Key)).Select(tag => tag.Key).ToList())
            {
                data.SetTag(tag, Redacted);
            }

            foreach (var (name, url) in data.TagObjects.Where(tag => UrlAttributes.Contains(tag.Key) && tag.Value is string).Select(tag => (tag.Key, (string)tag.Value!)).ToList())
            {
                data.SetTag(name, name == "url.query" ? Redacted : WithoutStorageKeys(url));
            }
        }
    }
}
