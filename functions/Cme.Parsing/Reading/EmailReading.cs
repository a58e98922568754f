using System.Text.RegularExpressions;
using Cme.Core.Mail;
using MimeKit;

namespace Cme.Parsing;

/// <summary>
/// One reading of an email, done once: its headers, its text (body, attachments and attached
/// messages, decoded as mail clients decode them), the thread (what the sender wrote now, what
/// they forward, what they quote) and the form's answers. Every reader works from this.
/// </summary>
internal sealed partial class EmailReading
{
    private EmailReading(MimeMessage message, TextExtraction extraction)
    {
        Message = message;
        Subject = CharsetDecoding.Normalise((message.Subject ?? string.Empty).Trim());
        CleanSubject = ReplyPrefix().Replace(Subject, string.Empty).Trim();
        var prefixes = ReplyPrefix().Match(Subject).Value;
        IsForward = ForwardWord().IsMatch(prefixes);
        IsReply = ReplyWord().IsMatch(prefixes);
        var sender = message.From.Mailboxes.FirstOrDefault();
        EmailAddress.TryParse(sender?.Address, out var from);
        From = from;
        EmailAddress.TryParse(message.ReplyTo.Mailboxes.FirstOrDefault()?.Address, out var replyTo);
        ReplyTo = replyTo;
        SentAt = message.Date == DateTimeOffset.MinValue ? null : message.Date;
        // The sender's own day: half past midnight in British Summer Time is already the next day.
        Reference = SentAt is { } sent ? DateOnly.FromDateTime(sent.DateTime) : null;
        Body = Normalise(extraction.Body);
        Attachments = Normalise(extraction.Attachments);
        Problems = extraction.Problems;
        Thread = Thread.Split(Body, IsForward);
        // Fields come from everything: the new text, what it forwards or quotes, and attachments.
        Everything = string.Join("\n", new[] { Thread.NewText, Thread.Forwarded, Thread.Quoted, Attachments }.Where(t => t.Length > 0));
        Form = Form.Read(Everything);
    }

    public MimeMessage Message { get; }

    public string Subject { get; }

    /// <summary>The subject without its <c>RE:</c>/<c>FW:</c> prefixes.</summary>
    public string CleanSubject { get; }

    public bool IsReply { get; }

    public bool IsForward { get; }

    public EmailAddress? From { get; }

    public EmailAddress? ReplyTo { get; }

    public DateTimeOffset? SentAt { get; }

    /// <summary>The day the email was sent: completes dates written without a year.</summary>
    public DateOnly? Reference { get; }

    public string Body { get; }

    public string Attachments { get; }

    public IReadOnlyList<string> Problems { get; }

    public Thread Thread { get; }

    public string Everything { get; }

    public Form Form { get; }

    /// <summary>The text written now and what it forwards: where a report's own words are (quoted history is context).</summary>
    public string OwnText => Thread.Forwarded.Length == 0 ? Thread.NewText : Thread.NewText + "\n" + Thread.Forwarded;

    public static EmailReading Read(MimeMessage message, ParseLimits limits)
    {
        var extraction = new TextExtraction(limits);
        extraction.Read(message.Body);
        return new EmailReading(message, extraction);
    }

    // NFC last as well: an HTML entity for a combining mark is decoded after the part's text was normalised.
    private static string Normalise(string text) =>
        CharsetDecoding.Normalise(text).Replace("\r\n", "\n", StringComparison.Ordinal)
            .Replace('\u2019', '\'').Replace('\u2018', '\'').Replace('\u201c', '"').Replace('\u201d', '"')
            .Replace('\u00a0', ' ').Replace('\u200b', ' ');

    [GeneratedRegex(@"^\s*(?:(?:re|fw|fwd|aw|wg|tr|sv|vs|antw)\s*(?:\[\d+\])?\s*:\s*)+", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    internal static partial Regex ReplyPrefix();

    [GeneratedRegex(@"\b(fw|fwd|wg|tr)\b", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex ForwardWord();

    [GeneratedRegex(@"\b(re|aw|sv|vs|antw)\b", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex ReplyWord();
}
