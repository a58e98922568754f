using System.Text;
using static Cme.Testing.Hostile.HostileMail;

namespace Cme.Testing.Hostile;

/// <summary>
/// Generates hostile emails of one family from a seed: the same seed and case number give the same
/// bytes, so a failing case is reproduced by its seed and number alone.
/// </summary>
public sealed class HostileMailGenerator(IReadOnlyList<byte[]> samples)
{
    public static readonly IReadOnlyList<string> Families =
        ["malformed MIME", "nesting", "docx", "pdf", "huge", "charset", "header injection", "html", "sample mutation"];

    private static readonly string[] Tokens =
    [
        "\r\n", "\r", "\n", "\0", "--", "\r\n--", "=?utf-8?b?", "=?x-unknown?q?", "?=", "=\r\n", "=ZZ", "boundary=\"", ";", "\"",
        "\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n", "\r\nContent-Transfer-Encoding: base64\r\n", "charset=x-no-such",
        "<script>", "<div>", "<table><tr><td>", "\u00ff\u00fe", "begin 644 form.docx\r\n", "\r\n\r\n", ":", "Content-Type: message/rfc822\r\n\r\n",
    ];

    private static readonly string[] Charsets =
    [
        "x-no-such-charset", "utf-7", "utf-16", "utf-32", "utf-16be", "iso-2022-jp", "gb18030", "big5", "shift_jis", "ibm037", "windows-1252",
        "", "\"", "utf-8\0", "us-ascii", "koi8-r", new string('x', 5000), "unicode-1-1-utf-7", "cp1252'en'", "utf-8; charset=utf-16",
    ];

    /// <summary>The email for case <paramref name="index"/> of <paramref name="family"/> under <paramref name="seed"/>.</summary>
    public HostileEmail Generate(string family, int seed, int index)
    {
        // Not HashCode.Combine: it is salted per process, and a case must reproduce in another run.
        var random = new Random(unchecked((seed * 1_000_003) + (index * 7919) + StableHash(family)));
        return family switch
        {
            "malformed MIME" => MalformedMime(random),
            "nesting" => Nesting(random),
            "docx" => DocxAttachment(random),
            "pdf" => PdfAttachment(random),
            "huge" => Huge(random),
            "charset" => Charset(random),
            "header injection" => HeaderInjection(random),
            "html" => Html(random),
            "sample mutation" => Mutation(random),
            _ => throw new ArgumentException($"No hostile family '{family}'; the families are: {string.Join(", ", Families)}", nameof(family)),
        };
    }

