using Cme.Application.Mailboxes;
using Cme.Core.Cases;
using Cme.Core.Mail;
using Cme.Core.Notifications;

namespace Cme.Application.Queues;

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

/// <summary>
/// The <c>inbound-mail</c> queue's message: one email waiting in a mailbox. <see cref="Retry"/>:
/// sent by <c>cme triage retry</c>; <see cref="Recovered"/>: sent by reconciliation for an email
/// found without a record.
/// </summary>
public sealed record InboundMailMessage(string Source, string Id, DateTimeOffset FoundAt, bool Retry = false, bool Recovered = false)
{
    /// <summary>
    /// Reads a queue message and checks it names an email a mailbox of
    /// <paramref name="mailboxSource"/> can hold; anything else can never succeed and is refused
    /// with an <see cref="InvalidQueueMessageException"/> saying why in words a person understands.
    /// </summary>
    public static InboundMailMessage Read(string? queueMessage, string mailboxSource)
    {
        InboundMailMessage? message;
        try
        {
            message = System.Text.Json.JsonSerializer.Deserialize<InboundMailMessage>(queueMessage ?? string.Empty, QueueJson.Options);
        }
        catch (Exception exception) when (exception is System.Text.Json.JsonException or NotSupportedException or ArgumentException)
        {
            // Not the parser's message: it can quote the content.
            throw new InvalidQueueMessageException(
                "The queue message is not an inbound-mail message: it is not JSON of the shape {\"source\": \"folder\" or \"graph\", \"id\": \"…\", \"foundAt\": \"…\"}. " +
                "The mailbox poll writes these; something else put it on the queue.",
                exception);
        }

        if (message is null)
        {
            throw new InvalidQueueMessageException("The queue message is empty (JSON null); it names no email.");
        }

        if (MailboxMessage.Problem(message.Source, message.Id, mailboxSource) is { } problem)
        {
            throw new InvalidQueueMessageException($"The queue message cannot name an email in the mailbox: {problem}.");
        }

        return message;
    }
}
