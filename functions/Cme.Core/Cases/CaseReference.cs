using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Cme.Core.Cases;

/// <summary>
/// A case reference, <c>CME-YYYY-NNNNN</c>: the year the case was opened and its sequence
/// number within that year (from 1, five digits, zero-padded).
/// </summary>
public sealed partial record CaseReference
{
    private CaseReference(int year, int number)
    {
        Year = year;
        Number = number;
    }

    public int Year { get; }

    public int Number { get; }

    public static CaseReference Create(int year, int number)
    {
        if (year is < 2000 or > 9999)
        {
            throw new ArgumentOutOfRangeException(nameof(year), year, "A case reference's year must be four digits, 2000 or later.");
        }

        if (number is < 1 or > 99_999)
        {
            throw new ArgumentOutOfRangeException(nameof(number), number, "A case reference's number runs from 1 to 99999.");
        }

        return new CaseReference(year, number);
    }

    public static bool TryParse(string? text, [NotNullWhen(true)] out CaseReference? reference)
    {
        reference = null;
        if (text is null)
        {
            return false;
        }

        var match = Exact().Match(text.Trim());
        if (!match.Success)
        {
            return false;
        }

        var year = int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture);
        var number = int.Parse(match.Groups["number"].Value, CultureInfo.InvariantCulture);
        if (year < 2000 || number < 1)
        {
            return false;
        }

        reference = new CaseReference(year, number);
        return true;
    }

    public static CaseReference Parse(string text) =>
        TryParse(text, out var reference)
            ? reference
            : throw new FormatException($"'{text}' is not a case reference (expected CME-YYYY-NNNNN, e.g. CME-2026-00042).");

    /// <summary>Finds the first case reference anywhere in free text (subjects, bodies), case-insensitively.</summary>
    public static CaseReference? FindIn(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        foreach (Match match in Anywhere().Matches(text))
        {
            if (TryParse(match.Value.ToUpperInvariant(), out var reference))
            {
                return reference;
            }
        }

        return null;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"CME-{Year:D4}-{Number:D5}");

    [GeneratedRegex(@"^CME-(?<year>\d{4})-(?<number>\d{5})$", RegexOptions.CultureInvariant)]
    private static partial Regex Exact();

    [GeneratedRegex(@"\bCME-\d{4}-\d{5}\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Anywhere();
}
