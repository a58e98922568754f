using Cme.Application.Outbox;
using Cme.Core.Mail;
using Cme.Core.Notifications;
using MimeKit;

namespace Cme.Infrastructure.Outbox;

/// <summary>
/// The local outbox, the embedded default: each notification becomes one <c>.eml</c> file named
/// by its id, written whole or not at all, never overwritten.
/// </summary>
public sealed class PickupFolderDelivery(string folder, EmailAddress from, TimeProvider time) : INotificationDelivery
{
    public string Folder { get; } = Path.GetFullPath(folder);

    public string Description => $"local pickup folder {Folder}";

    public async Task<DeliveryReceipt> DeliverAsync(Notification notification, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        var fileName = SafeFileName(notification.Id) + ".eml";
        var path = Path.Combine(Folder, fileName);
        if (File.Exists(path))
        {
            return new DeliveryReceipt("outbox", fileName, AlreadyDelivered: true);
        }

        var message = MimeNotification.Build(notification, from, time.GetUtcNow());
        var temporary = Path.Combine(Folder, $".{fileName}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = File.Create(temporary))
            {
                await message.WriteToAsync(stream, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temporary, path, overwrite: false);
            return new DeliveryReceipt("outbox", fileName, AlreadyDelivered: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another instance delivered the same notification first.
            return new DeliveryReceipt("outbox", fileName, AlreadyDelivered: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static string SafeFileName(string id) =>
        new(id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());
}

/// <summary>Turns a notification into a MIME message, the same for every channel that needs one.</summary>
public static class MimeNotification
{
    public static MimeMessage Build(Notification notification, EmailAddress from, DateTimeOffset now)
    {
        var message = new MimeMessage
        {
            Subject = notification.Subject.Value,
            Date = now,
            MessageId = $"{notification.Id}@cme-functions.invalid",
        };
        message.From.Add(MailboxAddress.Parse(from.Value));
        foreach (var to in notification.To)
        {
            message.To.Add(MailboxAddress.Parse(to.Value));
        }

        // RFC 3834: mail we generate must never draw an automatic reply, or mail loops start.
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Headers.Add("X-Auto-Response-Suppress", "All");
        message.Headers.Add("X-CME-Notification", notification.Id);
        if (notification.Case is not null)
        {
            message.Headers.Add("X-CME-Case", notification.Case.ToString());
        }

        var body = new BodyBuilder { TextBody = notification.Text };
        if (notification.Html is not null)
        {
            body.HtmlBody = notification.Html;
        }

        message.Body = body.ToMessageBody();
        return message;
    }
}
