using System.Text;
using Cme.Core.Intake;
using MimeKit;

namespace Cme.Parsing.Tests.Readers;

/// <summary>
/// A small hand-made email for the readers' specifications: headers and a body, written out as MIME
/// and read the way the parser reads mail. Every child, person and school in these tests is invented;
/// every address is a role address at an example domain.
/// </summary>
internal sealed record TestEmail(string Subject, string Body)
{
    public string From { get; init; } = "Attendance Office <attendance@oakfield-primary.example.org>";

    public string To { get; init; } = "CME <cme@council.example.org>";

    public string Date { get; init; } = "Mon, 18 May 2026 09:30:00 +0100";

    /// <summary>The body's Content-Type; a multipart type carries its parts, boundaries and all, in <see cref="Body"/>.</summary>
    public string ContentType { get; init; } = "text/plain; charset=utf-8";

    /// <summary>The body's Content-Transfer-Encoding (not written for a multipart body).</summary>
    public string TransferEncoding { get; init; } = "8bit";

    /// <summary>How the body's characters become bytes: UTF-8, or Latin-1 to write single bytes such as 0x92 as they are.</summary>
    public Encoding BodyEncoding { get; init; } = Encoding.UTF8;

    /// <summary>Further headers, each as written ("Auto-Submitted: auto-generated").</summary>
    public IReadOnlyList<string> Headers { get; init; } = [];

    public TestEmail With(params string[] headers) => this with { Headers = [.. Headers, .. headers] };

    public byte[] Bytes()
    {
        var head = new StringBuilder()
            .Append("From: ").Append(From).Append("\r\n")
            .Append("To: ").Append(To).Append("\r\n")
            .Append("Subject: ").Append(Subject).Append("\r\n")
            .Append("Date: ").Append(Date).Append("\r\n")
            .Append("Message-ID: <").Append(Guid.NewGuid().ToString("N")).Append("@mail.example.org>\r\n")
            .Append("MIME-Version: 1.0\r\n");
        foreach (var header in Headers)
        {
            head.Append(header).Append("\r\n");
        }

        head.Append("Content-Type: ").Append(ContentType).Append("\r\n");
        if (!ContentType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
        {
            head.Append("Content-Transfer-Encoding: ").Append(TransferEncoding).Append("\r\n");
        }

        head.Append("\r\n");
        return [.. Encoding.UTF8.GetBytes(head.ToString()), .. BodyEncoding.GetBytes(Body.ReplaceLineEndings("\r\n"))];
    }

    /// <summary>The one reading of the email every reader works from.</summary>
    public EmailReading Read()
    {
        using var stream = new MemoryStream(Bytes());
        return EmailReading.Read(MimeMessage.Load(stream), ParseLimits.Default);
    }

    /// <summary>The whole parser's answer.</summary>
    public ParsedEmail Parse() => new EmailParser().Parse(Bytes());
}
