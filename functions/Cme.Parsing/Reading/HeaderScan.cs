using System.Text;

namespace Cme.Parsing;

/// <summary>
/// Measures header fields in raw MIME before the MIME library reads it: that library's cost grows
/// with the square of one field's length (a 4 MB folded subject took a minute and allocated 116 GB),
/// so a field past the limit must never reach it.
/// </summary>
internal static class HeaderScan
{
    /// <summary>
    /// The longest header field, in bytes, continuation lines included, in the message's header block
    /// or any part's: a part's headers follow a line beginning <c>--</c> (a boundary), and an attached
    /// message's follow its part's headers. Rough on purpose: a body line that merely looks like a
    /// boundary makes what follows count as headers, which can only make the answer larger.
    /// </summary>
    public static int LongestField(ReadOnlySpan<byte> mime)
    {
        var longest = 0;
        var field = 0;
        var inHeaders = true;
        var attachedMessageFollows = false;
        var fieldStart = 0;
        for (var position = 0; position < mime.Length;)
        {
            var newline = mime[position..].IndexOf((byte)'\n');
            var end = newline < 0 ? mime.Length : position + newline;
            var line = mime[position..end].TrimEnd((byte)'\r');
            if (inHeaders)
            {
                if (line.Length > 0 && line[0] is (byte)' ' or (byte)'\t')
                {
                    field += line.Length;
                }
                else
                {
                    attachedMessageFollows |= IsAttachedMessageType(mime[fieldStart..position]);
                    (field, fieldStart) = (line.Length, position);
                    if (line.Length == 0)
                    {
                        inHeaders = attachedMessageFollows;
                        attachedMessageFollows = false;
                    }
                }

                longest = Math.Max(longest, field);
            }
            else if (line.StartsWith("--"u8))
            {
                (inHeaders, field, fieldStart) = (true, 0, end + 1);
            }

            position = end + 1;
        }

        return longest;
    }

    private static bool IsAttachedMessageType(ReadOnlySpan<byte> field)
    {
        if (field.Length is 0 or > 200)
        {
            return false;
        }

        Span<byte> lower = stackalloc byte[field.Length];
        Ascii.ToLower(field, lower, out var written);
        lower = lower[..written];
        return lower.StartsWith("content-type:"u8) && (lower.IndexOf("message/rfc822"u8) >= 0 || lower.IndexOf("message/global"u8) >= 0);
    }
}