    private static HostileEmail MalformedMime(Random random)
    {
        var valid = Message("CME referral", string.Empty, Mixed("b1", TextEntity(ChildLine + "\nPupil not seen since 05/01/2026."), AttachmentEntity("form.docx", DocxType, Docx(DocumentXml(ChildLine)))));
        switch (random.Next(8))
        {
            case 0:
                var cut = random.Next(valid.Length);
                return new("malformed MIME", $"a referral cut off after {cut} bytes", valid[..cut], MustTriage: false, []);
            case 1:
                return new("malformed MIME", "multipart with no boundary parameter", Message("CME referral", string.Empty, "Content-Type: multipart/mixed\r\n\r\n--b\r\n" + TextEntity("See attached.") + "--b--\r\n"), MustTriage: true, []);
            case 2:
                return new("malformed MIME", "a boundary that never appears", Message("CME referral", string.Empty, "Content-Type: multipart/mixed; boundary=never\r\n\r\n--other\r\n" + TextEntity("See attached.")), MustTriage: true, []);
            case 3:
                var encoding = Pick(random, "x-bogus", "base64; base64", "quoted-printable", "base64", "7bit\0", "uuencode", "binary", new string('z', 2000));
                return new("malformed MIME", $"Content-Transfer-Encoding '{Printable(encoding)}' over a body that is not in it", Message("CME referral", string.Empty, $"Content-Type: text/plain\r\nContent-Transfer-Encoding: {encoding}\r\n\r\n{Garbage(random, 2000)}==%%==\r\n=\r\n=Z"), MustTriage: false, []);
            case 4:
                var invalid = new StringBuilder();
                for (var i = 0; i < random.Next(1, 200); i++)
                {
                    invalid.Append(Pick(random, "QUJD", "====", "!!@@", "A", "\r\n", "ZmFpbA", "\0\0", "=?=", "Q\r\nU"));
                }

                return new("malformed MIME", "an attachment of invalid base64", Message("CME referral form attached", string.Empty, Mixed("b", TextEntity("See attached."), $"Content-Type: {DocxType}; name=f.docx\r\nContent-Disposition: attachment; filename=f.docx\r\nContent-Transfer-Encoding: base64\r\n\r\n{invalid}\r\n")), MustTriage: true, []);
            case 5:
                var lines = new StringBuilder();
                for (var i = 0; i < random.Next(1, 3000); i++)
                {
                    lines.Append(Pick(random, "no colon here", ": no name", " folded continuation", "X-Dup: 1", "Content-Type: text/html", "Content-Type:", "\t", "Subject: second subject")).Append("\r\n");
                }

                return new("malformed MIME", "thousands of broken and repeated header lines", Ascii($"From: {Sender}\r\nSubject: CME referral\r\n{lines}\r\nSee attached.\r\n"), MustTriage: false, []);
            case 6:
                return new("malformed MIME", "a header line of 500,000 characters", Message("CME referral", $"X-Long: {new string('a', 500_000)}\r\n", TextEntity("See attached.")), MustTriage: true, []);
            default:
                var bytes = new byte[random.Next(0, 20_000)];
                random.NextBytes(bytes);
                return new("malformed MIME", $"{bytes.Length} random bytes", bytes, MustTriage: false, []);
        }
    }

    private static HostileEmail Nesting(Random random)
    {
        var depth = random.Next(13, random.Next(2) == 0 ? 100 : 5000);
        switch (random.Next(4))
        {
            case 0:
                var mime = new StringBuilder();
                for (var i = 0; i < depth; i++)
                {
                    // The outermost is mixed: a multipart/report on the outside is a bounce, rightly ignored.
                    var subtype = i == 0 ? "mixed" : Pick(random, "mixed", "alternative", "related", "report", "signed");
                    mime.Append($"Content-Type: multipart/{subtype}; boundary=\"n{i}\"\r\n\r\n--n{i}\r\n");
                }

                return new("nesting", $"multiparts nested {depth} deep, unclosed, the child named at the bottom", Message("CME referral", string.Empty, mime.Append(TextEntity(ChildLine)).ToString()), MustTriage: true, []);
            case 1:
                var entity = TextEntity(ChildLine);
                for (var i = 0; i < Math.Min(depth, 400); i++)
                {
                    entity = Mixed($"c{i}", entity);
                }

                return new("nesting", $"multiparts nested {Math.Min(depth, 400)} deep and properly closed, the child named at the bottom", Message("CME referral", string.Empty, entity), MustTriage: true, []);
            case 2:
                var message = TextEntity(ChildLine);
                for (var i = 0; i < Math.Min(depth, 300); i++)
                {
                    message = $"Content-Type: message/rfc822\r\n\r\nFrom: {Sender}\r\nSubject: Fwd\r\n{message}";
                }

                return new("nesting", $"attached messages nested {Math.Min(depth, 300)} deep", Message("CME referral", string.Empty, message), MustTriage: true, []);
            default:
                var parts = random.Next(201, 3000);
                var mixed = Mixed("many", [.. Enumerable.Range(0, parts).Select(i => TextEntity($"part {i}")), TextEntity(ChildLine)]);
                return new("nesting", $"{parts} parts before the one that names the child", Message("CME referral", string.Empty, mixed), MustTriage: true, ["parts"]);
        }
    }

