namespace Cme.Core.Children;

/// <summary>
/// A child's sex as the DfE's CME return counts it: <c>Female</c>, <c>Male</c> or <c>Unknown</c>.
/// A case that has none recorded is counted as Unknown, and shown as missing in the digest.
/// </summary>
public enum Sex
{
    Female,
    Male,
    Unknown,
}

public static class Sexes
{
    /// <summary>What an officer types after <c>#sex</c>.</summary>
    public const string Accepted = "f (female), m (male) or u (unknown)";

    /// <summary>
    /// Reads a sex as written on a form or typed by an officer: F, Female, Girl; M, Male, Boy;
    /// U, Unknown, Not known. Anything else (including "Other" and "Prefer not to say") is not read.
    /// </summary>
    public static bool TryParse(string? text, out Sex sex)
    {
        var value = (text ?? string.Empty).Trim().TrimEnd('.').ToLowerInvariant();
        (var known, sex) = value switch
        {
            "f" or "female" or "girl" or "fem" => (true, Sex.Female),
            "m" or "male" or "boy" => (true, Sex.Male),
            "u" or "unknown" or "not known" or "sex unknown" => (true, Sex.Unknown),
            _ => (false, Sex.Unknown),
        };
        return known;
    }

    /// <summary>The DfE's label: Female, Male, Unknown.</summary>
    public static string Label(this Sex sex) => sex.ToString();
}
