namespace Cme.Application.Outbox;

/// <summary>What the mail service reported about a notification, as it reads in the digest and on the timeline.</summary>
public static class MailServiceReport
{
    /// <summary>"bounced", "was dropped by SendGrid": the event name SendGrid uses, said for a person.</summary>
    public static string Describe(string report) => report switch
    {
        "bounce" => "bounced",
        "dropped" => "was dropped by SendGrid",
        "spamreport" => "was reported as spam",
        "deferred" => "was deferred too long",
        _ => report,
    };
}
