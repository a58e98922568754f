using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cme.Core.Cases;
using Cme.Core.Children;
using Cme.Core.Intake;
using Cme.Infrastructure.Storage;

namespace Cme.Functions.Tests.PersonalData;

/// <summary>One value that must never leave the host in a log or telemetry: what it is, and which sample it came from.</summary>
public sealed record ForbiddenValue(string What, string Sample, string Value, ForbiddenValue.Matching Match)
{
    /// <summary>How a value is told apart from the text around it.</summary>
    public enum Matching
    {
        /// <summary>A name or address: not inside a longer word ("Leo" is not found in "Leonard").</summary>
        Words,

        /// <summary>A date: not inside a longer number ("2016-06-14" is found in "2016-06-14T00:00:00").</summary>
        Digits,

        /// <summary>A UPN or postcode: not inside a longer run of letters and digits.</summary>
        Token,

        /// <summary>A hash of the child's identity: 64 hex digits, found wherever they are (in a URL, after <c>%27</c>).</summary>
        Anywhere,
    }
}

/// <summary>A value found where it must not be.</summary>
public sealed record Leak(ForbiddenValue Value, CapturedText Where)
{
    public override string ToString() =>
        $"{Value.What} '{Value.Value}' of {Value.Sample} in {Where.Channel} from {Where.Origin}: {(Where.Text.Length > 400 ? Where.Text[..400] + "…" : Where.Text)}";
}

/// <summary>
/// The children's details in the sample emails, as the parser reads them and as the samples'
/// expected.jsonl states them, in the renderings a log line might use; and a scan of captured
/// text for any of them, case-insensitive.
/// </summary>
public sealed class PersonalDataScanner
{
    /// <summary>Shorter names are too likely to be part of ordinary text to be told apart.</summary>
    public const int ShortestName = 3;

    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");
    private static readonly TimeSpan RegexBudget = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, List<ForbiddenValue>> _byValue;
    private readonly Regex[] _patterns;

    public PersonalDataScanner(IEnumerable<ForbiddenValue> values)
    {
        var distinct = values.Where(value => value.Value.Length >= (value.Match == ForbiddenValue.Matching.Words ? ShortestName : 4)).ToList();
        Values = distinct;
        _byValue = distinct.GroupBy(value => Key(value.Value), StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.ToList(), StringComparer.Ordinal);
        _patterns = distinct.GroupBy(value => value.Match).Select(group => Pattern(group.Key, group.Select(value => value.Value))).ToArray();
    }

    public IReadOnlyList<ForbiddenValue> Values { get; }

    public IReadOnlyList<Leak> Scan(IEnumerable<CapturedText> texts)
    {
        var leaks = new List<Leak>();
        foreach (var text in texts)
        {
            foreach (var pattern in _patterns)
            {
                foreach (Match match in pattern.Matches(text.Text))
                {
                    var found = _byValue.GetValueOrDefault(Key(match.Groups["value"].Value)) ?? [new ForbiddenValue("value", "(unknown)", match.Value, ForbiddenValue.Matching.Token)];
                    leaks.AddRange(found.Select(value => new Leak(value, text)));
                }
            }
        }

        return leaks;
    }

