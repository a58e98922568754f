using System.IO.Compression;
using System.Text;
using System.Xml;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using DocumentFormat.OpenXml.Packaging;
using MimeKit;
using Wordprocessing = DocumentFormat.OpenXml.Wordprocessing;

namespace Cme.Parsing;

/// <summary>
/// Turns a message into plain text: its body (plain text, or HTML with tables read as
/// <c>label: value</c> lines; no script ever runs), its .docx and .pdf attachments, and attached
/// messages. Problems are collected, not thrown: a part that cannot be read is named in them.
/// </summary>
internal sealed partial class TextExtraction(ParseLimits limits)
{
    private static readonly HtmlParser Html = new(new HtmlParserOptions { IsScripting = false });

    private readonly StringBuilder _body = new();
    private readonly StringBuilder _attachments = new();
    private int _parts;

    public List<string> Problems { get; } = [];

    public string Body => _body.ToString();

    public string Attachments => _attachments.ToString();

    public void Read(MimeEntity? entity, int depth = 0)
    {
        if (entity is null)
        {
            return;
        }

        if (++_parts > limits.MaxParts)
        {
            if (_parts == limits.MaxParts + 1)
            {
                Problems.Add($"more than {limits.MaxParts} MIME parts; the rest were not read");
            }

            return;
        }

        if (depth > limits.MaxDepth)
        {
            Problems.Add($"MIME nesting deeper than {limits.MaxDepth}; the inner parts were not read");
            return;
        }

        switch (entity)
        {
            case MultipartAlternative alternative:
                ReadAlternative(alternative, depth);
                break;
            case Multipart multipart:
                foreach (var child in multipart)
                {
                    Read(child, depth + 1);
                }

                break;
            case MessagePart attached when attached.Message is not null:
                Append(_attachments, HeaderBlock(attached.Message));
                Read(attached.Message.Body, depth + 1);
                break;
            case TextPart text when IsRtf(text):
                Append(text.IsAttachment ? _attachments : _body, RtfText.ToText(Decode(text), MaxRtfCharacters));
                break;
            case MimeKit.Tnef.TnefPart tnef:
                ReadOutlookRichText(tnef, depth);
                break;
            case TextPart text when !text.IsAttachment || IsTextFile(text):
                Append(text.IsAttachment ? _attachments : _body, text.IsHtml ? HtmlText(Decode(text)) : Decode(text));
                break;
            case MimePart part when IsDocx(part):
                Append(_attachments, DocxToText(part));
                break;
            case MimePart part when IsPdf(part):
                Append(_attachments, PdfToText(part));
                break;
            case MimePart part when IsXlsx(part):
                Append(_attachments, XlsxToText(part));
                break;
            case MimePart part when IsCsv(part):
                Append(_attachments, CsvToText(part));
                break;
            case MimePart part when IsRtf(part):
                Append(_attachments, RtfToText(part));
                break;
            case MimePart part when part.IsAttachment && UnreadableDocument(part) is { } kind:
                // Read by nobody unless a person opens it: said, so an email whose own words name no child goes to them.
                Problems.Add($"a {kind} attachment cannot be read here; a person must open it");
                break;
        }
    }

    private const int MaxRtfCharacters = 1_000_000;

    private static bool IsRtf(MimePart part) =>
        part.ContentType.IsMimeType("text", "rtf") || part.ContentType.IsMimeType("application", "rtf") || part.ContentType.IsMimeType("application", "x-rtf") ||
        (part.FileName ?? string.Empty).EndsWith(".rtf", StringComparison.OrdinalIgnoreCase);

    private string RtfToText(MimePart part)
    {
        var bytes = Content(part);
        if (bytes is null)
        {
            return string.Empty;
        }

        var rtf = Encoding.Latin1.GetString(bytes, 0, Math.Min(bytes.Length, MaxRtfCharacters * 4));
        if (!RtfText.LooksLikeRtf(rtf))
        {
            Problems.Add("a .rtf attachment is not Rich Text and was not read");
            return string.Empty;
        }

        return CharsetDecoding.Normalise(RtfText.ToText(rtf, MaxRtfCharacters));
    }