    private static HostileEmail DocxAttachment(Random random)
    {
        // Half look like referrals, half do not: an attachment that cannot be read goes to a person either way.
        var subject = random.Next(2) == 0 ? "CME referral form attached" : "Documents";
        var depth = random.Next(2000, 200_000);
        var entries = random.Next(501, 3000);
        (string What, byte[] Docx, bool Broken) built = random.Next(8) switch
        {
            0 => ("a zip bomb", ZipBombDocx, true),
            1 => ("a zip directory that understates the size", LyingSizeDocx, true),
            2 => ($"runs nested {depth} deep", Docx(DeeplyNestedDocumentXml(depth, "pupil")), true),
            3 => ($"{entries} entries", ManyEntriesDocx(entries, "pupil"), true),
            4 => ("a bomb embedded in a valid package", NestedDocx("pupil not attending"), false),
            5 => ("random bytes", RandomBytes(random, 5000), true),
            6 => ("a valid package, truncated", Truncate(random, Docx(DocumentXml("pupil", "not attending"))), true),
            _ => ("a valid package with bytes flipped", Flip(random, Docx(DocumentXml("pupil", "not attending")), random.Next(1, 20)), false),
        };
        var mime = WithAttachment(subject, "form.docx", DocxType, built.Docx);
        return new("docx", $"{built.What} (subject '{subject}')", mime, MustTriage: built.Broken, built.Broken ? [".docx"] : []);
    }

    private static HostileEmail PdfAttachment(Random random)
    {
        var referral = random.Next(2) == 0;
        var subject = referral ? "CME referral form attached" : "Scan";
        var lines = new[] { "pupil", "not attending" };
        var nested = random.Next(1000, 100_000);

        // Unreadable: certainly cannot be read, so the reason must name the .pdf. The rest may or
        // may not be read; a referral naming no child goes to triage either way.
        (string What, string Pdf, bool Unreadable) built = random.Next(9) switch
        {
            0 => ("not a PDF", "%PDF-1.7\n" + Garbage(random, 3000), true),
            1 => ($"arrays nested {nested} deep", Pdf(lines, "/X " + new string('[', nested) + new string(']', nested)), true),
            2 => ($"dictionaries nested {nested} deep", Pdf(lines, "/X " + new StringBuilder().Insert(0, "<< /A ", nested) + "1" + new StringBuilder().Insert(0, " >>", nested)), true),
            3 => ("a page tree that contains itself", Pdf(lines, pagesObject: "<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>"), false),
            4 => ("a page count of a billion", Pdf(lines, pagesObject: "<< /Type /Pages /Kids [3 0 R] /Count 999999999 >>"), false),
            5 => ("a page with no text (a scan)", Pdf([], contentOverride: "0 0 m 100 100 l S"), true),
            6 => ("a stream declaring a length of 2 GB", Pdf(lines).Replace("/Length ", "/Length 2147483647 /Was ", StringComparison.Ordinal), false),
            7 => ("a valid PDF, truncated", Pdf(lines)[..random.Next(10, 400)], true),
            _ => ($"a content stream of {nested} operators", Pdf([], contentOverride: "BT /F1 12 Tf " + new StringBuilder().Insert(0, "72 700 Td (x) Tj ", nested) + "ET"), false),
        };
        var mime = WithAttachment(subject, "form.pdf", "application/pdf", Ascii(built.Pdf));
        return new("pdf", $"{built.What} (subject '{subject}')", mime, MustTriage: built.Unreadable || referral, built.Unreadable ? [".pdf"] : []);
    }

