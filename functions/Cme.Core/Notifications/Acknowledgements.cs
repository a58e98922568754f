using System.Net;
using Cme.Core.Cases;
using Cme.Core.Intake;
using Cme.Core.Mail;

namespace Cme.Core.Notifications;

/// <summary>
/// The acknowledgement a referrer gets: the case reference to quote, and nothing about the child
/// beyond initials (the minimum, by default).
/// </summary>
public static class Acknowledgements
{
    /// <summary>The notification id for acknowledging one email: the same email is acknowledged once.</summary>
    public static string IdFor(string emailKey) => "ack-" + emailKey;

    public static Notification For(string emailKey, Case @case, EmailKind kind, EmailAddress referrer, string serviceName)
    {
        var what = kind switch
        {
            EmailKind.NoShow => "notification that a child did not start",
            EmailKind.RemovalFromRoll => "notification of a removal from roll",
            _ => "referral",
        };
        var initials = string.IsNullOrEmpty(@case.Child.Initials) ? "the child" : $"the child with initials {@case.Child.Initials}";
        var text =
            $"Thank you. Your {what} to the {serviceName} Children Missing Education service has been received " +
            $"and recorded as case {@case.Reference}, about {initials}.\n\n" +
            $"Please quote {@case.Reference} in the subject of any further email about this child.\n\n" +
            "A CME officer will make enquiries. You will hear from us when the case is closed.\n\n" +
            "This is an automatic acknowledgement; replies to it reach the CME mailbox.";
        var html =
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + WebUtility.HtmlEncode(@case.Reference.ToString()) + "</title></head>" +
            "<body style=\"font-family:Arial,sans-serif;font-size:14px;line-height:1.5;color:#0b0c0c\">" +
            string.Concat(text.Split("\n\n").Select(paragraph => "<p>" + WebUtility.HtmlEncode(paragraph) + "</p>")) +
            "</body></html>";

        return new Notification(
            IdFor(emailKey),
            NotificationKind.Acknowledgement,
            @case.Reference,
            [referrer],
            MailSubject.From($"{serviceName} CME: {what} received, case {@case.Reference}"),
            text,
            html);
    }
}
