using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Cme.Application.Mailboxes;
using Cme.Application.Ports;
using Cme.Application.Queues;
using Microsoft.Extensions.Logging;

namespace Cme.Application.Intake;

/// <summary>
/// Records a message that cannot be processed, so a person sees it in <c>cme triage list</c> and
/// the digest: one that failed every attempt (the host moved it to a <c>-poison</c> queue), and
/// one that could never succeed (not an email handle at all), on its first attempt. The failure
/// path must not fail: whatever the message holds (unreadable, oversized, an unknown source, a
/// hostile id) it is recorded, with a bounded, escaped excerpt and its size where it cannot be
/// kept whole. Nothing is dropped.
/// </summary>
public sealed partial class FailedMessages(IMailbox mailbox, ITriageStore triage, TimeProvider time, ILogger<FailedMessages> logger)
{
    /// <summary>The source recorded for a message that names no email this deployment can read: it cannot be retried.</summary>
    public const string UnreadableSource = "unreadable";

    /// <summary>The most of an unreadable message kept, escaped, in its triage item (a table property holds 32K characters).</summary>
    public const int ExcerptLength = 1000;

    /// <summary>The largest notification message kept whole, so it can be re-queued as it was.</summary>
    private const int NotificationKeptWhole = 30_000;

    /// <summary>
    /// A message on <c>inbound-mail</c> that can never succeed, recorded on its first attempt
    /// instead of using up the queue's retries: <paramref name="why"/> says what is wrong with it.
    /// </summary>
    public async Task RecordUnprocessableEmailAsync(string? queueMessage, string why, CancellationToken cancellationToken)
    {
        var id = "message-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(queueMessage ?? string.Empty)))[..32];
        var reason = $"{why} Received {Size(queueMessage)}; it was not retried, because it never can succeed. The message (an escaped excerpt) is kept in this item. Nothing else needs doing unless an email is missing from the mailbox's records (run: cme mailbox reconcile).";
        await triage.RecordAsync(
            new TriageItem(id, UnreadableSource, Excerpt(queueMessage), reason, Kind: null, time.GetUtcNow(), TriageStatus.Waiting, IsPoison: true),
            cancellationToken).ConfigureAwait(false);
        LogUnprocessable(QueueNames.InboundMail, id);
    }

    public async Task RecordFailedEmailAsync(string? queueMessage, string poisonMessageId, CancellationToken cancellationToken)
    {
        InboundMailMessage? message = null;
        string? unreadable = null;
        try
        {
            message = InboundMailMessage.Read(queueMessage, mailbox.Source);
        }
        catch (InvalidQueueMessageException invalid)
        {
            unreadable = invalid.Message;
        }

        var reason = message is not null
            ? $"Processing failed on every attempt (see the host log for {QueueNames.InboundMail} around {time.GetUtcNow():yyyy-MM-dd HH:mm} UTC). Fix the cause, then run: cme triage retry {poisonMessageId}"
            : $"Failed on every attempt, and cannot be retried: {unreadable} Received {Size(queueMessage)}; an escaped excerpt is kept in this item.";
        await triage.RecordAsync(
            message is not null
                ? new TriageItem(poisonMessageId, message.Source, message.Id, reason, Kind: null, time.GetUtcNow(), TriageStatus.Waiting, IsPoison: true)
                : new TriageItem(poisonMessageId, UnreadableSource, Excerpt(queueMessage), reason, Kind: null, time.GetUtcNow(), TriageStatus.Waiting, IsPoison: true),
            cancellationToken).ConfigureAwait(false);

        // After the record: moving the email aside is for officers' convenience, the record is what counts.
        if (message is not null)
        {
            await mailbox.MarkFailedAsync(new MailboxMessage(message.Source, message.Id), reason, cancellationToken).ConfigureAwait(false);
        }

        LogPoison(QueueNames.InboundMail, poisonMessageId);
    }

    public async Task RecordFailedNotificationAsync(string? queueMessage, string poisonMessageId, CancellationToken cancellationToken)
    {
        string? notificationId = null;
        string? caseReference = null;
        try
        {
            var notification = QueueJson.Deserialize<NotificationMessage>(queueMessage ?? string.Empty);
            notificationId = notification.Id;
            caseReference = notification.Case;
        }
        catch (Exception exception) when (exception is InvalidQueueMessageException or NotSupportedException or ArgumentException)
        {
            // Recorded below with what there is.
        }

        var keptWhole = queueMessage is { Length: <= NotificationKeptWhole };
        var reason = keptWhole
            ? $"Notification {Escape(notificationId, 100) ?? "(unreadable)"} for case {Escape(caseReference, 40) ?? "(none)"} could not be delivered on any attempt. Check the delivery settings, then run: cme triage retry {poisonMessageId}"
            : $"A notification message of {Size(queueMessage)} could not be delivered on any attempt; it is too large to keep whole, so it cannot be retried from here (an escaped excerpt is kept).";
        await triage.RecordAsync(
            new TriageItem(poisonMessageId, keptWhole ? "notification" : UnreadableSource, keptWhole ? queueMessage! : Excerpt(queueMessage), reason, Kind: "notification", time.GetUtcNow(), TriageStatus.Waiting, IsPoison: true),
            cancellationToken).ConfigureAwait(false);
        LogPoison(QueueNames.Notifications, poisonMessageId);
    }

    /// <summary>The first <see cref="ExcerptLength"/> characters, every control, format and non-ASCII character escaped as <c>\uXXXX</c>.</summary>
    public static string Excerpt(string? text) => string.IsNullOrEmpty(text) ? "(empty)" : Escape(text, ExcerptLength)!;

    private static string? Escape(string? text, int length)
    {
        if (text is null)
        {
            return null;
        }

        var excerpt = new StringBuilder();
        foreach (var c in text.AsSpan(0, Math.Min(text.Length, length)))
        {
            if (c is >= ' ' and <= '~')
            {
                excerpt.Append(c);
            }
            else
            {
                excerpt.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
        }

        return text.Length > length ? excerpt.Append(" ...").ToString() : excerpt.ToString();
    }

    private static string Size(string? text) =>
        text is null ? "no message text" : $"{text.Length.ToString("N0", CultureInfo.InvariantCulture)} characters";

    [LoggerMessage(Level = LogLevel.Error, Message = "A message on {Queue} failed every attempt and is waiting in triage as {TriageId}")]
    private partial void LogPoison(string queue, string triageId);

    [LoggerMessage(Level = LogLevel.Error, Message = "A message on {Queue} names no email this deployment can read; recorded in triage as {TriageId} without retrying")]
    private partial void LogUnprocessable(string queue, string triageId);
}
