namespace Cme.Application.Mailboxes;

/// <summary>
/// Where the CME mailbox's email comes from (the local folder, or Exchange Online through
/// Microsoft Graph). The source keeps every email: the product reads it, then marks it handled or
/// failed, and never deletes it.
/// </summary>
public interface IMailbox
{
    /// <summary>For the start-up log: what this mailbox is, never a secret.</summary>
    string Description { get; }

    /// <summary>The source its handles name: <see cref="MailboxMessage.FolderSource"/> or <see cref="MailboxMessage.GraphSource"/>.</summary>
    string Source { get; }

    /// <summary>
    /// Every email the product has handed over to processed in the period (folder mailbox:
    /// <c>processed/</c>; Graph: the processed folder, and the Inbox's email older than an hour,
    /// which a poll should long since have found), for reconciliation to check each has its record.
    /// </summary>
    IAsyncEnumerable<MailboxMessage> ListAsync(DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>
    /// The emails that arrived since the last poll. An email may be returned again after a crash
    /// or a re-poll; ingestion is idempotent, so that is safe, but a source should avoid it.
    /// </summary>
    Task<IReadOnlyList<MailboxMessage>> PollAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The email's raw MIME wherever it is now (waiting, or already moved to processed: a
    /// redelivered message is checked against the ledger, never the folder alone), or null when it
    /// is no longer in the mailbox.
    /// </summary>
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

    /// <summary>The longest id accepted; Graph's immutable ids are about 150 characters.</summary>
    public const int MaxIdLength = 512;

    /// <summary>
    /// Why a handle can never be read by a mailbox of <paramref name="mailboxSource"/>, in words a
    /// person understands, or null when it can. Queue messages are input like any other: a
    /// handle naming another source, a path, or characters no id has is refused before any I/O.
    /// </summary>
    public static string? Problem(string? source, string? id, string mailboxSource)
    {
        if (string.IsNullOrWhiteSpace(source))
        {
            return "the message names no mailbox source";
        }

        if (source is not (FolderSource or GraphSource))
        {
            return $"the message names an unknown mailbox source ({source.Length} characters); the sources are '{FolderSource}' and '{GraphSource}'";
        }

        if (source != mailboxSource)
        {
            return $"the message is for the '{source}' mailbox, but this deployment reads the '{mailboxSource}' mailbox";
        }

        if (string.IsNullOrWhiteSpace(id))
        {
            return "the message names no email (its id is empty)";
        }

        if (id.Length > MaxIdLength)
        {
            return $"the email id is {id.Length:N0} characters long; no mailbox id is longer than {MaxIdLength}";
        }

        if (source == FolderSource && (id.IndexOfAny(['/', '\\']) >= 0 || id is "." or ".." || id.Any(char.IsControl)))
        {
            return "the email id is not a bare file name in the folder mailbox (it names a path or has control characters)";
        }

        if (source == GraphSource && !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '=' or '+' or '/'))
        {
            return "the email id has characters a Microsoft Graph message id never has";
        }

        return null;
    }
}