    /// <summary>What the parser reads about the child in one email, in every rendering worth looking for.</summary>
    public static IEnumerable<ForbiddenValue> FromParsed(string sample, ParsedEmail parsed, ChildIndexSecret? indexSecret = null)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        var child = parsed.Child;
        var values = Names(sample, child.FirstName, child.LastName)
            .Concat(DateOfBirth(sample, child.DateOfBirth))
            .Concat(Upn(sample, child.Upn?.Value))
            .Concat(Upn(sample, parsed.RawUpn))
            .Concat(PostcodeRenderings(sample, child.Postcode?.ToString()));
        return values.Concat(AddressLines(sample, child.Address)).Concat(IdentityHashes(sample, child, indexSecret));
    }

    /// <summary>What a sample set's expected.jsonl says about each email's child.</summary>
    public static IEnumerable<ForbiddenValue> FromExpected(string expectedJsonl, ChildIndexSecret? indexSecret = null)
    {
        foreach (var line in File.ReadLines(expectedJsonl).Where(line => !string.IsNullOrWhiteSpace(line)))
        {
            using var entry = JsonDocument.Parse(line);
            var root = entry.RootElement;
            var sample = root.GetProperty("file").GetString() + " (expected)";
            var child = root.GetProperty("child");
            var dateOfBirth = Text(child, "dateOfBirth") is { } iso ? DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture) : (DateOnly?)null;
            var upn = Cme.Core.Children.Upn.TryParse(Text(child, "upn"), out var parsedUpn) ? parsedUpn : null;
            var details = new ChildDetails(Text(child, "firstName"), Text(child, "lastName"), dateOfBirth, upn, null, null, null, null);
            foreach (var value in Names(sample, details.FirstName, details.LastName)
                .Concat(DateOfBirth(sample, dateOfBirth))
                .Concat(Upn(sample, Text(child, "upn")))
                .Concat(PostcodeRenderings(sample, Text(root, "postcode")))
                .Concat(IdentityHashes(sample, details, indexSecret)))
            {
                yield return value;
            }
        }
    }

    /// <summary>
    /// The child index's keys: keyed hashes (under the deployment's secret, when the test knows it)
    /// of the UPN and of the name with the date of birth, and the unsalted hashes the index used
    /// before. Not readable, but a hash of a name and a date of birth is found again by trying
    /// candidates (by anyone who also holds the secret, for a keyed one), so each is as personal as
    /// what it hashes.
    /// </summary>
    private static IEnumerable<ForbiddenValue> IdentityHashes(string sample, ChildDetails child, ChildIndexSecret? indexSecret) =>
        child.IdentityKeys.SelectMany(key => new[] { TableKeys.Hash(key), indexSecret?.KeyFor(key) }
            .OfType<string>()
            .Select(hash => new ForbiddenValue("identity hash (" + key.Split(':')[0] + ")", sample, hash, ForbiddenValue.Matching.Anywhere)));

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static IEnumerable<ForbiddenValue> Names(string sample, string? first, string? last)
    {
        var names = new[] { ("forename", first), ("surname", last), ("full name", first is null || last is null ? null : $"{first} {last}") };
        foreach (var (what, name) in names)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                continue;
            }

            // As written, without accents (Chloë as Chloe) and without apostrophes (D'Arcy as DArcy).
            foreach (var rendering in new[] { name.Trim(), WithoutAccents(name.Trim()), name.Trim().Replace("'", string.Empty, StringComparison.Ordinal).Replace("’", string.Empty, StringComparison.Ordinal) }.Distinct(StringComparer.OrdinalIgnoreCase))
            {
                yield return new ForbiddenValue(what, sample, rendering, ForbiddenValue.Matching.Words);
            }
        }
    }

    private static IEnumerable<ForbiddenValue> DateOfBirth(string sample, DateOnly? dateOfBirth)
    {
        if (dateOfBirth is not { } date)
        {
            yield break;
        }

        // ISO, UK and US numeric forms, written out in English, and compact.
        string[] formats = ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy", "MM/dd/yyyy", "dd.MM.yyyy", "dd-MM-yyyy", "d MMMM yyyy", "d MMM yyyy", "MMMM d, yyyy", "yyyyMMdd"];
        foreach (var format in formats)
        {
            yield return new ForbiddenValue("date of birth", sample, date.ToString(format, English), ForbiddenValue.Matching.Digits);
        }
    }

    private static IEnumerable<ForbiddenValue> Upn(string sample, string? upn)
    {
        if (!string.IsNullOrWhiteSpace(upn))
        {
            yield return new ForbiddenValue("UPN", sample, upn.Trim(), ForbiddenValue.Matching.Token);
        }
    }

    private static IEnumerable<ForbiddenValue> PostcodeRenderings(string sample, string? postcode)
    {
        if (string.IsNullOrWhiteSpace(postcode))
        {
            yield break;
        }

        var compact = postcode.Replace(" ", string.Empty, StringComparison.Ordinal);
        yield return new ForbiddenValue("postcode", sample, postcode.Trim(), ForbiddenValue.Matching.Token);
        yield return new ForbiddenValue("postcode", sample, compact, ForbiddenValue.Matching.Token);
    }

    /// <summary>The address as written and each of its lines; a line that is a postcode is looked for as one.</summary>
    private static IEnumerable<ForbiddenValue> AddressLines(string sample, string? address)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            yield break;
        }

        yield return new ForbiddenValue("address", sample, Regex.Replace(address.Trim(), @"\s+", " ", RegexOptions.None, RegexBudget), ForbiddenValue.Matching.Words);
        foreach (var line in address.Split([',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var tidy = Regex.Replace(line, @"\s+", " ", RegexOptions.None, RegexBudget);
            if (Postcode.TryParse(tidy, out var postcode))
            {
                foreach (var rendering in PostcodeRenderings(sample, postcode.ToString()))
                {
                    yield return rendering;
                }
            }
            else
            {
                yield return new ForbiddenValue("address line", sample, tidy, ForbiddenValue.Matching.Words);
            }
        }
    }

    private static string WithoutAccents(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        return new string(decomposed.Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark).ToArray()).Normalize(NormalizationForm.FormC);
    }

    private static string Key(string value) => Regex.Replace(value, @"\s+", " ", RegexOptions.None, RegexBudget).ToUpperInvariant();

    private static Regex Pattern(ForbiddenValue.Matching matching, IEnumerable<string> values)
    {
        var (before, after) = matching switch
        {
            ForbiddenValue.Matching.Words => (@"(?<!\p{L})", @"(?!\p{L})"),
            ForbiddenValue.Matching.Digits => (@"(?<!\d)", @"(?!\d)"),
            ForbiddenValue.Matching.Anywhere => (string.Empty, string.Empty),
            _ => (@"(?<![\p{L}\p{N}])", @"(?![\p{L}\p{N}])"),
        };

        // Longest first, so a full name is reported as one rather than as its parts; a space matches any run of white space.
        var alternatives = values.Distinct(StringComparer.OrdinalIgnoreCase).OrderByDescending(value => value.Length)
            .Select(value => Regex.Escape(value).Replace(@"\ ", @"\s+", StringComparison.Ordinal));
        return new Regex(
            $"{before}(?<value>{string.Join('|', alternatives)}){after}",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled,
            TimeSpan.FromSeconds(10));
    }
}
