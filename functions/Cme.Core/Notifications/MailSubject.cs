namespace Cme.Core.Notifications;

/// <summary>
/// A subject line built from data. Line breaks and other control characters are replaced and the
/// length bounded, so no value from an email can inject a header into mail the product sends.
/// </summary>
public sealed record MailSubject
{
    public const int MaxLength = 200;

    private MailSubject(string value) => Value = value;

    public string Value { get; }

    public static MailSubject From(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var cleaned = new string(text.Select(c => char.IsControl(c) || c is '\u2028' or '\u2029' ? ' ' : c).ToArray());
        cleaned = string.Join(' ', cleaned.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        if (cleaned.Length > MaxLength)
        {
            cleaned = cleaned[..(MaxLength - 1)] + "…";
        }

        return new MailSubject(cleaned);
    }

    public override string ToString() => Value;
}