    /// <summary>
    /// Outlook's "Rich Text" mail (winmail.dat, application/ms-tnef): the body and attachments it
    /// packs, read like any other message's.
    /// </summary>
    private void ReadOutlookRichText(MimeKit.Tnef.TnefPart tnef, int depth)
    {
        try
        {
            // MimeKit's TNEF reader needs the Windows code pages before its first use, or its type fails to initialise for good.
            _ = CharsetDecoding.Windows1252;
            Read(tnef.ConvertToMessage().Body, depth + 1);
        }
        catch (Exception exception) when (exception is MimeKit.Tnef.TnefException or IOException or ArgumentException or InvalidOperationException or FormatException)
        {
            Problems.Add($"an Outlook rich-text part (winmail.dat) could not be read ({exception.GetType().Name})");
        }
    }

    /// <summary>Documents a referral can come in that are not read here (old Word and Excel, OpenDocument, Outlook items, scans); null for anything else.</summary>
    private static string? UnreadableDocument(MimePart part)
    {
        var extension = Path.GetExtension(part.FileName ?? string.Empty).ToLowerInvariant();
        return extension switch
        {
            ".doc" or ".dot" or ".xls" or ".odt" or ".ods" or ".msg" or ".pages" or ".wpd" or ".tif" or ".tiff" => extension,
            _ when part.ContentType.IsMimeType("application", "msword") => ".doc",
            _ when part.ContentType.IsMimeType("application", "vnd.ms-excel") && extension != ".csv" => ".xls",
            _ when part.ContentType.IsMimeType("application", "vnd.oasis.opendocument.text") => ".odt",
            _ when part.ContentType.IsMimeType("application", "vnd.ms-outlook") => ".msg",
            _ => null,
        };
    }

    /// <summary>The plain alternative unless the HTML one carries a table the plain one flattened.</summary>
    private void ReadAlternative(MultipartAlternative alternative, int depth)
    {
        var plain = alternative.OfType<TextPart>().FirstOrDefault(p => p.IsPlain);
        var html = alternative.OfType<TextPart>().FirstOrDefault(p => p.IsHtml);
        var other = alternative.Where(p => p is not TextPart).ToList();
        if (other.Count > 0)
        {
            Read(other[^1], depth + 1);
            return;
        }

        // Decoded once: each read of TextPart.Text decodes the whole part again.
        var markup = html is null ? null : Decode(html);
        if (markup is not null && (plain is null || markup.Contains("<td", StringComparison.OrdinalIgnoreCase) || markup.Contains("<dl", StringComparison.OrdinalIgnoreCase)))
        {
            Append(_body, HtmlText(markup));
        }
        else if (plain is not null)
        {
            Append(_body, Decode(plain));
        }
    }

    private string Decode(TextPart text)
    {
        try
        {
            var decoded = CharsetDecoding.Text(text);
            return decoded.Length > limits.MaxTextChars ? decoded[..limits.MaxTextChars] : decoded;
        }
        catch (Exception exception) when (exception is ArgumentException or NotSupportedException or FormatException or DecoderFallbackException)
        {
            Problems.Add($"a text part's character set could not be decoded ({exception.GetType().Name})");
            return string.Empty;
        }
    }

    private void Append(StringBuilder target, string text)
    {
        var room = limits.MaxTextChars - _body.Length - _attachments.Length;
        if (room <= 0)
        {
            if (text.Length > 0 && !Problems.Contains("text longer than the limit was cut"))
            {
                Problems.Add("text longer than the limit was cut");
            }

            return;
        }

        target.Append(text.Length > room ? text[..room] : text).Append('\n');
    }

    /// <summary>
    /// The HTML as text, unless its tags nest deeper than the limit: past about 500 levels the HTML
    /// parser's cost grows with the square of the tags (20,000 nested lists, 180 KB, took 20 s).
    /// </summary>
    private string HtmlText(string html)
    {
        if (HtmlNestingDepth(html) > limits.MaxHtmlDepth)
        {
            Problems.Add($"an HTML part nests deeper than {limits.MaxHtmlDepth} levels and was not read");
            return string.Empty;
        }

        return HtmlToText(html);
    }

