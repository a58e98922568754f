using System.Security.Cryptography;
using System.Text;

namespace Cme.Infrastructure.Intake;

/// <summary>
/// The key that identifies one email however often it is delivered: its Message-ID when it has
/// one (a re-poll, a move between folders and a second copy all share it), otherwise a hash of
/// its bytes. Hashed either way, so it carries nothing readable.
/// </summary>
public static class EmailKeys
{
    public static string For(string? messageId, ReadOnlySpan<byte> mime)
    {
        var normalised = messageId?.Trim().Trim('<', '>').Trim();
        var hash = string.IsNullOrEmpty(normalised)
            ? SHA256.HashData(mime)
            : SHA256.HashData(Encoding.UTF8.GetBytes("message-id:" + normalised.ToLowerInvariant()));
        return Convert.ToHexStringLower(hash)[..40];
    }
}
