using System.Net;
using Cme.Infrastructure.Outbox;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace Cme.Functions;

/// <summary>
/// SendGrid's Signed Event Webhook: bounces, drops and late confirmations of the notifications we
/// sent. The signature is what is trusted; the function key in the URL only keeps strangers from
/// making the app verify their posts. The local runner has no public endpoint, so this function is
/// the Function App's alone.
/// </summary>
public sealed class ReceiveSendGridEvents(SendGridEventWebhook webhook)
{
    [Function(nameof(ReceiveSendGridEvents))]
    public async Task<HttpResponseData> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "sendgrid/events")] HttpRequestData request,
        CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, cancellationToken).ConfigureAwait(false);
        var headers = request.Headers.ToDictionary(header => header.Key, header => string.Join(',', header.Value), StringComparer.OrdinalIgnoreCase);
        var answer = await webhook.ReceiveAsync(headers, body.ToArray(), cancellationToken).ConfigureAwait(false);
        var response = request.CreateResponse((HttpStatusCode)answer.StatusCode);
        await response.WriteStringAsync(answer.Message, cancellationToken).ConfigureAwait(false);
        return response;
    }
}
