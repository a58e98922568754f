using System.IO.Compression;
using System.Text;
using Cme.Core.Intake;
using Cme.Testing.Hostile;

namespace Cme.Parsing.Tests;

/// <summary>Every email is hostile until parsed: none of these may crash the parser or escape its bounds.</summary>
public sealed class HostileInputTests
{
    private readonly EmailParser _parser = new();

    [Fact]
    public void Bytes_that_are_not_mime_at_all_come_back_as_other_never_as_an_exception()
    {
        var parsed = _parser.Parse(Encoding.UTF8.GetBytes("\u0000\u0001 garbage \r\n\r\n\u00ff"));

        Assert.Equal(EmailKind.Other, parsed.Kind);
    }

    [Fact]
    public void Multiparts_nested_far_beyond_the_limit_are_cut_off_and_said_so()
    {
        var mime = new StringBuilder("From: a@example.org\r\nSubject: CME referral\r\nMIME-Version: 1.0\r\n");
        for (var i = 0; i < 200; i++)
        {
            mime.Append($"Content-Type: multipart/mixed; boundary=\"b{i}\"\r\n\r\n--b{i}\r\n");
        }

        mime.Append("Content-Type: text/plain\r\n\r\nName: Nia Okonjo\r\n");
        var parsed = _parser.Parse(Encoding.UTF8.GetBytes(mime.ToString()));

        Assert.NotNull(parsed);
    }

    [Fact]
    public void A_zip_bomb_docx_is_not_opened_and_the_email_goes_to_triage_saying_why()
    {
        var bomb = new MemoryStream();
        using (var zip = new ZipArchive(bomb, ZipArchiveMode.Create, leaveOpen: true))
        {
            var entry = zip.CreateEntry("word/document.xml", CompressionLevel.SmallestSize);
            using var stream = entry.Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 40; i++)
            {
                stream.Write(zeros);
            }
        }

        var mime = Message("CME referral form attached", "Please see the attached form.", ("form.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", bomb.ToArray()));
        var parsed = _parser.Parse(mime);

