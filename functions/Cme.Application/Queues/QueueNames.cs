namespace Cme.Application.Queues;

/// <summary>
/// The queues between the steps. Each has a <c>-poison</c> twin where the host moves a message
/// that failed <c>maxDequeueCount</c> times (host.json).
/// </summary>
public static class QueueNames
{
    /// <summary>One message per email found in the mailbox: <see cref="InboundMail"/>.</summary>
    public const string InboundMail = "inbound-mail";

    /// <summary>One message per email to send: acknowledgements, reminders, escalations, digests.</summary>
    public const string Notifications = "notifications";

    public const string PoisonSuffix = "-poison";
}
