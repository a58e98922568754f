using Cme.Core.Intake;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using MimeKit;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Cme.Parsing.Tests.Readers;

/// <summary>
/// Every body shape is read: HTML-only bodies however they are encoded, the HTML alternative when it
/// carries a table the plain one flattened, attached messages, Word forms with their tick boxes and
/// text PDFs. No script runs, and nothing in a script or a style is text.
/// </summary>
public sealed class TextExtractionTests
{
    private const string HtmlForm = "<html><body><table><tr><td><b>Surname</b></td><td>Quinn</td></tr><tr><td><b>First name</b></td><td>Ellie-Mae</td></tr></table></body></html>";

    [Theory]
    [InlineData("base64")] // how Outlook often sends an HTML-only body
    [InlineData("quoted-printable")] // and how most other clients do
    public void An_HTML_only_body_is_read_whatever_its_transfer_encoding(string encoding)
    {
        var message = new MimeMessage { Subject = "CME referral" };
        message.From.Add(MailboxAddress.Parse("attendance@oakfield-primary.example.org"));
        var html = new TextPart("html") { Text = HtmlForm };
        html.ContentTransferEncoding = encoding == "base64" ? ContentEncoding.Base64 : ContentEncoding.QuotedPrintable;
        message.Body = html;

        var reading = Read(message);

        Assert.Equal("Quinn", reading.Form.Value(Labels.LastName));
        Assert.Equal("Ellie-Mae", reading.Form.Value(Labels.FirstName));
    }

    [Fact]
    public void The_HTML_alternative_is_read_when_it_carries_a_table_the_plain_one_flattened()
    {
        var message = new MimeMessage { Subject = "CME referral" };
        message.From.Add(MailboxAddress.Parse("attendance@oakfield-primary.example.org"));
        message.Body = new BodyBuilder { TextBody = "Surname\r\n\r\nQuinn First name Ellie-Mae", HtmlBody = HtmlForm }.ToMessageBody();

        Assert.Equal("Quinn", Read(message).Form.Value(Labels.LastName));
    }

    [Fact]
    public void The_plain_alternative_is_read_when_the_HTML_one_has_no_table()
    {
        var message = new MimeMessage { Subject = "CME referral" };
        message.From.Add(MailboxAddress.Parse("attendance@oakfield-primary.example.org"));
        message.Body = new BodyBuilder { TextBody = "Surname: Quinn", HtmlBody = "<p>Surname: <b>Quinn</b></p>" }.ToMessageBody();

        Assert.Equal("Surname: Quinn", Read(message).Body.Trim());
    }

    [Fact]
    public void Script_and_style_are_never_text()
    {
        var body = new TestEmail("CME referral", "<html><head><style>td { color: red }</style></head><body><script>document.write('Surname: Evil')</script><p>Surname: Quinn</p></body></html>")
        {
            ContentType = "text/html; charset=utf-8",
        }.Read().Body;

        Assert.Equal("Surname: Quinn", body.Trim());
    }

    [Fact]
    public void An_attached_message_is_read_with_its_author_and_subject()
    {
        var inner = new MimeMessage { Subject = "Child not attending", Date = new DateTimeOffset(2026, 5, 15, 16, 40, 0, TimeSpan.FromHours(1)) };
        inner.From.Add(MailboxAddress.Parse("attendance@westbrook-primary.example.org"));
        inner.Body = new TextPart("plain") { Text = "Surname: Quinn\nFirst name: Ellie-Mae" };
        var outer = new MimeMessage { Subject = "FW: Child not attending" };
        outer.From.Add(MailboxAddress.Parse("duty@council.example.org"));
        var builder = new BodyBuilder { TextBody = "Please see the attached." };
        builder.Attachments.Add(new MessagePart { Message = inner });
        outer.Body = builder.ToMessageBody();

        var reading = Read(outer);

        Assert.Contains("attendance@westbrook-primary.example.org", reading.Attachments, StringComparison.Ordinal);
        Assert.Equal("Quinn", reading.Form.Value(Labels.LastName));
    }