    /// <summary>
    /// How deep the tags nest, counted from the source without parsing it: every start tag opens a
    /// level and every end tag closes one, except elements that have no end tag or that HTML closes
    /// by itself (a list of unclosed <c>&lt;li&gt;</c> or <c>&lt;p&gt;</c> is not deep).
    /// </summary>
    internal static int HtmlNestingDepth(string html)
    {
        var depth = 0;
        var deepest = 0;
        for (var at = html.IndexOf('<', StringComparison.Ordinal); at >= 0 && at + 1 < html.Length; at = html.IndexOf('<', at + 1))
        {
            var closing = html[at + 1] == '/';
            var start = closing ? at + 2 : at + 1;
            if (start >= html.Length || !char.IsAsciiLetter(html[start]))
            {
                continue;
            }

            var end = start;
            while (end < html.Length && char.IsAsciiLetterOrDigit(html[end]))
            {
                end++;
            }

            if (NotNesting.Contains(html.AsSpan(start, end - start)))
            {
                continue;
            }

            depth = closing ? Math.Max(0, depth - 1) : depth + 1;
            deepest = Math.Max(deepest, depth);
        }

        return deepest;
    }

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> NotNesting = new HashSet<string>(
        ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
         "p", "li", "dt", "dd", "td", "th", "tr", "tbody", "thead", "tfoot", "colgroup", "option", "optgroup", "rt", "rp"],
        StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();

    internal static string HtmlToText(string html)
    {
        var document = Html.ParseDocument(html);
        foreach (var element in document.QuerySelectorAll("script, style, head, noscript, template, iframe, object").ToList())
        {
            element.Remove();
        }

        var text = new StringBuilder();
        Walk(document.Body ?? (INode)document, text);
        return Tidy(text.ToString());
    }

    private static void Walk(INode node, StringBuilder text)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText textNode:
                    text.Append(textNode.Data.Replace('\u00a0', ' '));
                    break;
                case IElement { LocalName: "table" } table:
                    text.Append('\n');
                    WalkTable(table, text);
                    text.Append('\n');
                    break;
                case IElement { LocalName: "tr" } row:
                    // A row outside any table (broken markup): read as one row.
                    text.Append('\n').Append(FormTable.RowToText(Cells(row).Select(c => c.Text).ToList())).Append('\n');
                    break;
                case IElement { LocalName: "dl" } list:
                    WalkDefinitionList(list, text);
                    break;
                case IElement { LocalName: "br" }:
                    text.Append('\n');
                    break;
                case IElement element:
                    var block = element.LocalName is "p" or "div" or "li" or "h1" or "h2" or "h3" or "h4" or "h5" or "h6" or "ul" or "ol" or "blockquote" or "hr" or "section" or "article" or "header" or "footer" or "dt" or "dd" or "fieldset" or "legend" or "caption";
                    if (block)
                    {
                        text.Append('\n');
                    }

                    Walk(element, text);
                    if (block)
                    {
                        text.Append('\n');
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// A table read row by row. A layout table (a cell holding another table) is walked cell by cell;
    /// a form table goes through <see cref="FormTable"/>, which pairs labels with values however the
    /// table lays them out (side by side, a label row above a value row, a Yes/No grid).
    /// </summary>
    private static void WalkTable(IElement table, StringBuilder text)
    {
        var rows = new List<FormTable.Row>();
        foreach (var row in OwnRows(table))
        {
            var cells = row.Children.Where(c => c.LocalName is "td" or "th").ToList();
            if (cells.Any(c => c.QuerySelector("table") is not null))
            {
                text.Append(FormTable.ToText(rows)).Append('\n');
                rows.Clear();
                foreach (var cell in cells)
                {
                    text.Append('\n');
                    Walk(cell, text);
                    text.Append('\n');
                }

                continue;
            }

            rows.Add(new FormTable.Row(Cells(row)));
        }

        text.Append(FormTable.ToText(rows)).Append('\n');
    }

    /// <summary>The rows that belong to this table, not to tables nested in its cells.</summary>
    private static IEnumerable<IElement> OwnRows(IElement table)
    {
        foreach (var child in table.Children)
        {
            if (child.LocalName == "tr")
            {
                yield return child;
            }
            else if (child.LocalName is "tbody" or "thead" or "tfoot")
            {
                foreach (var row in child.Children.Where(r => r.LocalName == "tr"))
                {
                    yield return row;
                }
            }
        }
    }

    private static List<FormTable.Cell> Cells(IElement row) =>
        row.Children.Where(c => c.LocalName is "td" or "th")
            .Select(c => new FormTable.Cell(CellText(c), c.LocalName == "th" || IsBoldOnly(c)))
            .ToList();

    /// <summary>A cell's text on one line; a cell whose first line is a label reads as <c>label: value</c>.</summary>
    private static string CellText(IElement cell)
    {
        var builder = new StringBuilder();
        Walk(cell, builder);
        var lines = Tidy(builder.ToString()).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length >= 2 && FormTable.IsLabel(lines[0]))
        {
            return lines[0].TrimEnd(':') + ": " + string.Join(' ', lines.Skip(1));
        }

        return string.Join(' ', lines).Trim();
    }

