using System.Text;
using MimeKit;

namespace Cme.Parsing.Tests.Readers;

/// <summary>
/// Text is decoded as mail clients decode it (WHATWG Encoding Standard): a part labelled
/// iso-8859-1, latin1 or us-ascii is windows-1252, so 0x92 is ’ and not a control character; text
/// typed on a Mac (decomposed, NFD) is the same text as anywhere else (composed, NFC).
/// </summary>
public sealed class CharsetDecodingTests
{
    private static string Decoded(TestEmail email) => CharsetDecoding.Text(Assert.IsType<TextPart>(email.Read().Message.Body));

    private static TestEmail Latin(string charset, string body) =>
        new("CME referral", body) { ContentType = $"text/plain; charset={charset}", BodyEncoding = Encoding.Latin1 };

    [Theory]
    [InlineData("iso-8859-1")] // what most Windows mail software declares
    [InlineData("ISO-8859-1")] // labels are case-insensitive
    [InlineData("\"iso-8859-1\"")] // and may be quoted
    [InlineData("latin1")] // a common alias of the same label
    [InlineData("us-ascii")] // declared by software that then writes 8-bit text anyway
    [InlineData("windows-1252")] // what it really is
    public void A_part_labelled_iso_8859_1_with_0x92_reads_as_a_curly_apostrophe(string charset)
    {
        Assert.Equal("Surname: O’Neill", Decoded(Latin(charset, "Surname: O\u0092Neill")).TrimEnd());
    }

    [Fact]
    public void Windows_1252s_quotes_and_dashes_are_read_as_such()
    {
        Assert.Equal("“Not known” – see notes", Decoded(Latin("iso-8859-1", "\u0093Not known\u0094 \u0096 see notes")).TrimEnd());
    }

    [Fact]
    public void A_quoted_printable_iso_8859_1_part_decodes_0x92_too()
    {
        var email = new TestEmail("CME referral", "Surname: O=92Neill")
        {
            ContentType = "text/plain; charset=iso-8859-1",
            TransferEncoding = "quoted-printable",
        };

        Assert.Equal("Surname: O’Neill", Decoded(email).TrimEnd());
    }

    [Fact]
    public void A_surname_with_0x92_in_an_iso_8859_1_part_is_the_childs_surname()
    {
        var parsed = Latin("iso-8859-1", "Surname: O\u0092NEILL\nFirst name: Aoife\nDate of birth: 04/02/2016\nShe has not attended since 1 May.").Parse();

        Assert.Equal("O'Neill", parsed.Child.LastName);
    }

    [Theory]
    [InlineData("Chloe\u0308", "Chlo\u00eb")] // e and a combining diaeresis: ë
    [InlineData("Nguye\u0302\u0303n", "Nguy\u1ec5n")] // two combining marks: ễ
    [InlineData("Zoe\u0301", "Zo\u00e9")] // é
    public void Text_in_NFD_is_normalised_to_NFC(string decomposed, string composed)
    {
        Assert.Equal(composed, CharsetDecoding.Normalise(decomposed));
    }

    [Fact]
    public void A_name_typed_on_a_Mac_is_the_same_name_as_one_typed_anywhere_else()
    {
        var parsed = new TestEmail("CME referral", "First name: Chloe\u0308\nSurname: Nguye\u0302\u0303n\nDate of birth: 04/02/2016\nShe has not attended since 1 May.").Parse();

        Assert.Equal("Chlo\u00eb", parsed.Child.FirstName);
        Assert.Equal("Nguy\u1ec5n", parsed.Child.LastName);
    }

    [Fact]
    public void A_subject_in_NFD_is_normalised_to_NFC()
    {
        Assert.Equal("Referral: Chlo\u00eb Nguy\u1ec5n", new TestEmail("=?utf-8?Q?Referral=3A_Chloe=CC=88_Nguye=CC=82=CC=83n?=", "-").Read().Subject);
    }

    [Fact]
    public void A_UTF_8_part_is_read_as_it_is()
    {
        Assert.Equal("Surname: O’Neill", Decoded(new TestEmail("CME referral", "Surname: O’Neill")).TrimEnd());
    }

    [Theory]
    [InlineData("<p>O&#8217;Neill</p>", "O'Neill")] // a numeric entity, then the reading's apostrophe
    [InlineData("<p>O&#146;Neill</p>", "O'Neill")] // the HTML standard reads &#146; as windows-1252's ’
    [InlineData("<p>Tom &amp;amp; Jerry</p>", "Tom &amp; Jerry")] // entities are decoded once, never twice
    [InlineData("<p>Chloe&#776;</p>", "Chloë")] // an entity for a combining mark still gives NFC
    public void Entities_in_HTML_are_decoded_once(string html, string text)
    {
        var body = new TestEmail("CME referral", html) { ContentType = "text/html; charset=utf-8" }.Read().Body;

        Assert.Equal(text, body.Trim());
    }

    [Fact]
    public void A_part_labelled_iso_8859_15_is_read_as_iso_8859_15_not_windows_1252()
    {
        // The WHATWG Encoding Standard maps only Latin-1's and ASCII's labels to windows-1252; in Latin-9 0xA6 is Š and 0xA4 is €.
        Assert.Equal("First name: Šárka, fee €5", Decoded(Latin("iso-8859-15", "First name: \u00a6\u00e1rka, fee \u00a45")).TrimEnd());
    }

    [Fact]
    public void Text_that_is_not_valid_Unicode_is_kept_as_it_is()
    {
        var loneSurrogate = "Chloe\u0308\ud800";

        Assert.Equal(loneSurrogate, CharsetDecoding.Normalise(loneSurrogate));
    }
}
