using System.Text.RegularExpressions;
using Cme.Core.Mail;
using MimeKit;

namespace Cme.Parsing;

/// <summary>What kind of machine-made mail an email is, if any.</summary>
internal enum AutomaticMail
{
    /// <summary>Written by a person, or a machine-sent notice to be read like one.</summary>
    None,

    /// <summary>Out-of-office and vacation replies.</summary>
    AutoReply,

    /// <summary>Delivery status notifications (bounces).</summary>
    DeliveryReport,

    /// <summary>Read receipts (message disposition notifications).</summary>
    ReadReceipt,

    /// <summary>Mailing-list and bulk mail (newsletters, bulletins).</summary>
    ListMail,
}

/// <summary>What the recogniser found: the kind of automatic mail, whether a machine sent it, and why.</summary>
internal sealed record AutomaticReading(AutomaticMail Kind, bool MachineSent, string? Evidence);

/// <summary>
/// Tells the automatic mail that is only ever recorded (auto-replies, bounces, read receipts,
/// list mail) from everything else, each by what it is: report MIME types, auto-reply headers and
/// wording, List-* headers. <c>Auto-Submitted: auto-generated</c> alone says only that a machine
/// sent it: a school MIS's deletion notice and a council web form are machine-sent notices about
/// a child, read like any other and never answered at their sender.
/// </summary>
internal static partial class AutomaticMailRecogniser
{
    public static AutomaticReading Recognise(EmailReading email)
    {
        var message = email.Message;
        var autoSubmitted = message.Headers[HeaderId.AutoSubmitted]?.Trim();
        var submittedByMachine = !string.IsNullOrWhiteSpace(autoSubmitted) && !autoSubmitted.StartsWith("no", StringComparison.OrdinalIgnoreCase);
        var precedence = message.Headers[HeaderId.Precedence]?.Trim();
        var machineAddress = email.From is { } from && MachineAddress.IsMachine(from);
        var nullReturnPath = message.Headers[HeaderId.ReturnPath]?.Trim() is "<>";
        var machineSent = submittedByMachine || machineAddress || nullReturnPath || (precedence is not null && BulkPrecedence().IsMatch(precedence));

        var reportType = ReportType(message);
        if (reportType is "delivery-status" || HasPart(message, "message/delivery-status"))
        {
            return new(AutomaticMail.DeliveryReport, true, "a delivery status notification (multipart/report; report-type=delivery-status)");
        }

        if (reportType is "disposition-notification" || HasPart(message, "message/disposition-notification"))
        {
            return new(AutomaticMail.ReadReceipt, true, "a read receipt (report-type=disposition-notification)");
        }

        if (autoSubmitted?.StartsWith("auto-replied", StringComparison.OrdinalIgnoreCase) == true)
        {
            return new(AutomaticMail.AutoReply, true, "an automatic reply (Auto-Submitted: auto-replied)");
        }

        if (message.Headers.Contains("X-Autoreply") || message.Headers.Contains("X-Autorespond") || message.Headers.Contains("X-Autoresponder")
            || (message.Headers["X-Auto-Response"] is { } autoResponse && autoResponse.Length > 0))
        {
            return new(AutomaticMail.AutoReply, true, "an automatic reply (an auto-responder header)");
        }

        if (precedence?.Equals("auto_reply", StringComparison.OrdinalIgnoreCase) == true)
        {
            return new(AutomaticMail.AutoReply, true, "an automatic reply (Precedence: auto_reply)");
        }

        if (AutoReplySubject().IsMatch(email.Subject))
        {
            return new(AutomaticMail.AutoReply, true, "an automatic reply (its subject says so)");
        }

        if (BounceSubject().IsMatch(email.Subject) && (machineAddress || nullReturnPath || BounceSender().IsMatch(email.From?.Value ?? string.Empty)))
        {
            return new(AutomaticMail.DeliveryReport, true, "a bounce from a mail server");
        }

        if (ReadReceiptSubject().IsMatch(email.Subject) && ReadReceiptWording().IsMatch(email.Thread.NewText))
        {
            return new(AutomaticMail.ReadReceipt, true, "a read receipt (its subject and wording)");
        }

        // Out-of-office wording counts only from a machine, at the start of a short message that is no form:
        // a web form's answer ("the family are currently away") or a person's news ("I am on leave from Friday") is not an auto-reply.
        var outOfOffice = OutOfOfficeWording().Match(email.Thread.NewText);
        if (outOfOffice is { Success: true, Index: < 200 } && email.Thread.NewText.Length < 800 && Form.Read(email.Thread.NewText).Fields.Count < 3
            && (machineSent || UnmistakablyOutOfOffice().IsMatch(outOfOffice.Value))
            // "I am out of the office from tomorrow, so copy in my colleague: Jayden (DOB …) has not attended": a report, with news.
            && !(message.Headers[HeaderId.AutoSubmitted] is null && ChildReader.IdentifiesAChild(email.Thread.NewText, email.Reference)))
        {
            return new(AutomaticMail.AutoReply, true, "an automatic reply (out-of-office wording from a machine)");
        }

        if (message.Headers.Contains(HeaderId.ListId) || message.Headers.Contains(HeaderId.ListUnsubscribe) || message.Headers.Contains(HeaderId.ListPost)
            || precedence?.Equals("list", StringComparison.OrdinalIgnoreCase) == true)
        {
            return new(AutomaticMail.ListMail, true, "mailing-list mail (List-* headers)");
        }

        return new(AutomaticMail.None, machineSent, machineSent ? $"machine-sent ({MachineReason(submittedByMachine, machineAddress, nullReturnPath, autoSubmitted, precedence)}): read on its content, never answered at its sender" : null);
    }

