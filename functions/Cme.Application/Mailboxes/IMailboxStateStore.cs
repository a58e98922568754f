namespace Cme.Application.Mailboxes;

/// <summary>Durable per-mailbox state, such as Graph's delta link, kept in Table storage.</summary>
public interface IMailboxStateStore
{
    Task<string?> GetAsync(string mailbox, string key, CancellationToken cancellationToken);

    Task SetAsync(string mailbox, string key, string value, CancellationToken cancellationToken);
}
