using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Cme.Application.Outbox;
using Cme.Core.Mail;
using Cme.Core.Notifications;
using Cme.Infrastructure.Http;
using Microsoft.Extensions.Logging;

namespace Cme.Infrastructure.Outbox;

/// <summary>
/// Delivers through SendGrid's v3 Mail Send API: plain text with an HTML alternative, the case
/// reference and notification id as category and custom args (to trace a delivery in SendGrid's
/// activity feed), headers that stop auto-replies, and sandbox mode when configured. Throttling
/// and server errors are retried honouring Retry-After; a refused request (400, 401, 403) is an
/// error with what to check.
/// </summary>
public sealed partial class SendGridDelivery(HttpClient http, SendGridOptions options, EmailAddress from, TimeProvider time, ILogger<SendGridDelivery> logger)
    : INotificationDelivery
{
    private readonly TransientHttpRetry _retry = new(http, options.MaxAttempts, options.MaxRetryAfter, time);

    public string Description => $"SendGrid ({options.BaseUrl}{(options.SandboxMode ? ", sandbox mode: nothing is sent" : string.Empty)})";

    public async Task<DeliveryReceipt> DeliverAsync(Notification notification, CancellationToken cancellationToken)
    {
        var body = Payload(notification).ToJsonString();
        using var response = await _retry.SendAsync(
            () => Task.FromResult(new HttpRequestMessage(HttpMethod.Post, $"{options.BaseUrl.TrimEnd('/')}/v3/mail/send")
            {
                Headers = { Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey) },
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            }),
            (failure, attempt, wait) => LogRetrying(notification.Id, failure, attempt, wait.TotalSeconds),
            (failure, attempts) => new DeliveryFailedException(
                $"SendGrid answered {failure} to notification {notification.Id} on all {attempts} attempts. The queue will retry it; if this persists, check SendGrid's status page and the account's sending limits."),
            cancellationToken).ConfigureAwait(false);

        if (response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK)
        {
            var messageId = response.Headers.TryGetValues("X-Message-Id", out var ids) ? ids.FirstOrDefault() : null;
            return new DeliveryReceipt(options.SandboxMode ? "sendgrid-sandbox" : "sendgrid", messageId ?? notification.Id, AlreadyDelivered: false);
        }

        var detail = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var what = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => "the API key was refused: check Cme:Outbox:SendGrid:ApiKey (in Key Vault) and that the key has the Mail Send permission",
            HttpStatusCode.BadRequest => "the request was refused: check that the sender address is verified in SendGrid (Sender Authentication)",
            HttpStatusCode.RequestEntityTooLarge => "the message is too large for SendGrid",
            _ => "unexpected answer",
        };
        throw new DeliveryFailedException($"SendGrid answered HTTP {(int)response.StatusCode} to notification {notification.Id}: {what}. SendGrid said: {Bounded(detail)}");
    }

    private JsonObject Payload(Notification notification)
    {
        var content = new JsonArray { new JsonObject { ["type"] = "text/plain", ["value"] = notification.Text } };
        if (notification.Html is not null)
        {
            content.Add(new JsonObject { ["type"] = "text/html", ["value"] = notification.Html });
        }

        var customArgs = new JsonObject { ["notification_id"] = notification.Id, ["kind"] = notification.Kind.ToString() };
        var categories = new JsonArray { "cme", "cme-" + notification.Kind.ToString().ToLowerInvariant() };
        if (notification.Case is not null)
        {
            customArgs["case_reference"] = notification.Case.ToString();
            categories.Add(notification.Case.ToString());
        }

        return new JsonObject
        {
            ["personalizations"] = new JsonArray
            {
                new JsonObject { ["to"] = new JsonArray(notification.To.Select(to => (JsonNode)new JsonObject { ["email"] = to.Value }).ToArray()) },
            },
            ["from"] = new JsonObject { ["email"] = from.Value },
            ["subject"] = notification.Subject.Value,
            ["content"] = content,
            ["categories"] = categories,
            ["custom_args"] = customArgs,
            ["headers"] = new JsonObject
            {
                // RFC 3834: never draw an automatic reply.
                ["Auto-Submitted"] = "auto-generated",
                ["X-Auto-Response-Suppress"] = "All",
                ["X-CME-Notification"] = notification.Id,
            },
            ["mail_settings"] = new JsonObject { ["sandbox_mode"] = new JsonObject { ["enable"] = options.SandboxMode } },
            ["tracking_settings"] = new JsonObject
            {
                // Tracking pixels and rewritten links would tell a third party who opened mail about a child.
                ["click_tracking"] = new JsonObject { ["enable"] = false, ["enable_text"] = false },
                ["open_tracking"] = new JsonObject { ["enable"] = false },
            },
        };
    }

    private static string Bounded(string text) => text.Length <= 500 ? text : text[..500] + "…";

    [LoggerMessage(Level = LogLevel.Warning, Message = "SendGrid answered {Failure} to notification {NotificationId} (attempt {Attempt}); retrying in {Seconds:0.#} s")]
    private partial void LogRetrying(string notificationId, string failure, int attempt, double seconds);
}
