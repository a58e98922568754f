using Cme.Core.Cases;
using Cme.Core.Mail;

namespace Cme.Core.Notifications;

/// <summary>
/// One email the product sends. Its <see cref="Id"/> is derived from what caused it (the email
/// acknowledged, the deadline and the reminder step), so the same cause always gives the same id
/// and a notification queued twice is still delivered once.
/// </summary>
public sealed record Notification(
    string Id,
    NotificationKind Kind,
    CaseReference? Case,
    IReadOnlyList<EmailAddress> To,
    MailSubject Subject,
    string Text,
    string? Html);

/// <summary>What a notification is for; used for delivery categories and the event log.</summary>
public enum NotificationKind
{
    Acknowledgement,
    Reminder,
    Escalation,
    CaseClosed,
    Digest,
    CommandReply,
}
