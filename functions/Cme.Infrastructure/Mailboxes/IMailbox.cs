namespace Cme.Infrastructure.Mailboxes;

/// <summary>
/// Where the CME mailbox's email comes from (the local folder, or Exchange Online through
/// Microsoft Graph). The source keeps every email: the product reads it, then marks it handled or
/// failed, and never deletes it.
/// </summary>
public interface IMailbox
{
    /// <summary>For the start-up log: what this mailbox is, never a secret.</summary>
    string Description { get; }

    /// <summary>
    /// The emails that arrived since the last poll. An email may be returned again after a crash
    /// or a re-poll; ingestion is idempotent, so that is safe, but a source should avoid it.
    /// </summary>
    Task<IReadOnlyList<MailboxMessage>> PollAsync(CancellationToken cancellationToken);

    /// <summary>The email's raw MIME, or null when it is no longer in the mailbox.</summary>
    Task<byte[]?> ReadMimeAsync(MailboxMessage message, CancellationToken cancellationToken);

    /// <summary>Moves the email to where officers see handled mail (processed folder / Graph folder or category).</summary>
    Task MarkProcessedAsync(MailboxMessage message, CancellationToken cancellationToken);

    /// <summary>Moves the email aside with the reason it could not be processed; it is kept.</summary>
    Task MarkFailedAsync(MailboxMessage message, string reason, CancellationToken cancellationToken);

    /// <summary>
    /// Puts a processed or failed email back where ingestion reads it, for <c>cme triage retry</c>.
    /// Returns the handle to queue, or null when the email is no longer in the mailbox.
    /// </summary>
    Task<MailboxMessage?> ReturnForRetryAsync(MailboxMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// A handle on one email in a mailbox, small enough for a queue message: the source that holds
/// it (<c>folder</c> or <c>graph</c>) and that source's identifier for it.
/// </summary>
public sealed record MailboxMessage(string Source, string Id)
{
    public const string FolderSource = "folder";
    public const string GraphSource = "graph";
}
