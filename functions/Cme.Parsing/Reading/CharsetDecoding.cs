using System.Text;
using MimeKit;

namespace Cme.Parsing;

/// <summary>
/// A text part decoded as mail clients decode it (WHATWG Encoding Standard): a part labelled
/// iso-8859-1, latin1 or us-ascii is read as windows-1252, because that is what the sending
/// software wrote (its curly quotes and dashes are 0x91–0x97, which Latin-1 maps to control
/// characters); and the result is in Unicode normal form C, so a name typed on a Mac ("Chloe" and a
/// combining diaeresis) is the same name as one typed anywhere else.
/// </summary>
internal static class CharsetDecoding
{
    private static readonly HashSet<string> Windows1252Labels = new(StringComparer.OrdinalIgnoreCase)
    {
        "iso-8859-1", "iso8859-1", "iso_8859-1", "iso-ir-100", "latin1", "latin-1", "l1", "cp819", "ibm819", "csisolatin1",
        "us-ascii", "ascii", "ansi_x3.4-1968", "windows-1252", "cp1252", "x-cp1252",
    };

    /// <summary>The code page most English mail and documents are written in (RTF's <c>\\'hh</c> escapes too).</summary>
    public static readonly Encoding Windows1252 = CodePages(1252);

    public static string Text(TextPart part)
    {
        var charset = part.ContentType.Charset?.Trim().Trim('"');
        var text = charset is not null && Windows1252Labels.Contains(charset)
            ? part.GetText(Windows1252)
            : part.Text ?? string.Empty;
        return Normalise(text);
    }

    /// <summary>NFC, unless the text is not valid Unicode to normalise (a lone surrogate): then as it is.</summary>
    public static string Normalise(string text)
    {
        try
        {
            return text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            return text;
        }
    }

    private static Encoding CodePages(int codePage)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(codePage);
    }
}
