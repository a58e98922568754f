using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Cme.Testing.Hostile;

/// <summary>
/// One hostile email and what the service must make of it. <paramref name="MustTriage"/>: a person
/// must be asked to look at it (nothing readable names a child, or part of it cannot be read);
/// <paramref name="ReasonMentions"/>: the triage reason names why, in one of these words.
/// </summary>
/// <param name="Family">Which kind of hostility (malformed MIME, zip bomb, …).</param>
/// <param name="Description">What exactly was built, printed when a case fails.</param>
/// <param name="Mime">The email's bytes.</param>
/// <param name="MustTriage">The intake decision must be triage.</param>
/// <param name="ReasonMentions">When not empty, the triage reason contains one of these (case-insensitive).</param>
/// <param name="MustNotReach">An address smuggled into a header that must never become the sender or referrer (who is answered).</param>
public sealed record HostileEmail(string Family, string Description, byte[] Mime, bool MustTriage, IReadOnlyList<string> ReasonMentions, string? MustNotReach = null)
{
    public override string ToString() => $"{Family}: {Description} ({Mime.Length:N0} bytes)";
}

/// <summary>
/// Builders for hostile email parts: MIME by hand (so it can be wrong), .docx packages and PDFs
/// built byte by byte (so they can lie). Every person named is invented.
/// </summary>
public static class HostileMail
{
    /// <summary>An invented child: the surname must never appear in a triage reason (reasons never quote an email).</summary>
    public const string ChildFirstName = "Ada";

    /// <summary>See <see cref="ChildFirstName"/>.</summary>
    public const string ChildSurname = "Quillfeather";

    /// <summary>Text placed only inside scripts, styles and other markup that must never become text.</summary>
    public const string ScriptCanary = "ScriptCanaryXq";

    /// <summary>An address header injection tries to reach.</summary>
    public const string Victim = "victim@attacker.example.net";

    public const string Sender = "office@school.example.org";

    public const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    private static readonly Lazy<byte[]> LazyZipBomb = new(() => Docx(BombEntry(40 * 1024 * 1024)));
    private static readonly Lazy<byte[]> LazyLyingDocx = new(() => LieAboutSizes(Docx(BombEntry(30 * 1024 * 1024)), declared: 4096));

    /// <summary>A form line naming the invented child, as a school would write it.</summary>
    public static string ChildLine => $"Child's name: {ChildFirstName} {ChildSurname}";

    /// <summary>A .docx whose document expands to 40 MB of spaces (compressed to a few tens of KB); built once.</summary>
    public static byte[] ZipBombDocx => LazyZipBomb.Value;

    /// <summary>A .docx whose zip directory declares 4 KB for a document that really expands to 30 MB.</summary>
    public static byte[] LyingSizeDocx => LazyLyingDocx.Value;

    public static byte[] Ascii(string text) => Encoding.Latin1.GetBytes(text);

    /// <summary>An email with the given extra header lines and a body already in MIME form (its Content-Type lines included).</summary>
    public static byte[] Message(string subject, string headers, string entity, string from = Sender) =>
        Ascii($"From: {from}\r\nTo: cme@council.example.gov.uk\r\nSubject: {subject}\r\nDate: Mon, 12 Jan 2026 09:00:00 +0000\r\nMessage-ID: <{Guid.NewGuid():N}@school.example.org>\r\nMIME-Version: 1.0\r\n{headers}{entity}");

    public static string TextEntity(string text, string contentType = "text/plain; charset=utf-8") =>
        $"Content-Type: {contentType}\r\n\r\n{text}\r\n";

    /// <summary>A multipart/mixed entity of the given entities (each with its own headers).</summary>
    public static string Mixed(string boundary, params string[] entities)
    {
        var mime = new StringBuilder($"Content-Type: multipart/mixed; boundary=\"{boundary}\"\r\n\r\n");
        foreach (var entity in entities)
        {
            mime.Append($"--{boundary}\r\n").Append(entity);
        }

        return mime.Append($"--{boundary}--\r\n").ToString();
    }

    public static string AttachmentEntity(string fileName, string contentType, byte[] content) =>
        $"Content-Type: {contentType}; name=\"{fileName}\"\r\nContent-Disposition: attachment; filename=\"{fileName}\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{Convert.ToBase64String(content, Base64FormattingOptions.InsertLineBreaks)}\r\n";

    /// <summary>A referral-looking email ("see attached") whose only content is the attachment.</summary>
    public static byte[] WithAttachment(string subject, string fileName, string contentType, byte[] content) =>
        Message(subject, string.Empty, Mixed("att", TextEntity("Please see the attached form."), AttachmentEntity(fileName, contentType, content)));

    /// <summary>A minimal Word package: content types, the package relationship, and this document part.</summary>
    public static byte[] Docx(string documentXml) => Docx(zip => Entry(zip, "word/document.xml", documentXml));

