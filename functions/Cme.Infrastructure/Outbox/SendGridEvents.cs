namespace Cme.Infrastructure.Outbox;

/// <summary>What the product puts into each SendGrid message to find it again in SendGrid's events.</summary>
public static class SendGridEvents
{
    /// <summary>The custom arg carrying the notification id; SendGrid returns it on every event of the message.</summary>
    public const string NotificationIdArg = "notification_id";

    /// <summary>The custom arg carrying the case reference (never a child's data).</summary>
    public const string CaseReferenceArg = "case_reference";
}
