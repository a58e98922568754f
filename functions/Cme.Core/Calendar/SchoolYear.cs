using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Cme.Core.Calendar;

/// <summary>
/// An English school year, written <c>2025/26</c>: 1 September 2025 to 31 August 2026 inclusive.
/// </summary>
public readonly record struct SchoolYear(int StartYear) : IComparable<SchoolYear>
{
    public DateOnly FirstDay => new(StartYear, 9, 1);

    public DateOnly LastDay => new(StartYear + 1, 8, 31);

    public SchoolYear Next => new(StartYear + 1);

    public SchoolYear Previous => new(StartYear - 1);

    /// <summary>The school year a date falls in: September onwards belongs to the year starting that September.</summary>
    public static SchoolYear Containing(DateOnly date) => new(date.Month >= 9 ? date.Year : date.Year - 1);

    public static bool TryParse(string? text, [NotNullWhen(true)] out SchoolYear? year)
    {
        year = null;
        if (text is null)
        {
            return false;
        }

        var parts = text.Trim().Split('/', '-');
        if (parts.Length != 2 || parts[0].Length != 4 || parts[1].Length != 2 ||
            !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var start) ||
            !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var end) ||
            (start + 1) % 100 != end)
        {
            return false;
        }

        year = new SchoolYear(start);
        return true;
    }

    public static SchoolYear Parse(string text) =>
        TryParse(text, out var year)
            ? year.Value
            : throw new FormatException($"'{text}' is not a school year: write it as 2025/26 (the year it starts, a slash, the last two digits of the next).");

    public int CompareTo(SchoolYear other) => StartYear.CompareTo(other.StartYear);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{StartYear}/{(StartYear + 1) % 100:D2}");
}