    private static bool IsBoldOnly(IElement cell) =>
        cell.TextContent.Trim().Length > 0 &&
        cell.QuerySelectorAll("b, strong").Sum(b => b.TextContent.Trim().Length) >= cell.TextContent.Trim().Length;

    /// <summary><c>&lt;dt&gt;Label&lt;/dt&gt;&lt;dd&gt;value&lt;/dd&gt;</c> as <c>Label: value</c>.</summary>
    private static void WalkDefinitionList(IElement list, StringBuilder text)
    {
        text.Append('\n');
        string? term = null;
        foreach (var item in list.QuerySelectorAll("dt, dd"))
        {
            var value = Tidy(item.TextContent.Replace('\u00a0', ' ')).Replace('\n', ' ').Trim();
            if (item.LocalName == "dt")
            {
                if (term is not null)
                {
                    text.Append(term).Append('\n');
                }

                term = value;
            }
            else
            {
                text.Append(term is null ? value : $"{term.TrimEnd(':')}: {value}").Append('\n');
                term = null;
            }
        }

        if (term is not null)
        {
            text.Append(term).Append('\n');
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"[ \t]{3,}|\t", System.Text.RegularExpressions.RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial System.Text.RegularExpressions.Regex ColumnGap();

    internal static string Tidy(string text)
    {
        // A run of three or more spaces (&nbsp;&nbsp;&nbsp; between a label and its answer) is a column gap: kept as a tab.
        var lines = text.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n')
            .Select(l => string.Join('\t', ColumnGap().Split(l.Trim(' ', '\t')).Select(c => string.Join(' ', c.Split(' ', '\t').Where(w => w.Length > 0)))));
        var result = new StringBuilder();
        var blank = 0;
        foreach (var line in lines)
        {
            if (line.Length == 0)
            {
                if (++blank <= 1)
                {
                    result.Append('\n');
                }

                continue;
            }

            blank = 0;
            result.Append(line).Append('\n');
        }

        return result.ToString().Trim('\n');
    }

    private static bool IsTextFile(TextPart part) =>
        (part.FileName ?? string.Empty).EndsWith(".txt", StringComparison.OrdinalIgnoreCase) || part.IsHtml || IsCsv(part);

    private static bool IsCsv(MimePart part) =>
        (part.FileName ?? string.Empty).EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ||
        part.ContentType.MimeType.Equals("text/csv", StringComparison.OrdinalIgnoreCase);

    private static bool IsXlsx(MimePart part) =>
        (part.FileName ?? string.Empty).EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) ||
        part.ContentType.MimeType.Equals("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", StringComparison.OrdinalIgnoreCase);

    /// <summary>A .csv sent as application/octet-stream or vnd.ms-excel: its bytes as text.</summary>
    private string CsvToText(MimePart part)
    {
        var bytes = Content(part);
        if (bytes is null)
        {
            return string.Empty;
        }

        if (bytes.Length > limits.MaxDocxUncompressedBytes)
        {
            Problems.Add("a .csv attachment is larger than the size limit and was not read");
            return string.Empty;
        }

        return CharsetDecoding.Normalise(System.Text.Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF'));
    }

    /// <summary>The attachment's bytes when the Office file may be opened; null when there is nothing to read or it is too large (the problem noted).</summary>
    private byte[]? OpenableOfficeFile(MimePart part, string extension) =>
        Content(part) is { } bytes && FitsOpening(bytes, extension) ? bytes : null;

    /// <summary>
    /// Checked before OpenXml opens an Office file (a zip): the declared sizes of every entry. False,
    /// with the problem noted, when it must not be opened.
    /// </summary>
    private bool FitsOpening(byte[] bytes, string extension)
    {
        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        if (zip.Entries.Count > limits.MaxDocxEntries || zip.Entries.Sum(e => e.Length) > limits.MaxDocxUncompressedBytes)
        {
            Problems.Add($"a {extension} attachment would expand beyond the size limit and was not opened");
            return false;
        }

        return true;
    }

    /// <summary>
    /// Checked once the package is open and before any of <paramref name="parts"/> is loaded: how deep
    /// their XML nests. Only the parts the text is read from are loaded (OpenXml builds a part's tree
    /// when it is first asked for), so only they are checked; a theme or font table is never parsed.
    /// True, with the problem noted, when one must not be loaded.
    /// </summary>
    private bool NestTooDeep(IEnumerable<DocumentFormat.OpenXml.Packaging.OpenXmlPart?> parts, string extension)
    {
        foreach (var part in parts.OfType<DocumentFormat.OpenXml.Packaging.OpenXmlPart>())
        {
            using var stream = part.GetStream(FileMode.Open, FileAccess.Read);
            if (NestsDeeperThan(stream, limits.MaxDocxXmlDepth))
            {
                Problems.Add($"a {extension} attachment nests deeper than {limits.MaxDocxXmlDepth} levels and was not opened");
                return true;
            }
        }

        return false;
    }

    /// <summary>A spreadsheet's rows as tab-separated lines (a school's deletions return), dates as dd/MM/yyyy.</summary>
    private string XlsxToText(MimePart part)
    {
        try
        {
            if (OpenableOfficeFile(part, ".xlsx") is not { } bytes)
            {
                return string.Empty;
            }

            using var package = System.IO.Packaging.Package.Open(new MemoryStream(bytes, writable: false), FileMode.Open, FileAccess.Read);
            using var workbook = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(package);
            var book = workbook.WorkbookPart;
            if (NestTooDeep([book?.SharedStringTablePart, book?.WorkbookStylesPart, .. book?.WorksheetParts ?? []], ".xlsx"))
            {
                return string.Empty;
            }

            return SpreadsheetText.Read(workbook, MaxSpreadsheetRows);
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException or DocumentFormat.OpenXml.Packaging.OpenXmlPackageException or System.Xml.XmlException or InvalidOperationException or ArgumentException or FormatException)
        {
            Problems.Add($"a .xlsx attachment could not be read ({exception.GetType().Name})");
            return string.Empty;
        }
    }

    private const int MaxSpreadsheetRows = 500;

    private static bool IsDocx(MimePart part) =>
        (part.FileName ?? string.Empty).EndsWith(".docx", StringComparison.OrdinalIgnoreCase) ||
        part.ContentType.MimeType.Equals("application/vnd.openxmlformats-officedocument.wordprocessingml.document", StringComparison.OrdinalIgnoreCase);

    private static bool IsPdf(MimePart part) =>
        (part.FileName ?? string.Empty).EndsWith(".pdf", StringComparison.OrdinalIgnoreCase) ||
        part.ContentType.MimeType.Equals("application/pdf", StringComparison.OrdinalIgnoreCase);

    private byte[]? Content(MimePart part)
    {
        if (part.Content is null)
        {
            return null;
        }

        using var stream = new MemoryStream();
        part.Content.DecodeTo(stream);
        return stream.ToArray();
    }

    private string DocxToText(MimePart part)
    {
        try
        {
            if (OpenableOfficeFile(part, ".docx") is not { } bytes)
            {
                return string.Empty;
            }

            try
            {
                // Read-only straight from memory. WordprocessingDocument.Open(stream, false) first copies every
                // package to a temporary file, only so that it could rewrite malformed hyperlink addresses.
                using var package = System.IO.Packaging.Package.Open(new MemoryStream(bytes, writable: false), FileMode.Open, FileAccess.Read);
                using var fromMemory = WordprocessingDocument.Open(package);
                if (NestTooDeep([fromMemory.MainDocumentPart], ".docx"))
                {
                    return string.Empty;
                }

                return DocumentText(fromMemory);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException and not StackOverflowException)
            {
                // A malformed address (or anything else amiss): read it as before, temporary file and all, so the
                // outcome is whatever that way of opening gives.
                using var document = WordprocessingDocument.Open(new MemoryStream(bytes), false);
                return NestTooDeep([document.MainDocumentPart], ".docx") ? string.Empty : DocumentText(document);
            }
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException or DocumentFormat.OpenXml.Packaging.OpenXmlPackageException or System.Xml.XmlException or InvalidOperationException or ArgumentException)
        {
            Problems.Add($"a .docx attachment could not be read ({exception.GetType().Name})");
            return string.Empty;
        }
    }

    private static string DocumentText(WordprocessingDocument document)
    {
        var body = document.MainDocumentPart?.Document?.Body;
        if (body is null)
        {
            return string.Empty;
        }

        var text = new StringBuilder();
        DocxBlocks(body, text);
        return text.ToString();
    }

    /// <summary>Paragraphs and tables in document order, inside content controls too.</summary>
    private static void DocxBlocks(DocumentFormat.OpenXml.OpenXmlElement container, StringBuilder text)
    {
        var rows = new List<FormTable.Row>();
        foreach (var element in container.ChildElements)
        {
            switch (element)
            {
                case Wordprocessing.Paragraph paragraph:
                    text.Append(DocxText(paragraph)).Append('\n');
                    break;
                case Wordprocessing.Table table:
                    foreach (var row in table.Elements<Wordprocessing.TableRow>())
                    {
                        var cells = row.Elements<Wordprocessing.TableCell>().ToList();
                        if (cells.Any(c => c.Elements<Wordprocessing.Table>().Any()))
                        {
                            text.Append(FormTable.ToText(rows)).Append('\n');
                            rows.Clear();
                            foreach (var cell in cells)
                            {
                                DocxBlocks(cell, text);
                            }

                            continue;
                        }

                        rows.Add(new FormTable.Row(cells
                            .Select(c => new FormTable.Cell(string.Join(' ', c.Descendants<Wordprocessing.Paragraph>().Select(DocxText)).Trim(), false))
                            .ToList()));
                    }

                    text.Append(FormTable.ToText(rows)).Append('\n');
                    rows.Clear();
                    break;
                case Wordprocessing.SdtBlock or Wordprocessing.SdtContentBlock or Wordprocessing.CustomXmlBlock:
                    DocxBlocks(element, text);
                    break;
            }
        }
    }

    /// <summary>
    /// A paragraph's text with its tick boxes: a checkbox content control or a Wingdings box symbol
    /// reads as ☒ when ticked and ☐ when not, so a tick grid answers Yes or No like a typed one.
    /// </summary>
    private static string DocxText(Wordprocessing.Paragraph paragraph)
    {
        var text = new StringBuilder();
        foreach (var node in paragraph.Descendants())
        {
            switch (node)
            {
                case Wordprocessing.Text run:
                    text.Append(run.Text);
                    break;
                case DocumentFormat.OpenXml.OpenXmlUnknownElement { LocalName: "t" } unknown:
                    // Text in markup Word would not write (a run inside a run) is still text.
                    text.Append(unknown.InnerText);
                    break;
                case Wordprocessing.TabChar:
                    text.Append('\t');
                    break;
                case Wordprocessing.Break:
                    text.Append(' ');
                    break;
                case Wordprocessing.SymbolChar symbol:
                    text.Append(symbol.Char?.Value?.ToUpperInvariant() switch
                    {
                        "F0FE" or "F078" or "F0FD" or "F0FB" or "F0FC" => "☒",
                        "F0A8" or "F06F" or "F071" => "☐",
                        _ => string.Empty,
                    });
                    break;
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// Whether an XML part nests deeper than <paramref name="limit"/>. Read as a stream, which needs no
    /// stack; OpenXml builds its tree by recursion, and a document nested a few thousand levels deep
    /// would overflow the stack and end the whole process.
    /// </summary>
    private static bool NestsDeeperThan(Stream xml, int limit)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true };
        using var reader = XmlReader.Create(xml, settings);
        try
        {
            while (reader.Read())
            {
                if (reader.Depth > limit)
                {
                    return true;
                }
            }
        }
        catch (XmlException)
        {
            // Broken XML is not deep XML: loading the part reports it.
        }

        return false;
    }

    private string PdfToText(MimePart part)
    {
        try
        {
            var bytes = Content(part);
            if (bytes is null)
            {
                return string.Empty;
            }

            if (bytes.Length > limits.MaxPdfBytes)
            {
                Problems.Add($"a .pdf attachment is larger than {limits.MaxPdfBytes / (1024 * 1024)} MB and was not read");
                return string.Empty;
            }

            using var pdf = UglyToad.PdfPig.PdfDocument.Open(bytes);
            var text = new StringBuilder();
            foreach (var page in pdf.GetPages().Take(limits.MaxPdfPages))
            {
                text.Append(UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor.ContentOrderTextExtractor.GetText(page)).Append('\n');
            }

            if (pdf.NumberOfPages > limits.MaxPdfPages)
            {
                Problems.Add($"a .pdf attachment has more than {limits.MaxPdfPages} pages; the rest were not read");
            }

            // A fillable form keeps what was typed in its fields, not on the page: the page shows only the questions.
            text.Append(PdfFormAnswers(pdf));
            if (text.ToString().Trim().Length == 0)
            {
                Problems.Add("a .pdf attachment has no text (a scan?); a person must read it");
            }

            return text.ToString();
        }
        catch (Exception exception) when (exception is not OutOfMemoryException and not StackOverflowException)
        {
            Problems.Add($"a .pdf attachment could not be read ({exception.GetType().Name})");
            return string.Empty;
        }
    }

    /// <summary>
    /// The answers typed into a fillable PDF's fields, one <c>question: answer</c> line each, the
    /// question being the field's tooltip or else its name ("ChildSurname" reads "Child Surname").
    /// Empty fields, buttons and signatures are left out; the walk is bounded, since the field tree is
    /// the sender's.
    /// </summary>
    private static string PdfFormAnswers(UglyToad.PdfPig.PdfDocument pdf)
    {
        if (!pdf.TryGetForm(out var form))
        {
            return string.Empty;
        }

        var answers = new StringBuilder();
        var waiting = new Stack<UglyToad.PdfPig.AcroForms.Fields.AcroFieldBase>(form.Fields.Reverse());
        for (var visited = 0; waiting.Count > 0 && visited < MaxPdfFormFields; visited++)
        {
            var field = waiting.Pop();
            string? answer = field switch
            {
                UglyToad.PdfPig.AcroForms.Fields.AcroNonTerminalField parent => Push(waiting, parent.Children),
                UglyToad.PdfPig.AcroForms.Fields.AcroTextField typed => typed.Value,
                UglyToad.PdfPig.AcroForms.Fields.AcroComboBoxField chosen => string.Join(", ", chosen.SelectedOptions),
                UglyToad.PdfPig.AcroForms.Fields.AcroListBoxField chosen => string.Join(", ", chosen.SelectedOptions),
                UglyToad.PdfPig.AcroForms.Fields.AcroCheckboxField box => box.IsChecked ? "Yes" : "No",
                _ => null,
            };
            var question = FieldQuestion(field.Information);
            if (!string.IsNullOrWhiteSpace(answer) && question.Length > 0)
            {
                answers.Append(question).Append(": ").Append(LineBreaks().Replace(answer.Trim(), ", ")).Append('\n');
            }
        }

        return answers.Length == 0 ? string.Empty : "\n" + answers;
    }

    private const int MaxPdfFormFields = 500;

    private static string? Push(Stack<UglyToad.PdfPig.AcroForms.Fields.AcroFieldBase> waiting, IEnumerable<UglyToad.PdfPig.AcroForms.Fields.AcroFieldBase> children)
    {
        foreach (var child in children.Reverse())
        {
            waiting.Push(child);
        }

        return null;
    }

    private static string FieldQuestion(UglyToad.PdfPig.AcroForms.Fields.AcroFieldCommonInformation information)
    {
        var question = !string.IsNullOrWhiteSpace(information.AlternateName) ? information.AlternateName : information.PartialName ?? string.Empty;
        question = FieldNameBreak().Replace(question.Replace('_', ' ').Replace('.', ' '), " ");
        return LineBreaks().Replace(question, " ").Trim().TrimEnd(':').Trim();
    }

    [GeneratedRegex(@"\s*[\r\n]+\s*", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex LineBreaks();

    /// <summary>Between a lower-case letter and a capital ("ChildSurname"), or a letter and a digit.</summary>
    [GeneratedRegex(@"(?<=\p{Ll})(?=\p{Lu})|(?<=\p{L})(?=\d)", RegexOptions.None, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex FieldNameBreak();

    private static string HeaderBlock(MimeMessage message) =>
        $"From: {message.From}\nSent: {message.Date:dd MMMM yyyy HH:mm}\nSubject: {message.Subject}\n";
}