    private static HostileEmail Huge(Random random)
    {
        var size = random.Next(200_001, 1_200_000);
        switch (random.Next(9))
        {
            case 0:
                return new("huge", $"{size:N0} characters of 'x' after the child's name", Message("CME referral", string.Empty, TextEntity(ChildLine + "\n" + new string('x', size))), MustTriage: false, []);
            case 1:
                return new("huge", $"a label and {size / 8:N0} indented continuation lines", Message("CME referral", string.Empty, TextEntity("Name: x\n" + new StringBuilder().Insert(0, "     yy\n", size / 8))), MustTriage: true, []);
            case 2:
                return new("huge", $"{size / 10:N0} label lines", Message("CME referral", string.Empty, TextEntity(new StringBuilder().Insert(0, "Name: x\n", size / 8).ToString())), MustTriage: false, []);
            case 3:
                return new("huge", $"{size / 5:N0} capitalised words in one line (school-name pattern)", Message("CME referral", string.Empty, TextEntity(new StringBuilder().Insert(0, "Aaa Bb ", size / 7) + "School")), MustTriage: false, []);
            case 4:
                return new("huge", $"{size / 40:N0} quoted header blocks", Message("RE: CME referral", string.Empty, TextEntity(new StringBuilder().Insert(0, "From: a@b.example.org\nSent: Monday\nSubject: x\n", size / 45).ToString())), MustTriage: false, []);
            case 5:
                return new("huge", $"a {size:N0}-byte base64 attachment of random bytes", WithAttachment("CME referral form attached", "form.docx", DocxType, RandomBytes(random, size)), MustTriage: true, [".docx"]);
            case 6:
                var folded = random.Next(2) == 0;
                var subject = "CME referral " + (folded ? new StringBuilder().Insert(0, "ssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss\r\n ", size / 70) : new string('s', size));
                return new("huge", $"a {(folded ? "folded " : string.Empty)}subject of {size:N0} characters", Message(subject, string.Empty, TextEntity("See attached.")), MustTriage: true, ["header"]);
            case 7:
                return new("huge", $"{size / 20:N0} header fields", Message("CME referral", new StringBuilder().Insert(0, "X-Filler: 1234567\r\n", size / 20).ToString(), TextEntity("See attached.")), MustTriage: true, []);
            default:
                // Rare: building 26 MB per case would dominate the run.
                return random.Next(20) == 0
                    ? new("huge", "an email larger than the size limit", Message("CME referral", string.Empty, TextEntity(new string('x', 26 * 1024 * 1024))), MustTriage: true, ["larger than"])
                    : new("huge", $"{size:N0} characters of sentences with action words", Message("CME referral", string.Empty, TextEntity(new StringBuilder().Insert(0, "We phoned. We visited! ", size / 23).ToString())), MustTriage: true, []);
        }
    }

    private static HostileEmail Charset(Random random)
    {
        var charset = Pick(random, Charsets);
        var body = new StringBuilder();
        for (var i = 0; i < random.Next(1, 200); i++)
        {
            body.Append(Pick(random, "\u00c0\u0080", "\u00ed\u00a0\u0080", "\u00ff\u00fe", "\u001b$B", "\u001b(B", "+ADw-", "+", "\0", "\u00f0\u009f", "pupil ", "\r\n", "\u00e9", "=E9", "\u00c3\u00a9"));
        }

        var encodedSubject = random.Next(3) switch
        {
            0 => $"=?{charset}?q?CME_referral=E9?=",
            1 => $"=?{charset}?b?{Convert.ToBase64String(RandomBytes(random, 40))}?=",
            _ => "CME referral",
        };
        var encoding = Pick(random, "8bit", "quoted-printable", "base64", "binary");
        var content = encoding == "base64" ? Convert.ToBase64String(Ascii(body.ToString())) : body.ToString();
        var html = random.Next(2) == 0;
        var mime = Message(encodedSubject, string.Empty, $"Content-Type: text/{(html ? "html" : "plain")}; charset=\"{charset}\"\r\nContent-Transfer-Encoding: {encoding}\r\n\r\n{content}\r\n");
        return new("charset", $"charset '{Printable(charset)}', {encoding}, {(html ? "HTML" : "plain")}, subject '{Printable(encodedSubject)}'", mime, MustTriage: false, []);
    }

