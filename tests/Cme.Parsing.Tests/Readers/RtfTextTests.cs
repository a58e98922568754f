namespace Cme.Parsing.Tests.Readers;

/// <summary>
/// Rich Text (an .rtf attachment, the body of Outlook's winmail.dat) read as text: paragraphs as
/// lines, cells as tabs, escapes decoded, and what is not the document's text left out.
/// </summary>
public sealed class RtfTextTests
{
    private static string Text(string rtf) => RtfText.ToText(rtf, 100_000);

    [Fact]
    public void Paragraphs_become_lines_and_the_font_and_colour_tables_are_left_out()
    {
        var text = Text(@"{\rtf1\ansi\deff0{\fonttbl{\f0\fswiss Arial;}}{\colortbl;\red0\green0\blue0;}\f0\fs22 Child's name: Maya Okonjo\par Date of birth: 01/02/2015\par}");

        Assert.Equal("Child's name: Maya Okonjo\nDate of birth: 01/02/2015\n", text);
    }

    [Fact]
    public void Escaped_characters_and_unicode_are_decoded_and_the_unicode_fallback_is_not_repeated()
    {
        var text = Text(@"{\rtf1\ansi Zo\'eb Ren\'e9e O\u8217?Brien\par}");

        Assert.Equal("Zoë Renée O’Brien\n", text);
    }

    [Fact]
    public void Table_cells_are_separated_by_tabs_and_rows_end_lines()
    {
        var text = Text(@"{\rtf1\ansi\trowd\cellx2000\cellx5000 Surname\cell Okonjo\cell\row\trowd\cellx2000\cellx5000 Forename\cell Maya\cell\row}");

        Assert.Contains("Surname\tOkonjo\t\n", text, StringComparison.Ordinal);
        Assert.Contains("Forename\tMaya\t\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Ignorable_destinations_pictures_and_escaped_braces_are_handled()
    {
        var text = Text(@"{\rtf1\ansi{\*\generator Riched20;}{\pict\pngblip 89504e47}Note \{kept\} and a back\\slash\par}");

        Assert.Equal("Note {kept} and a back\\slash\n", text);
    }

    [Fact]
    public void A_document_nested_beyond_the_bound_stops_there_without_overflowing()
    {
        var rtf = @"{\rtf1 start " + new string('{', 100_000) + "deep" + new string('}', 100_000) + "}";

        Assert.StartsWith("start", Text(rtf), StringComparison.Ordinal);
    }
}
