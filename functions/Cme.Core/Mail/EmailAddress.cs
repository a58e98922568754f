using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Cme.Core.Mail;

/// <summary>
/// An email address (<c>local@domain</c>), trimmed and with its domain lower-cased. Cannot hold
/// a malformed value, a display name, or a line break (so it is safe in a header).
/// </summary>
public sealed partial record EmailAddress
{
    private EmailAddress(string value) => Value = value;

    public string Value { get; }

    public string Domain => Value[(Value.LastIndexOf('@') + 1)..];

    public static bool TryParse(string? text, [NotNullWhen(true)] out EmailAddress? address)
    {
        address = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim().Trim('<', '>').Trim();
        if (trimmed.Length > 254 || !Shape().IsMatch(trimmed))
        {
            return false;
        }

        var at = trimmed.LastIndexOf('@');
        address = new EmailAddress(trimmed[..at] + "@" + trimmed[(at + 1)..].ToLowerInvariant());
        return true;
    }

    public static EmailAddress Parse(string text) =>
        TryParse(text, out var address)
            ? address
            : throw new FormatException($"'{text}' is not an email address (expected e.g. cme-west@example.org).");

    /// <summary>Addresses compare case-insensitively, as mail systems treat them in practice.</summary>
    public bool Equals(EmailAddress? other) =>
        other is not null && string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

    public override string ToString() => Value;

    // Deliberately conservative: printable ASCII local part without spaces or quotes, a dotted domain with a letter TLD.
    [GeneratedRegex(@"^[A-Za-z0-9.!$%&'*+/=^_`{|}~-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
