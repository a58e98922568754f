using System.IO.Compression;
using Cme.Core.Intake;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using MimeKit;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Cme.Parsing.Tests;

public sealed class AttachmentTests
{
    [Fact]
    public void A_referral_form_in_a_text_based_pdf_is_read_like_any_other_form()
    {
        var pdf = Pdf(
            "Children Missing Education referral",
            "Child surname: Pellow",
            "Child forename(s): Jago",
            "Date of birth: 21/10/2014",
            "School: Dipper Brook Primary School",
            "Date last attended: 06/03/2026",
            "Postcode: SG6 3QX",
            "Looked after child: Yes",
            "Referrer email: safeguarding@dipperbrook.example.org");
        var mime = Message("CME referral - see attached", "Please find our referral form attached.", ("referral.pdf", "application/pdf", pdf));

        var parsed = new EmailParser().Parse(mime);

        Assert.Equal(EmailKind.Referral, parsed.Kind);
        Assert.Equal(("Jago", "Pellow"), (parsed.Child.FirstName, parsed.Child.LastName));
        Assert.Equal(new DateOnly(2014, 10, 21), parsed.Child.DateOfBirth);
        Assert.Equal("Dipper Brook Primary School", parsed.Child.School);
        Assert.Equal("SG6 3QX", parsed.Child.Postcode?.ToString());
        Assert.Equal(new DateOnly(2026, 3, 6), parsed.DateLastAttended);
        Assert.Equal([RiskFactor.LookedAfter], parsed.RiskFactors);
        Assert.Equal("safeguarding@dipperbrook.example.org", parsed.ReferrerEmail?.Value);
    }

    [Fact]
    public void A_pdf_that_cannot_be_read_sends_an_unidentified_email_to_triage_saying_so()
    {
        var mime = Message("CME referral - see attached", "Form attached.", ("referral.pdf", "application/pdf", "%PDF-1.7 this is not really a pdf"u8.ToArray()));

        var parsed = new EmailParser().Parse(mime);

        Assert.Contains("could not be read", parsed.TriageReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_word_form_whose_hyperlink_address_is_malformed_is_still_read()
    {
        // Word saves whatever address was typed; the form around such a link must still be read.
        var docx = Docx(
            "Child surname: Trevanion",
            "Child forename(s): Morwenna",
            "Date of birth: 03/02/2015",
            "School: Dipper Brook Primary School",
            "Referrer email: safeguarding@dipperbrook.example.org");
        docx = WithMalformedHyperlink(docx);
        var mime = Message("CME referral - see attached", "Please find our referral form attached.", ("referral.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx));

        var parsed = new EmailParser().Parse(mime);

        Assert.Null(parsed.TriageReason);
        Assert.Equal(("Morwenna", "Trevanion"), (parsed.Child.FirstName, parsed.Child.LastName));
        Assert.Equal(new DateOnly(2015, 2, 3), parsed.Child.DateOfBirth);
    }

    private static byte[] Docx(params string[] lines)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, DocumentFormat.OpenXml.WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.Document = new Document(new Body(lines.Select(line => new Paragraph(new Run(new Text(line))))));
        }

        return stream.ToArray();
    }

    private static byte[] WithMalformedHyperlink(byte[] docx)
    {
        using var stream = new MemoryStream();
        stream.Write(docx);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.GetEntry("word/_rels/document.xml.rels");
            var relationships = entry is null ? "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"></Relationships>" : new StreamReader(entry.Open()).ReadToEnd();
            entry?.Delete();
            relationships = relationships.Replace("</Relationships>", "<Relationship Id=\"rIdBroken\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink\" Target=\"http://::broken link\" TargetMode=\"External\"/></Relationships>", StringComparison.Ordinal);
            using var writer = new StreamWriter(zip.CreateEntry("word/_rels/document.xml.rels").Open());
            writer.Write(relationships);
        }

        return stream.ToArray();
    }

    [Fact]
    public void The_answers_typed_into_a_fillable_pdf_form_are_read_though_the_page_shows_only_the_questions()
    {
        var pdf = FillablePdf(
            ["Children Missing Education referral form", "Child's surname", "Child's first name", "Date of birth", "School"],
            [
                ("ChildSurname", null, "Pellow"),
                ("child_first_name", null, "Jago"),
                ("Text3", "Date of birth", "21/10/2014"),
                ("School", null, "Dipper Brook Primary School"),
                ("LookedAfter", "Looked after child", null),
            ]);
        var mime = Message("CME referral - see attached", "Please find our referral form attached.", ("referral.pdf", "application/pdf", pdf));

        var parsed = new EmailParser().Parse(mime);

        Assert.Equal(EmailKind.Referral, parsed.Kind);
        Assert.Equal(("Jago", "Pellow"), (parsed.Child.FirstName, parsed.Child.LastName));
        Assert.Equal(new DateOnly(2014, 10, 21), parsed.Child.DateOfBirth);
        Assert.Equal("Dipper Brook Primary School", parsed.Child.School);
        Assert.Null(parsed.TriageReason);
    }

    [Fact]
    public void A_referral_form_in_an_rtf_attachment_is_read()
    {
        var rtf = System.Text.Encoding.ASCII.GetBytes(@"{\rtf1\ansi{\fonttbl{\f0 Arial;}}\f0 Children Missing Education referral\par Child surname: Pellow\par Child forename(s): Jago\par Date of birth: 21/10/2014\par School: Dipper Brook Primary School\par}");
        var mime = Message("CME referral - see attached", "Please find our referral form attached.", ("referral.rtf", "application/rtf", rtf));

        var parsed = new EmailParser().Parse(mime);

        Assert.Equal(("Jago", "Pellow"), (parsed.Child.FirstName, parsed.Child.LastName));
        Assert.Equal(new DateOnly(2014, 10, 21), parsed.Child.DateOfBirth);
    }

    [Fact]
    public void Outlooks_rich_text_mail_packed_in_winmail_dat_is_read()
    {
        var mime = Message("CME referral", string.Empty, ("winmail.dat", "application/ms-tnef", Tnef("Child surname: Pellow\r\nChild forename(s): Jago\r\nDate of birth: 21/10/2014\r\nNot seen since half term.\r\n")));

        var parsed = new EmailParser().Parse(mime);

        Assert.Equal(("Jago", "Pellow"), (parsed.Child.FirstName, parsed.Child.LastName));
        Assert.Equal(new DateOnly(2014, 10, 21), parsed.Child.DateOfBirth);
    }

    [Theory]
    [InlineData("referral.doc", "application/msword", ".doc")]
    [InlineData("referral.odt", "application/vnd.oasis.opendocument.text", ".odt")]
    [InlineData("scan.tif", "image/tiff", ".tif")]
    public void A_document_that_cannot_be_read_here_sends_an_email_naming_no_child_to_a_person_saying_so(string name, string type, string extension)
    {
        var mime = Message("CME referral", "Please see the attached referral form.", (name, type, new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0, 0, 0, 0 }));

        var parsed = new EmailParser().Parse(mime);

        Assert.Contains($"a {extension} attachment cannot be read here; a person must open it", parsed.TriageReason, StringComparison.Ordinal);
    }