    private static HostileEmail HeaderInjection(Random random)
    {
        var injected = $"\r\nBcc: {Victim}\r\n\r\n<html>";
        var b64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(injected));
        var (subject, from, extra, what) = random.Next(8) switch
        {
            0 => ($"=?utf-8?q?CME_referral=0D=0ABcc:_{Victim}?=", Sender, string.Empty, "CR/LF in a quoted-printable encoded subject"),
            1 => ($"=?utf-8?b?{b64}?=", Sender, string.Empty, "CR/LF in a base64 encoded subject"),
            2 => ($"CME referral\rBcc: {Victim}", Sender, string.Empty, "a bare CR in the subject"),
            3 => ("CME referral", $"=?utf-8?q?Office=0D=0ABcc:_{Victim}?= <{Sender}>", string.Empty, "CR/LF in an encoded display name"),
            4 => ("CME referral", $"\"Office\r\nBcc: {Victim}\" <{Sender}>", string.Empty, "CR/LF in a quoted display name"),
            5 => ("CME referral", $"{Sender}%0d%0aBcc:{Victim}", string.Empty, "URL-encoded CR/LF after the address"),
            6 => ("CME referral", $"=?utf-8?b?{Convert.ToBase64String(Encoding.UTF8.GetBytes(Victim))}?=", string.Empty, "the address itself as an encoded word"),
            _ => ("CME referral", Sender, $"Message-ID: <a\r\nBcc: {Victim}>\r\nReply-To: {Sender}\r\n\tBcc: {Victim}\r\n", "CR/LF in Message-ID and Reply-To"),
        };
        var mime = Message(subject, extra, TextEntity("Pupil has not attended. See attached."), from);
        return new("header injection", what, mime, MustTriage: true, [], MustNotReach: Victim);
    }

    private static HostileEmail Html(Random random)
    {
        var html = new StringBuilder("<html><head><style>body{} /* ").Append(ScriptCanary).Append(" */</style><script>var a='").Append(ScriptCanary).Append("';</script></head><body>");
        var what = new List<string>();
        var namesChild = random.Next(2) == 0;
        for (var i = 0; i < random.Next(1, 12); i++)
        {
            switch (random.Next(12))
            {
                case 0:
                    html.Append($"<script>document.write('{ScriptCanary}')</script>");
                    what.Add("script");
                    break;
                case 1:
                    html.Append($"<iframe srcdoc=\"<p>{ScriptCanary}</p>\" src=\"javascript:alert(1)\"></iframe><object data=\"x\">{ScriptCanary}</object>");
                    what.Add("iframe/object");
                    break;
                case 2:
                    html.Append($"<svg><script>{ScriptCanary}</script><style>{ScriptCanary}</style></svg>");
                    what.Add("svg script");
                    break;
                case 3:
                    html.Append($"<img src=x onerror=\"alert('{ScriptCanary}')\"><a href=\"javascript:{ScriptCanary}\">link</a>");
                    what.Add("event handlers");
                    break;
                case 4:
                    var depth = random.Next(100, random.Next(4) == 0 ? 40_000 : 2000);
                    html.Insert(html.Length, Pick(random, "<div>", "<span>", "<b>", "<table><tr><td>", "<ul><li>", "<blockquote>", "<font>", "<p>"), depth);
                    what.Add($"nested {depth} deep");
                    break;
                case 5:
                    html.Append("<!-- unclosed comment ").Append(ScriptCanary);
                    what.Add("unclosed comment");
                    break;
                case 6:
                    html.Append("<table>").Insert(html.Length, "<tr><td>Label</td><td>Value</td></tr>", random.Next(10, 8000)).Append("</table>");
                    what.Add("large table");
                    break;
                case 7:
                    html.Insert(html.Length, Pick(random, "&amp;", "&#xFFFFFFFF;", "&#0;", "&nbsp;", "&#55296;", "&unknownentity;"), random.Next(10, 20_000));
                    what.Add("entities");
                    break;
                case 8:
                    html.Append($"<div title=\"{new string('a', random.Next(1000, 200_000))}\">x</div>");
                    what.Add("huge attribute");
                    break;
                case 9:
                    html.Append($"<template>{ScriptCanary}</template><noscript>{ScriptCanary}</noscript><style>{ScriptCanary}</style>");
                    what.Add("template/noscript");
                    break;
                case 10:
                    // Everything after <plaintext> is text, by the HTML standard: so it comes last.
                    html.Append(namesChild ? $"<p>{ChildLine}</p>" : string.Empty).Append("<plaintext>").Append(Garbage(random, 500));
                    what.Add("plaintext");
                    return new("html", string.Join(", ", what), Message("CME referral", string.Empty, TextEntity(html.ToString(), "text/html; charset=utf-8")), MustTriage: !namesChild, []);
                default:
                    html.Append(namesChild ? $"<p>{ChildLine}</p>" : "<p>Pupil has not attended.</p>");
                    what.Add("paragraph");
                    break;
            }
        }

        var mime = Message("CME referral", string.Empty, TextEntity(html.Append("</body></html>").ToString(), "text/html; charset=utf-8"));
        return new("html", string.Join(", ", what), mime, MustTriage: !namesChild, []);
    }

    private HostileEmail Mutation(Random random)
    {
        var sample = random.Next(samples.Count);
        var bytes = new List<byte>(samples[sample]);
        var done = new List<string>();
        for (var i = 0; i < random.Next(1, 12); i++)
        {
            var at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0:
                    if (bytes.Count > 0)
                    {
                        bytes[at] = (byte)random.Next(256);
                    }

                    done.Add($"flip@{at}");
                    break;
                case 1:
                    var token = Pick(random, Tokens);
                    bytes.InsertRange(at, Encoding.Latin1.GetBytes(token));
                    done.Add($"insert '{Printable(token)}'@{at}");
                    break;
                case 2:
                    var length = Math.Min(random.Next(1, 2000), bytes.Count - at);
                    bytes.RemoveRange(at, Math.Max(0, length));
                    done.Add($"delete {length}@{at}");
                    break;
                case 3:
                    var chunk = bytes.Skip(at).Take(random.Next(1, 500)).ToArray();
                    var times = random.Next(1, 200);
                    for (var t = 0; t < times; t++)
                    {
                        bytes.InsertRange(at, chunk);
                    }

                    done.Add($"repeat {chunk.Length}x{times}@{at}");
                    break;
                case 4:
                    bytes.RemoveRange(at, bytes.Count - at);
                    done.Add($"truncate@{at}");
                    break;
                default:
                    var other = samples[random.Next(samples.Count)];
                    var from = random.Next(other.Length);
                    bytes.InsertRange(at, other.Skip(from).Take(random.Next(1, 3000)));
                    done.Add($"splice@{at}");
                    break;
            }
        }

        return new("sample mutation", $"sample {sample}: {string.Join(", ", done)}", [.. bytes], MustTriage: false, []);
    }

    private static T Pick<T>(Random random, params T[] choices) => choices[random.Next(choices.Length)];

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Truncate(Random random, byte[] bytes) => bytes[..random.Next(bytes.Length)];

    private static byte[] Flip(Random random, byte[] bytes, int flips)
    {
        var copy = (byte[])bytes.Clone();
        for (var i = 0; i < flips; i++)
        {
            copy[random.Next(copy.Length)] = (byte)random.Next(256);
        }

        return copy;
    }

    private static string Garbage(Random random, int length)
    {
        var text = new char[length];
        for (var i = 0; i < length; i++)
        {
            text[i] = (char)random.Next(0, 256);
        }

        return new string(text);
    }

    private static string Printable(string text) =>
        new([.. text.Take(40).Select(c => c < ' ' || c > '~' ? '?' : c)]);

    /// <summary>A hash of the family's name that is the same in every process (string.GetHashCode is not).</summary>
    private static int StableHash(string text) => text.Aggregate(17, (hash, c) => unchecked((hash * 31) + c));
}
