using System.Net;
using Cme.Application.Outbox;
using Cme.Core.Notifications;
using Microsoft.Extensions.Logging;
using SendGrid;
using SendGrid.Helpers.Mail;
using MailAddress = Cme.Core.Mail.EmailAddress;

namespace Cme.Infrastructure.Outbox;

/// <summary>
/// Delivers through SendGrid's v3 Mail Send API with the SendGrid SDK (<see cref="SendGridClient"/>
/// on a factory <see cref="HttpClient"/> whose resilience handler retries clear failures, see
/// <see cref="SendGridHttp"/>): plain text with an HTML alternative, the case reference and
/// notification id as category and custom args (to trace a delivery in SendGrid's activity feed
/// and to match its events; never a child's data), headers that stop auto-replies, no click or
/// open tracking, and sandbox mode when configured. A refused request (400, 401, 403) is an error
/// with what to check; an answer that was lost after the request went out is
/// <see cref="DeliveryOutcomeUnknownException"/>, never retried blindly.
/// </summary>
public sealed partial class SendGridDelivery(IHttpClientFactory httpClients, SendGridOptions options, MailAddress from, ILogger<SendGridDelivery> logger)
    : INotificationDelivery
{
    public string Description => $"SendGrid ({options.BaseUrl}{(options.SandboxMode ? ", sandbox mode: nothing is sent" : string.Empty)})";

    public async Task<DeliveryReceipt> DeliverAsync(Notification notification, CancellationToken cancellationToken)
    {
        var client = new SendGridClient(
            httpClients.CreateClient(SendGridHttp.ClientName),
            new SendGridClientOptions { ApiKey = options.ApiKey, Host = options.BaseUrl.TrimEnd('/') });
        Response response;
        try
        {
            response = await client.SendEmailAsync(Message(notification), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && SendGridHttp.RequestNeverReachedSendGrid(exception))
        {
            throw new DeliveryFailedException(
                $"SendGrid could not be reached for notification {notification.Id} ({exception.Message}) on all {options.MaxAttempts} attempts. The queue will retry it; check the network and {SendGridOptions.SectionName}:BaseUrl.");
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && exception is HttpRequestException or TaskCanceledException or TimeoutException)
        {
            // The request went out and its answer was lost: SendGrid may have accepted it. It has no
            // idempotency key, so sending again now could send the mail twice.
            LogOutcomeUnknown(notification.Id, exception.GetType().Name);
            throw new DeliveryOutcomeUnknownException(notification.Id, exception);
        }

        if (response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK)
        {
            var messageId = response.Headers.TryGetValues("X-Message-Id", out var ids) ? ids.FirstOrDefault() : null;
            return new DeliveryReceipt(options.SandboxMode ? "sendgrid-sandbox" : "sendgrid", messageId ?? notification.Id, AlreadyDelivered: false);
        }

        if (SendGridHttp.IsTransient(response.StatusCode))
        {
            throw new DeliveryFailedException(
                $"SendGrid answered HTTP {(int)response.StatusCode} to notification {notification.Id} on all {options.MaxAttempts} attempts. The queue will retry it; if this persists, check SendGrid's status page and the account's sending limits.");
        }

        var detail = response.Body is null ? string.Empty : await response.Body.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var what = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => $"the API key was refused: check {SendGridOptions.SectionName}:ApiKey (in Key Vault) and that the key has the Mail Send permission",
            HttpStatusCode.BadRequest => "the request was refused: check that the sender address is verified in SendGrid (Sender Authentication)",
            HttpStatusCode.RequestEntityTooLarge => "the message is too large for SendGrid",
            _ => "unexpected answer",
        };
        throw new DeliveryFailedException($"SendGrid answered HTTP {(int)response.StatusCode} to notification {notification.Id}: {what}. SendGrid said: {Bounded(detail)}");
    }

    private SendGridMessage Message(Notification notification)
    {
        var message = new SendGridMessage
        {
            From = new EmailAddress(from.Value),
            Subject = notification.Subject.Value,
            PlainTextContent = notification.Text,
        };
        if (notification.Html is not null)
        {
            message.HtmlContent = notification.Html;
        }

        message.AddTos(notification.To.Select(to => new EmailAddress(to.Value)).ToList());

        // Only the product's own identifiers: SendGrid's events and activity feed are not a place for a child's data.
        var categories = new List<string> { "cme", "cme-" + notification.Kind.ToString().ToLowerInvariant() };
        var customArgs = new Dictionary<string, string> { [SendGridEvents.NotificationIdArg] = notification.Id, ["kind"] = notification.Kind.ToString() };
        if (notification.Case is not null)
        {
            categories.Add(notification.Case.ToString());
            customArgs[SendGridEvents.CaseReferenceArg] = notification.Case.ToString();
        }

        message.AddCategories(categories);
        // Message-level custom args and headers (the SDK's Add… methods would put them on the personalization).
        message.CustomArgs = customArgs;
        message.Headers = new Dictionary<string, string>
        {
            // RFC 3834: never draw an automatic reply.
            ["Auto-Submitted"] = "auto-generated",
            ["X-Auto-Response-Suppress"] = "All",
            ["X-CME-Notification"] = notification.Id,
        };
        message.SetSandBoxMode(options.SandboxMode);

        // Tracking pixels and rewritten links would tell a third party who opened mail about a child.
        message.SetClickTracking(enable: false, enableText: false);
        message.SetOpenTracking(enable: false);
        return message;
    }

    private static string Bounded(string text) => text.Length <= 500 ? text : text[..500] + "…";

    [LoggerMessage(Level = LogLevel.Warning, Message = "The answer to notification {NotificationId} was lost after it was sent ({Failure}); it is not sent again until SendGrid's events say whether it arrived")]
    private partial void LogOutcomeUnknown(string notificationId, string failure);
}