    /// <summary>A winmail.dat as Outlook packs a message: the TNEF signature, then message attributes (version, code page, class, plain body), each with its checksum.</summary>
    private static byte[] Tnef(string body)
    {
        static byte[] Attribute(uint id, byte[] data)
        {
            var checksum = (ushort)data.Sum(b => b);
            return [1, .. BitConverter.GetBytes(id), .. BitConverter.GetBytes((uint)data.Length), .. data, .. BitConverter.GetBytes(checksum)];
        }

        return
        [
            .. BitConverter.GetBytes(0x223E9F78u),
            .. BitConverter.GetBytes((ushort)1),
            .. Attribute(0x00089006, BitConverter.GetBytes(0x00010000u)),
            .. Attribute(0x00069007, [.. BitConverter.GetBytes(1252u), .. BitConverter.GetBytes(0u)]),
            .. Attribute(0x00078008, System.Text.Encoding.ASCII.GetBytes("IPM.Microsoft Mail.Note\0")),
            .. Attribute(0x0002800C, System.Text.Encoding.ASCII.GetBytes(body + "\0")),
        ];
    }

    /// <summary>
    /// A fillable PDF as a form designer saves one: the questions drawn on the page, the answers in
    /// text fields (a name, an optional tooltip, a value), written out by hand with a correct xref.
    /// </summary>
    private static byte[] FillablePdf(string[] pageLines, (string Name, string? Tooltip, string? Value)[] fields)
    {
        static string Literal(string text) => "(" + text.Replace("\\", "\\\\").Replace("(", "\\(").Replace(")", "\\)") + ")";
        var content = "BT /F1 11 Tf 50 780 Td " + string.Concat(pageLines.Select(line => Literal(line) + " Tj 0 -20 Td ")) + "ET";
        var firstField = 6;
        var objects = new List<string>
        {
            $"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [{string.Join(' ', fields.Select((_, i) => $"{firstField + i} 0 R"))}] >> >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            $"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> /Annots [{string.Join(' ', fields.Select((_, i) => $"{firstField + i} 0 R"))}] >>",
            $"<< /Length {content.Length} >>\nstream\n{content}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        };
        objects.AddRange(fields.Select((field, i) =>
            $"<< /Type /Annot /Subtype /Widget /FT /Tx /T {Literal(field.Name)}" +
            (field.Tooltip is null ? string.Empty : $" /TU {Literal(field.Tooltip)}") +
            (field.Value is null ? string.Empty : $" /V {Literal(field.Value)}") +
            $" /Rect [300 {760 - (20 * i)} 500 {775 - (20 * i)}] /P 3 0 R >>"));

        var pdf = new System.Text.StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = pdf.Length;
        pdf.Append($"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append($"{offset:D10} 00000 n \n");
        }

        pdf.Append($"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return System.Text.Encoding.Latin1.GetBytes(pdf.ToString());
    }

    private static byte[] Pdf(params string[] lines)
    {
        var builder = new PdfDocumentBuilder();
        var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var y = 780;
        foreach (var line in lines)
        {
            page.AddText(line, 11, new UglyToad.PdfPig.Core.PdfPoint(50, y), font);
            y -= 20;
        }

        return builder.Build();
    }

    private static byte[] Message(string subject, string body, (string Name, string Type, byte[] Content) attachment)
    {
        var message = new MimeMessage { Subject = subject, Date = new DateTimeOffset(2026, 3, 9, 9, 0, 0, TimeSpan.Zero) };
        message.From.Add(MailboxAddress.Parse("office@dipperbrook.example.org"));
        var builder = new BodyBuilder { TextBody = body };
        builder.Attachments.Add(attachment.Name, attachment.Content, ContentType.Parse(attachment.Type));
        message.Body = builder.ToMessageBody();
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return stream.ToArray();
    }
}
