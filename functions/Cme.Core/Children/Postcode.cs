using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Cme.Core.Children;

/// <summary>
/// A UK postcode in its normal form: upper case, one space before the three-character inward
/// code (<c>rm70qx</c> becomes <c>RM7 0QX</c>). Cannot hold a malformed value.
/// </summary>
public sealed partial record Postcode
{
    private Postcode(string outward, string inward)
    {
        Outward = outward;
        Inward = inward;
    }

    /// <summary>The outward code, e.g. <c>RM7</c>; its letters-and-digit prefix is the postcode district.</summary>
    public string Outward { get; }

    /// <summary>The inward code, e.g. <c>0QX</c>.</summary>
    public string Inward { get; }

    /// <summary>The postcode district (the outward code), which the authority's routing maps to an area.</summary>
    public string District => Outward;

    /// <summary>The postcode area: the leading letters of the outward code, e.g. <c>RM</c>.</summary>
    public string Area => new(Outward.TakeWhile(char.IsLetter).ToArray());

    /// <summary>Parses any spacing and case; returns false for anything that is not a UK postcode.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Postcode? postcode)
    {
        postcode = null;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 16)
        {
            return false;
        }

        var compact = new string(text.Where(c => !char.IsWhiteSpace(c)).ToArray()).ToUpperInvariant();
        var match = Shape().Match(compact);
        if (!match.Success)
        {
            return false;
        }

        postcode = new Postcode(match.Groups["out"].Value, match.Groups["in"].Value);
        return true;
    }

    /// <summary>Parses a postcode or throws <see cref="FormatException"/> naming the rejected text's shape.</summary>
    public static Postcode Parse(string text) =>
        TryParse(text, out var postcode)
            ? postcode
            : throw new FormatException("That is not a UK postcode (expected e.g. 'RM7 0QX').");

    public override string ToString() => $"{Outward} {Inward}";

    // Outward: A9, A99, AA9, AA99, A9A, AA9A. Inward: 9AA (the letters C I K M O V never appear there).
    [GeneratedRegex(@"^(?<out>[A-Z]{1,2}[0-9][0-9A-Z]?)(?<in>[0-9][ABD-HJLNP-UW-Z]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
