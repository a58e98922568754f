using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Cme.Core.Children;

/// <summary>
/// A national curriculum year group of compulsory school age as the DfE's CME return counts it:
/// Reception (0) or Year 1 to Year 11. Anything else (nursery, sixth form) is not a year group the
/// return has, and a case without one is counted as Unknown.
/// </summary>
public readonly partial record struct YearGroup
{
    private YearGroup(int number) => Number = number;

    /// <summary>0 for Reception, otherwise 1 to 11.</summary>
    public int Number { get; }

    public static YearGroup Reception { get; } = new(0);

    /// <summary>Every year group in the return's order: Reception, Year 1 … Year 11.</summary>
    public static IReadOnlyList<YearGroup> All { get; } = Enumerable.Range(0, 12).Select(n => new YearGroup(n)).ToArray();

    /// <summary>What an officer types after <c>#year</c>.</summary>
    public const string Accepted = "R (Reception) or a year from 1 to 11";

    public static YearGroup Year(int number) =>
        number is >= 1 and <= 11
            ? new YearGroup(number)
            : throw new ArgumentOutOfRangeException(nameof(number), number, $"Year {number} is not a year group of compulsory school age: use Reception or Year 1 to Year 11.");

    /// <summary>
    /// Reads a year group as forms and officers write it: R, Rec, Reception, YR; 7, Y7, Yr 7,
    /// Year 7, NC Year 7, Year 7 (age 11-12). Years outside Reception to Year 11 are not read.
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out YearGroup? yearGroup)
    {
        yearGroup = null;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 60)
        {
            return false;
        }

        var value = text.Trim();
        if (ReceptionShape().IsMatch(value))
        {
            yearGroup = Reception;
            return true;
        }

        var match = NumberShape().Match(value);
        if (match.Success && int.TryParse(match.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= 11)
        {
            yearGroup = new YearGroup(number);
            return true;
        }

        return false;
    }

    /// <summary>The short form forms use and <c>cme parse</c> prints: <c>R</c> or the number.</summary>
    public string Code => Number == 0 ? "R" : Number.ToString(CultureInfo.InvariantCulture);

    /// <summary>The DfE's label: Reception, Year 1 … Year 11.</summary>
    public override string ToString() => Number == 0 ? "Reception" : string.Create(CultureInfo.InvariantCulture, $"Year {Number}");

    [GeneratedRegex(@"^(?:R|Rec|Reception|YR|Year R)\b", RegexOptions.IgnoreCase, 100)]
    private static partial Regex ReceptionShape();

    [GeneratedRegex(@"^(?:(?:NC|National Curriculum)\s*)?(?:Year|Yr|Y)?\s*(?<n>\d{1,2})\b", RegexOptions.IgnoreCase, 100)]
    private static partial Regex NumberShape();
}