    /// <summary>A Word package with its document part written by <paramref name="document"/>, for parts too large to hold as a string.</summary>
    public static byte[] Docx(Action<ZipArchive> document)
    {
        var bytes = new MemoryStream();
        using (var zip = new ZipArchive(bytes, ZipArchiveMode.Create, leaveOpen: true))
        {
            Entry(zip, "[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>");
            Entry(zip, "_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>");
            document(zip);
        }

        return bytes.ToArray();
    }

    /// <summary>A minimal workbook package whose one worksheet part is <paramref name="sheetXml"/>.</summary>
    public static byte[] Xlsx(string sheetXml)
    {
        var bytes = new MemoryStream();
        using (var zip = new ZipArchive(bytes, ZipArchiveMode.Create, leaveOpen: true))
        {
            Entry(zip, "[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/><Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/></Types>");
            Entry(zip, "_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
            Entry(zip, "xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>");
            Entry(zip, "xl/workbook.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"Leavers\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
            Entry(zip, "xl/worksheets/sheet1.xml", sheetXml);
        }

        return bytes.ToArray();
    }

    /// <summary>A worksheet whose one cell sits inside <paramref name="depth"/> nested elements.</summary>
    public static string DeeplyNestedSheetXml(int depth) =>
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is>" +
        new StringBuilder().Insert(0, "<r>", depth) + "<t>pupil</t>" + new StringBuilder().Insert(0, "</r>", depth) +
        "</is></c></row></sheetData></worksheet>";

    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>A Word document body of these paragraphs.</summary>
    public static string DocumentXml(params string[] paragraphs) =>
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>" +
        string.Concat(paragraphs.Select(p => $"<w:p><w:r><w:t>{System.Security.SecurityElement.Escape(p)}</w:t></w:r></w:p>")) +
        "</w:body></w:document>";

    /// <summary>A document whose one paragraph sits inside <paramref name="depth"/> nested runs: a tree built by recursion overflows the stack.</summary>
    public static string DeeplyNestedDocumentXml(int depth, string text) =>
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p>" +
        new StringBuilder().Insert(0, "<w:r>", depth) + $"<w:t>{text}</w:t>" + new StringBuilder().Insert(0, "</w:r>", depth) +
        "</w:p></w:body></w:document>";

    /// <summary>A package with <paramref name="entries"/> small parts beside the document.</summary>
    public static byte[] ManyEntriesDocx(int entries, string text) => Docx(zip =>
    {
        Entry(zip, "word/document.xml", DocumentXml(text));
        for (var i = 0; i < entries; i++)
        {
            Entry(zip, $"word/media/image{i}.xml", "<x/>");
        }
    });

    /// <summary>A package that carries another package (itself a zip bomb) as an embedded object.</summary>
    public static byte[] NestedDocx(string text) => Docx(zip =>
    {
        Entry(zip, "word/document.xml", DocumentXml(text));
        var inner = zip.CreateEntry("word/embeddings/inner.docx", CompressionLevel.NoCompression);
        using var stream = inner.Open();
        stream.Write(ZipBombDocx);
    });

    /// <summary>
    /// Rewrites every declared uncompressed size in a zip (local headers and central directory)
    /// to <paramref name="declared"/>, leaving the data as it is: a zip that lies about its size.
    /// </summary>
    public static byte[] LieAboutSizes(byte[] zip, uint declared)
    {
        var bytes = (byte[])zip.Clone();
        for (var i = 0; i + 30 < bytes.Length; i++)
        {
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i));
            if (signature == 0x04034b50)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i + 22), declared);
            }
            else if (signature == 0x02014b50 && i + 46 < bytes.Length)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i + 24), declared);
            }
        }

        return bytes;
    }

    /// <summary>A PDF with one page showing these lines in Helvetica, objects and cross-reference table written by hand.</summary>
    public static string Pdf(IReadOnlyList<string> lines, string catalogExtra = "", string? pagesObject = null, string? contentOverride = null)
    {
        var content = contentOverride ?? "BT /F1 12 Tf 72 760 Td 14 TL " + string.Concat(lines.Select(l => $"({l.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("(", "\\(", StringComparison.Ordinal).Replace(")", "\\)", StringComparison.Ordinal)}) '\n")) + "ET";
        var objects = new[]
        {
            $"<< /Type /Catalog /Pages 2 0 R {catalogExtra} >>",
            pagesObject ?? "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            $"<< /Length {content.Length} >>\nstream\n{content}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        };
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = pdf.Length;
        pdf.Append($"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append($"{offset:D10} 00000 n \n");
        }

        return pdf.Append($"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").ToString();
    }

    /// <summary>
    /// One email of each kind of hostility, each one a person must be asked about: what the
    /// service as a whole (not only the parser) must survive. Built fresh each call.
    /// </summary>
    public static IReadOnlyList<HostileEmail> Representatives()
    {
        const string referral = "CME referral form attached";
        var nested = new StringBuilder();
        for (var i = 0; i < 300; i++)
        {
            nested.Append($"Content-Type: multipart/mixed; boundary=\"n{i}\"\r\n\r\n--n{i}\r\n");
        }

        nested.Append(TextEntity(ChildLine));
        var manyParts = Mixed("many", [.. Enumerable.Range(0, 400).Select(i => TextEntity($"part {i}")), TextEntity(ChildLine)]);
        var hugeIndented = new StringBuilder("Name: x\n");
        for (var i = 0; i < 40_000; i++)
        {
            hugeIndented.Append("     y\n");
        }

        return
        [
            new("malformed MIME", "not MIME at all", [0x00, 0x01, 0xff, 0xfe, 0x0d, 0x0a, 0x0d, 0x0a, 0x00], MustTriage: false, []),
            new("malformed MIME", "headers cut off mid-line, no body", Ascii("From: office@school.example.org\r\nSubject: CME referral\r\nContent-Type: multipart/mixed; bound"), MustTriage: true, []),
            new("nesting", "multiparts nested 300 deep, the child named only at the bottom", Message(referral, string.Empty, nested.ToString()), MustTriage: true, []),
            new("nesting", "400 parts before the one that names the child", Message(referral, string.Empty, manyParts), MustTriage: true, ["parts"]),
            new("docx", "a zip bomb .docx (40 MB of spaces)", WithAttachment(referral, "form.docx", DocxType, ZipBombDocx), MustTriage: true, [".docx"]),
            new("docx", "a .docx whose zip directory understates its size", WithAttachment(referral, "form.docx", DocxType, LyingSizeDocx), MustTriage: true, [".docx"]),
            new("docx", "a .docx nested 100,000 runs deep", WithAttachment(referral, "form.docx", DocxType, Docx(DeeplyNestedDocumentXml(100_000, ChildLine))), MustTriage: true, [".docx"]),
            new("docx", "a .docx attached to an email that does not look like a referral, and cannot be opened", WithAttachment("Documents", "scan.docx", DocxType, ZipBombDocx), MustTriage: true, [".docx"]),
            new("pdf", "a .pdf that is not a PDF", WithAttachment(referral, "form.pdf", "application/pdf", Ascii("%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 1 0 R >>\n")), MustTriage: true, [".pdf"]),
            new("huge", "an email larger than the size limit", Message(referral, string.Empty, TextEntity(ChildLine + "\n" + new string('x', 26 * 1024 * 1024))), MustTriage: true, ["larger than"]),
            new("huge", "a subject of 2 MB folded every 70 characters", Message("CME referral " + new StringBuilder().Insert(0, new string('s', 68) + "\r\n ", 2_000_000 / 70), string.Empty, TextEntity("See attached.")), MustTriage: true, ["header"]),
            new("huge", "a body of 40,000 indented continuation lines", Message("CME referral", string.Empty, TextEntity(hugeIndented.ToString())), MustTriage: true, []),
            new("charset", "an unknown character set and invalid UTF-8", Message(referral, string.Empty, "Content-Type: text/plain; charset=x-no-such-charset\r\n\r\n\u00c0\u00ff\u00ed\u00a0\u0080 see attached\r\n"), MustTriage: true, []),
            new("header injection", "CR/LF in an encoded subject and display name", Message($"=?utf-8?q?CME_referral=0D=0ABcc:_{Victim}?=", string.Empty, TextEntity("See attached."), from: $"=?utf-8?q?Office=0D=0ABcc:_{Victim}?= <{Sender}>"), MustTriage: true, [], MustNotReach: Victim),
            new("html", "HTML with script, iframe and style and nothing else", Message("CME referral", string.Empty, TextEntity($"<html><head><style>p{{}} {ScriptCanary}</style></head><body><script>document.write('{ScriptCanary}')</script><iframe srcdoc=\"{ScriptCanary}\"></iframe><p>See attached.</p></body></html>", "text/html; charset=utf-8")), MustTriage: true, []),
        ];
    }

    public static void Entry(ZipArchive zip, string path, string text)
    {
        using var writer = new StreamWriter(zip.CreateEntry(path, CompressionLevel.Fastest).Open(), new UTF8Encoding(false));
        writer.Write(text);
    }

    private static Action<ZipArchive> BombEntry(int bytes) => zip =>
    {
        using var stream = zip.CreateEntry("word/document.xml", CompressionLevel.SmallestSize).Open();
        var head = Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>");
        stream.Write(head);
        var spaces = new byte[1024 * 1024];
        Array.Fill(spaces, (byte)' ');
        for (var written = 0; written < bytes; written += spaces.Length)
        {
            stream.Write(spaces);
        }

        stream.Write("</w:t></w:r></w:p></w:body></w:document>"u8);
    };
}
