using System.Globalization;
using System.Text;

namespace Cme.Parsing;

/// <summary>
/// The text of a Rich Text document (an .rtf attachment, or the body Outlook packs into winmail.dat
/// when it sends "Rich Text"): paragraphs as lines, table cells separated by tabs, escapes and
/// Unicode characters decoded; fonts, colours, styles, pictures and other destinations left out.
/// One pass with a stack of group states, bounded in depth and length, since the document is the
/// sender's.
/// </summary>
internal static class RtfText
{
    private const int MaxGroupDepth = 256;

    /// <summary>Groups whose content is not the document's text.</summary>
    private static readonly HashSet<string> Destinations = new(StringComparer.Ordinal)
    {
        "fonttbl", "colortbl", "stylesheet", "info", "pict", "header", "headerl", "headerr", "headerf", "footer", "footerl",
        "footerr", "footerf", "object", "themedata", "datastore", "listtable", "listoverridetable", "rsidtbl", "generator",
        "xmlnstbl", "latentstyles", "filetbl", "revtbl", "pgdsctbl", "fldinst", "bkmkstart", "bkmkend", "nonshppict", "shpinst",
    };

    public static bool LooksLikeRtf(string text) => text.TrimStart().StartsWith(@"{\rtf", StringComparison.Ordinal);

    public static string ToText(string rtf, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(rtf);
        var text = new StringBuilder();
        var outer = new Stack<(bool Skipping, int UnicodeSkip)>();
        var (skipping, unicodeSkip, toSkip) = (false, 1, 0);
        for (var i = 0; i < rtf.Length && text.Length < maxLength; i++)
        {
            var c = rtf[i];
            switch (c)
            {
                case '{':
                    if (outer.Count >= MaxGroupDepth)
                    {
                        return text.ToString();
                    }

                    outer.Push((skipping, unicodeSkip));
                    continue;
                case '}':
                    (skipping, unicodeSkip) = outer.Count > 0 ? outer.Pop() : (false, 1);
                    continue;
                case '\r' or '\n':
                    continue;
                case '\\':
                    i = ControlAt(rtf, i, text, ref skipping, ref unicodeSkip, ref toSkip);
                    continue;
            }

            if (toSkip > 0)
            {
                toSkip--;
            }
            else if (!skipping)
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    /// <summary>Reads the control word or symbol at <paramref name="at"/>; returns the index of its last character.</summary>
    private static int ControlAt(string rtf, int at, StringBuilder text, ref bool skipping, ref int unicodeSkip, ref int toSkip)
    {
        if (at + 1 >= rtf.Length)
        {
            return at;
        }

        var next = rtf[at + 1];
        if (next is '\\' or '{' or '}')
        {
            Emit(text, next, skipping, ref toSkip);
            return at + 1;
        }

        if (next == '*')
        {
            // {\* …}: a destination a reader that does not know it must skip.
            skipping = true;
            return at + 1;
        }

        if (next == '\'' && at + 3 < rtf.Length && byte.TryParse(rtf.AsSpan(at + 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
        {
            Emit(text, CharsetDecoding.Windows1252.GetString([code])[0], skipping, ref toSkip);
            return at + 3;
        }

        if (next == '~')
        {
            Emit(text, ' ', skipping, ref toSkip);
            return at + 1;
        }

        if (!char.IsAsciiLetter(next))
        {
            return at + 1;
        }

        var end = at + 1;
        while (end < rtf.Length && char.IsAsciiLetter(rtf[end]) && end - at < 32)
        {
            end++;
        }

        var word = rtf[(at + 1)..end];
        var numberStart = end;
        if (end < rtf.Length && rtf[end] == '-')
        {
            end++;
        }

        while (end < rtf.Length && char.IsAsciiDigit(rtf[end]) && end - numberStart < 10)
        {
            end++;
        }

        int? parameter = end > numberStart && int.TryParse(rtf.AsSpan(numberStart, end - numberStart), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;
        if (end < rtf.Length && rtf[end] == ' ')
        {
            end++;
        }

        switch (word)
        {
            case "par" or "line" or "row" or "sect" or "page":
                if (!skipping)
                {
                    text.Append('\n');
                }

                break;
            case "tab" or "cell":
                if (!skipping)
                {
                    text.Append('\t');
                }

                break;
            case "u" when parameter is { } unicode:
                if (!skipping)
                {
                    text.Append((char)(unicode < 0 ? unicode + 65536 : unicode));
                }

                toSkip = unicodeSkip;
                break;
            case "uc" when parameter is { } count:
                unicodeSkip = Math.Clamp(count, 0, 4);
                break;
            default:
                if (Destinations.Contains(word))
                {
                    skipping = true;
                }

                break;
        }

        return end - 1;
    }

    private static void Emit(StringBuilder text, char c, bool skipping, ref int toSkip)
    {
        if (toSkip > 0)
        {
            toSkip--;
        }
        else if (!skipping)
        {
            text.Append(c);
        }
    }
}
