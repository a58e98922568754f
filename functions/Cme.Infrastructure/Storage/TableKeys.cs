using System.Security.Cryptography;
using System.Text;

namespace Cme.Infrastructure.Storage;

/// <summary>
/// Makes arbitrary text safe as a Table storage key. Row keys in this product are unique across
/// their table, not only within their partition (a case row is <c>case|CME-2026-00001</c>, not
/// <c>case</c>): Azurite, the local and test runtime, indexes RowKey on its own, so a row key
/// every partition shares makes each point read scan them all. Azure itself does not care.
/// </summary>
public static class TableKeys
{
    /// <summary>
    /// Keys may not contain / \ # ? or control characters, and are at most 1 KiB; anything else
    /// passes through. Text that would not is replaced by its SHA-256, which is stable.
    /// </summary>
    public static string Escape(string text)
    {
        if (text.Length <= 200 && !text.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c)))
        {
            return text;
        }

        return Hash(text);
    }

    /// <summary>A stable, non-reversible key for text that must not be stored readable in a key (a child's identity).</summary>
    public static string Hash(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