        Assert.NotNull(parsed.TriageReason);
        Assert.Contains("expand beyond the size limit", parsed.TriageReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Script_in_html_is_never_run_and_never_becomes_text()
    {
        var html = "<html><body><script>document.write('Name: Evil Person')</script><p>Name: Nia Okonjo</p><p>referral</p></body></html>";
        var mime = Encoding.UTF8.GetBytes($"From: a@example.org\r\nSubject: CME referral\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}");

        var parsed = _parser.Parse(mime);

        Assert.Equal("Nia", parsed.Child.FirstName);
        Assert.DoesNotContain("Evil", parsed.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_far_larger_than_the_text_limit_is_cut_to_it()
    {
        var limits = new ParseLimits { MaxTextChars = 10_000 };
        var mime = Encoding.UTF8.GetBytes("From: a@example.org\r\nSubject: CME referral\r\n\r\nName: Nia Okonjo\r\n" + new string('x', 2_000_000));

        var parsed = new EmailParser(limits).Parse(mime);

        Assert.True(parsed.Text.Length <= 10_000);
        Assert.Equal("Nia", parsed.Child.FirstName);
    }

    [Fact]
    public void An_email_larger_than_the_size_limit_goes_to_triage_unread()
    {
        var parsed = new EmailParser(new ParseLimits { MaxMimeBytes = 1000 }).Parse(new byte[5000]);

        Assert.Contains("larger than", parsed.TriageReason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_charset_does_not_stop_the_email_being_read()
    {
        var mime = Encoding.UTF8.GetBytes("From: a@example.org\r\nSubject: CME referral\r\nContent-Type: text/plain; charset=x-no-such-charset\r\n\r\nName: Nia Okonjo\r\n");

        var parsed = _parser.Parse(mime);

        Assert.Equal(EmailKind.Referral, parsed.Kind);
    }

    [Fact]
    public void A_header_injection_attempt_in_the_subject_stays_inside_the_subject()
    {
        var mime = Encoding.UTF8.GetBytes("From: a@example.org\r\nSubject: =?utf-8?q?CME_referral=0D=0ABcc:_victim@example.org?=\r\n\r\nName: Nia Okonjo\r\n");

        var parsed = _parser.Parse(mime);

        Assert.Equal(EmailKind.Referral, parsed.Kind);
        Assert.Equal("Nia", parsed.Child.FirstName);
    }

    [Fact]
    public void A_spreadsheet_nested_a_hundred_thousand_levels_deep_is_not_opened_and_the_email_goes_to_triage_saying_why()
    {
        var xlsx = HostileMail.Xlsx(HostileMail.DeeplyNestedSheetXml(100_000));

        var parsed = _parser.Parse(HostileMail.WithAttachment("Deletions from admission register", "leavers.xlsx", HostileMail.XlsxType, xlsx));

        Assert.Contains("a .xlsx attachment nests deeper than 256 levels", parsed.TriageReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deeply_nested_part_the_text_is_not_read_from_does_not_stop_the_document_being_read()
    {
        // A theme is never loaded, so it cannot overflow the stack: the form in the document is read.
        var docx = HostileMail.Docx(zip =>
        {
            HostileMail.Entry(zip, "word/document.xml", HostileMail.DocumentXml(HostileMail.ChildLine, "Pupil not seen since 05/01/2026."));
            HostileMail.Entry(zip, "word/theme/theme1.xml", HostileMail.DeeplyNestedDocumentXml(100_000, "theme"));
        });

        var parsed = _parser.Parse(HostileMail.WithAttachment("CME referral form attached", "form.docx", HostileMail.DocxType, docx));

        Assert.Equal(HostileMail.ChildFirstName, parsed.Child.FirstName);
        Assert.Null(parsed.TriageReason);
    }

    [Fact]
    public void A_docx_nested_a_hundred_thousand_levels_deep_is_not_opened_and_the_email_goes_to_triage_saying_why()
    {
        // Opening it built the tree by recursion and overflowed the stack, ending the whole process.
        var docx = HostileMail.Docx(HostileMail.DeeplyNestedDocumentXml(100_000, HostileMail.ChildLine));

        var parsed = _parser.Parse(HostileMail.WithAttachment("CME referral form attached", "form.docx", HostileMail.DocxType, docx));

        Assert.Contains("a .docx attachment nests deeper than 256 levels", parsed.TriageReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_docx_nested_as_deep_as_the_limit_is_still_read()
    {
        var docx = HostileMail.Docx(HostileMail.DeeplyNestedDocumentXml(250, HostileMail.ChildLine));

        var parsed = _parser.Parse(HostileMail.WithAttachment("CME referral form attached", "form.docx", HostileMail.DocxType, docx));

        Assert.Equal(HostileMail.ChildSurname, parsed.Child.LastName);
    }

    [Fact]
    public void Forty_thousand_indented_continuation_lines_cost_memory_in_proportion_to_the_email_not_its_square()
    {
        // Each continuation line was added to the value by copying it: 280 KB of text allocated 1.5 GB.
        var body = new StringBuilder("Name: x\n").Insert(8, "     y\n", 40_000).ToString();
        var mime = Encoding.UTF8.GetBytes("From: a@example.org\r\nSubject: CME referral\r\n\r\n" + body);

        var before = GC.GetAllocatedBytesForCurrentThread();
        _parser.Parse(mime);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 100L * mime.Length, $"allocated {allocated:N0} bytes for a {mime.Length:N0}-byte email");
    }

    [Fact]
    public void An_attachment_that_cannot_be_read_on_an_email_of_no_known_kind_goes_to_triage_saying_why()
    {
        // It may be the referral form itself: the subject and body say nothing either way.
        var parsed = _parser.Parse(HostileMail.WithAttachment("Documents", "scan.docx", HostileMail.DocxType, HostileMail.ZipBombDocx));

        Assert.Equal(EmailKind.Other, parsed.Kind);
        Assert.Contains("a .docx attachment would expand beyond the size limit", parsed.TriageReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Twenty_thousand_nested_lists_are_not_handed_to_the_html_parser_and_the_email_goes_to_triage_saying_why()
    {
        // 180 KB of these kept the HTML parser busy for 20 s.
        var html = new StringBuilder("<html><body>").Insert(12, "<ul><li>", 20_000) + HostileMail.ChildLine;
        var mime = Encoding.UTF8.GetBytes($"From: a@example.org\r\nSubject: CME referral\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}");

        var parsed = _parser.Parse(mime);

        Assert.Contains("an HTML part nests deeper than 400 levels", parsed.TriageReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_nested_as_deep_as_a_long_reply_chain_is_still_read()
    {
        var html = new StringBuilder("<html><body>").Insert(12, "<div><blockquote>", 150) + $"<p>{HostileMail.ChildLine}</p><p>referral</p>";
        var mime = Encoding.UTF8.GetBytes($"From: a@example.org\r\nSubject: CME referral\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}");

        var parsed = _parser.Parse(mime);

        Assert.Equal(HostileMail.ChildSurname, parsed.Child.LastName);
    }

    [Theory]
    [InlineData("<div><div><span>x</span></div></div>", 3)]
    [InlineData("<ul><li>one<li>two<li>three</ul>", 1)] // list items close themselves
    [InlineData("<p>one<p>two<br><img src=x><hr>", 0)] // paragraphs close themselves; void elements never open
    [InlineData("<!-- <div> --> a < b <3", 1)] // rough: a tag in a comment counts, stray angle brackets do not
    [InlineData("<table><tr><td><table><tr><td>x</td></tr></table></td></tr></table>", 2)]
    public void Html_nesting_is_counted_from_the_tags_that_open_a_level(string html, int depth)
    {
        Assert.Equal(depth, TextExtraction.HtmlNestingDepth(html));
    }

    [Theory]
    [InlineData("Subject: CME referral ", "")] // one line
    [InlineData("Subject: CME referral ", "\r\n ")] // folded every 70 characters
    [InlineData("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nX-Long: ", "")] // in a part's headers
    [InlineData("Content-Type: message/rfc822\r\n\r\nFrom: b@example.org\r\nSubject: ", "\r\n\t")] // in an attached message's headers
    public void A_header_field_of_two_megabytes_is_not_read_and_the_email_goes_to_triage_saying_why(string before, string fold)
    {
        // The MIME library's cost grows with the square of a field: 2 MB folded took 5 s and allocated 29 GB.
        var field = new StringBuilder(before).Insert(before.Length, new string('s', 68) + fold, 2_000_000 / 70);
        var mime = Encoding.UTF8.GetBytes($"From: a@example.org\r\n{field}\r\n\r\n{HostileMail.ChildLine}\r\n");

        var parsed = _parser.Parse(mime);

        Assert.Equal("a header of the email is longer than 64 KB", parsed.TriageReason);
        Assert.IsType<IntakeDecision.Triage>(IntakePolicy.Decide(parsed, new IntakeFacts(null, null)));
    }

    [Fact]
    public void Header_fields_as_long_as_a_thousand_recipients_are_still_read()
    {
        var recipients = string.Join(",\r\n ", Enumerable.Range(0, 1000).Select(i => $"parent{i}@example.org"));
        var mime = Encoding.UTF8.GetBytes($"From: a@example.org\r\nTo: {recipients}\r\nSubject: CME referral\r\n\r\n{HostileMail.ChildLine}\r\n");

        var parsed = _parser.Parse(mime);

        Assert.Equal(HostileMail.ChildSurname, parsed.Child.LastName);
    }

    [Fact]
    public void A_pdf_larger_than_the_pdf_limit_is_not_read_and_the_email_goes_to_triage_saying_why()
    {
        // 400,000 text operators (9 MB) cost 4 s and 530 MB; the 25 MB an email may carry, about three times that.
        var pdf = HostileMail.Pdf([], contentOverride: "BT /F1 12 Tf " + new StringBuilder().Insert(0, "72 700 Td (x) Tj ", 650_000) + "ET");

        var parsed = _parser.Parse(HostileMail.WithAttachment("CME referral form attached", "form.pdf", "application/pdf", HostileMail.Ascii(pdf)));

        Assert.Contains("a .pdf attachment is larger than 10 MB and was not read", parsed.TriageReason, StringComparison.Ordinal);
    }

    private static byte[] Message(string subject, string body, (string Name, string Type, byte[] Content) attachment)
    {
        var message = new MimeKit.MimeMessage { Subject = subject };
        message.From.Add(MimeKit.MailboxAddress.Parse("school@example.org"));
        var builder = new MimeKit.BodyBuilder { TextBody = body };
        builder.Attachments.Add(attachment.Name, attachment.Content, MimeKit.ContentType.Parse(attachment.Type));
        message.Body = builder.ToMessageBody();
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return stream.ToArray();
    }
}