    [Fact]
    public void A_Word_forms_tick_boxes_answer_Yes_when_ticked_and_No_when_not()
    {
        var docx = Docx(
            new Paragraph(new Run(new Text("Surname: Quinn"))),
            // Wingdings F0FE is a ticked box, F0A8 an empty one.
            new Paragraph(new Run(new SymbolChar { Font = "Wingdings", Char = "F0FE" }), new Run(new Text(" Child in need"))),
            new Paragraph(new Run(new SymbolChar { Font = "Wingdings", Char = "F0A8" }), new Run(new Text(" Child protection plan"))));

        var reading = Read(WithAttachment("referral.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx));

        Assert.Contains(reading.Form.Fields, f => f.Raw == "Child in need" && f.Value == "Yes");
        Assert.Contains(reading.Form.Fields, f => f.Raw == "Child protection plan" && f.Value == "No");
        Assert.Equal([RiskFactor.ChildInNeed], RiskFactorReader.Read(reading.Form, reading.Everything));
    }

    [Fact]
    public void A_Word_forms_content_controls_and_tables_are_read()
    {
        var table = new Table(
            new TableRow(new TableCell(new Paragraph(new Run(new Text("Surname")))), new TableCell(new Paragraph(new Run(new Text("Quinn"))))));
        var control = new SdtBlock(new SdtContentBlock(new Paragraph(new Run(new Text("First name: Ellie-Mae")))));

        var reading = Read(WithAttachment("referral.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", Docx(table, control)));

        Assert.Equal("Quinn", reading.Form.Value(Labels.LastName));
        Assert.Equal("Ellie-Mae", reading.Form.Value(Labels.FirstName));
    }

    [Fact]
    public void A_no_show_written_in_a_PDF_letter_is_a_no_show()
    {
        var pdf = Pdf(
            "Non-arrival notification",
            "Name: Ellie-Mae Quinn",
            "Date of birth: 04/02/2016",
            "Agreed start date: 01/06/2026",
            "Ellie-Mae did not arrive on her agreed start date and the family have not been in touch.");
        var message = WithAttachment("non-arrival.pdf", "application/pdf", pdf);
        message.Subject = "Notification attached";

        var parsed = new EmailParser().Parse(Bytes(message));

        Assert.Equal(EmailKind.NoShow, parsed.Kind);
        Assert.Equal(new DateOnly(2026, 6, 1), parsed.StartDate);
    }

    [Theory]
    [InlineData("deletions.csv", "text/csv")]
    [InlineData("deletions.csv", "application/octet-stream")] // how many systems label any file
    [InlineData("deletions.csv", "application/vnd.ms-excel")]
    public void A_csv_return_attached_is_read_row_by_row(string name, string type)
    {
        var csv = System.Text.Encoding.UTF8.GetBytes("\uFEFFSurname,Forename,DOB,Reason\r\nHussain,Zara,05/05/2013,Moved away\r\n");

        var email = Read(WithAttachment(name, type, csv));

        Assert.Equal("Hussain", email.Form.Value(Labels.LastName));
        Assert.Equal("Zara", email.Form.Value(Labels.FirstName));
    }

    [Fact]
    public void A_spreadsheet_return_attached_is_read_row_by_row_with_its_dates_as_dates()
    {
        var email = Read(WithAttachment("deletions.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Xlsx(
            ["Surname", "Forename", "Date of birth", "Reason"],
            ["Hussain", "Zara", new DateTime(2013, 5, 5), "Moved away"],
            ["Kowalski", "Jan", new DateTime(2012, 1, 11), "Not returned"])));

        Assert.Equal("Hussain", email.Form.Value(Labels.LastName));
        Assert.Equal("05/05/2013", email.Form.Value(Labels.DateOfBirth));
        Assert.Equal(2, email.Form.ListedChildren);
    }

    private static MimeMessage WithAttachment(string name, string type, byte[] content)
    {
        var message = new MimeMessage { Subject = "CME referral - see attached", Date = new DateTimeOffset(2026, 6, 2, 9, 0, 0, TimeSpan.FromHours(1)) };
        message.From.Add(MailboxAddress.Parse("attendance@oakfield-primary.example.org"));
        var builder = new BodyBuilder { TextBody = "Please find our form attached." };
        builder.Attachments.Add(name, content, ContentType.Parse(type));
        message.Body = builder.ToMessageBody();
        return message;
    }

    private static byte[] Bytes(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return stream.ToArray();
    }

    /// <summary>Written out and loaded again, as the parser meets it.</summary>
    private static EmailReading Read(MimeMessage message)
    {
        using var stream = new MemoryStream(Bytes(message));
        return EmailReading.Read(MimeMessage.Load(stream), ParseLimits.Default);
    }

    /// <summary>A workbook as a school's system exports one: shared strings for text, dates as serial numbers in a date format.</summary>
    private static byte[] Xlsx(params object[][] rows)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, DocumentFormat.OpenXml.SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new DocumentFormat.OpenXml.Spreadsheet.Workbook();
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = new DocumentFormat.OpenXml.Spreadsheet.Stylesheet(
                new DocumentFormat.OpenXml.Spreadsheet.CellFormats(
                    new DocumentFormat.OpenXml.Spreadsheet.CellFormat(),
                    new DocumentFormat.OpenXml.Spreadsheet.CellFormat { NumberFormatId = 14, ApplyNumberFormat = true }));
            var strings = workbook.AddNewPart<SharedStringTablePart>();
            strings.SharedStringTable = new DocumentFormat.OpenXml.Spreadsheet.SharedStringTable();
            var data = new DocumentFormat.OpenXml.Spreadsheet.SheetData();
            foreach (var values in rows)
            {
                var row = new DocumentFormat.OpenXml.Spreadsheet.Row();
                foreach (var value in values)
                {
                    if (value is DateTime date)
                    {
                        row.Append(new DocumentFormat.OpenXml.Spreadsheet.Cell { StyleIndex = 1, CellValue = new DocumentFormat.OpenXml.Spreadsheet.CellValue(date.ToOADate().ToString(System.Globalization.CultureInfo.InvariantCulture)) });
                    }
                    else
                    {
                        strings.SharedStringTable.Append(new DocumentFormat.OpenXml.Spreadsheet.SharedStringItem(new DocumentFormat.OpenXml.Spreadsheet.Text((string)value)));
                        var index = strings.SharedStringTable.Count() - 1;
                        row.Append(new DocumentFormat.OpenXml.Spreadsheet.Cell { DataType = DocumentFormat.OpenXml.Spreadsheet.CellValues.SharedString, CellValue = new DocumentFormat.OpenXml.Spreadsheet.CellValue(index.ToString(System.Globalization.CultureInfo.InvariantCulture)) });
                    }
                }

                data.Append(row);
            }

            var sheet = workbook.AddNewPart<WorksheetPart>();
            sheet.Worksheet = new DocumentFormat.OpenXml.Spreadsheet.Worksheet(data);
            workbook.Workbook.AppendChild(new DocumentFormat.OpenXml.Spreadsheet.Sheets(new DocumentFormat.OpenXml.Spreadsheet.Sheet { Id = workbook.GetIdOfPart(sheet), SheetId = 1, Name = "Deletions" }));
        }

        return stream.ToArray();
    }

    private static byte[] Docx(params DocumentFormat.OpenXml.OpenXmlElement[] blocks)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, DocumentFormat.OpenXml.WordprocessingDocumentType.Document))
        {
            document.AddMainDocumentPart().Document = new Document(new Body(blocks));
        }

        return stream.ToArray();
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
}