    private static string MachineReason(bool submitted, bool address, bool nullReturnPath, string? autoSubmitted, string? precedence) =>
        submitted ? $"Auto-Submitted: {autoSubmitted}"
        : address ? "a no-reply or notifications address"
        : nullReturnPath ? "an empty Return-Path"
        : $"Precedence: {precedence}";

    private static string? ReportType(MimeMessage message) =>
        message.Body is { } body && body.ContentType.MimeType.Equals("multipart/report", StringComparison.OrdinalIgnoreCase)
            ? (body.ContentType.Parameters["report-type"] ?? string.Empty).Trim().ToLowerInvariant()
            : null;

    private static bool HasPart(MimeMessage message, string mimeType) =>
        message.BodyParts.Take(50).Any(p => p.ContentType.MimeType.Equals(mimeType, StringComparison.OrdinalIgnoreCase));

    [GeneratedRegex("^(bulk|junk|list)$", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex BulkPrecedence();

    [GeneratedRegex(@"^\s*(automatic reply|auto(matic)?[- ]?(reply|response)|autoreply|auto:|out of (the )?office|ooo\b|abwesenheitsnotiz|réponse automatique)", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex AutoReplySubject();

    [GeneratedRegex(@"^\s*(undeliverable|undelivered|delivery (status notification|has failed|failure|failed|delay)|returned mail|mail delivery (failed|failure|system)|failure notice|message not delivered|non[- ]?delivery)", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex BounceSubject();

    [GeneratedRegex(@"^(mailer-daemon|postmaster|microsoftexchange[0-9a-f]*|mail-?delivery)", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex BounceSender();

    [GeneratedRegex(@"^\s*(read|not read|read receipt|gelesen|lu)\s*:", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex ReadReceiptSubject();

    [GeneratedRegex(@"\b(was read on|has been read|was deleted without being read|displayed on the recipient)", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex ReadReceiptWording();

    [GeneratedRegex(@"\b(I am|I'm|I will be|I'll be) (currently )?(out of (the )?office|on (annual |maternity |sick |parental )?leave|away|off|out)\b|\bout of (the )?office (until|from|on|and)\b|limited access to (my )?e-?mail|(respond|reply|get back to you) (to your (e-?mail|message) )?(on|upon|when I) (my )?return|back in the office on", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex OutOfOfficeWording();

    /// <summary>Words only an out-of-office uses ("I am on leave from Friday" is also a person's news).</summary>
    [GeneratedRegex(@"out of (the )?office|limited access|on my return|back in the office", RegexOptions.IgnoreCase, ParserRegex.TimeoutMilliseconds)]
    private static partial Regex UnmistakablyOutOfOffice();
}
