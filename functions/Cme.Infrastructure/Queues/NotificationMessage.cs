using Cme.Core.Cases;
using Cme.Core.Mail;
using Cme.Core.Notifications;

namespace Cme.Infrastructure.Queues;

/// <summary>The <c>notifications</c> queue's message: one notification, ready to deliver.</summary>
public sealed record NotificationMessage(
    string Id,
    string Kind,
    string? Case,
    IReadOnlyList<string> To,
    string Subject,
    string Text,
    string? Html)
{
    public static NotificationMessage From(Notification notification) => new(
        notification.Id,
        notification.Kind.ToString(),
        notification.Case?.ToString(),
        notification.To.Select(address => address.Value).ToArray(),
        notification.Subject.Value,
        notification.Text,
        notification.Html);

    /// <summary>Back to the domain type, re-validating everything: a queue message is input like any other.</summary>
    public Notification ToNotification()
    {
        if (string.IsNullOrWhiteSpace(Id))
        {
            throw new InvalidQueueMessageException("A notification message has no id.");
        }

        if (!Enum.TryParse<NotificationKind>(Kind, ignoreCase: false, out var kind))
        {
            throw new InvalidQueueMessageException($"Notification {Id} has an unknown kind '{Kind}'.");
        }

        var recipients = (To ?? []).Select(address => EmailAddress.TryParse(address, out var parsed)
                ? parsed
                : throw new InvalidQueueMessageException($"Notification {Id} has a recipient that is not an email address."))
            .ToArray();
        if (recipients.Length == 0)
        {
            throw new InvalidQueueMessageException($"Notification {Id} has no recipients.");
        }

        return new Notification(
            Id,
            kind,
            Case is null ? null : CaseReference.Parse(Case),
            recipients,
            MailSubject.From(Subject ?? string.Empty),
            Text ?? string.Empty,
            Html);
    }
}

/// <summary>The <c>inbound-mail</c> queue's message: one email waiting in a mailbox.</summary>
public sealed record InboundMailMessage(string Source, string Id, DateTimeOffset FoundAt, bool Retry = false);
