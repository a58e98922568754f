namespace Cme.Infrastructure.Configuration;

/// <summary>The local folders, resolved once from the settings and the content root.</summary>
public sealed record CmePaths(string DataFolder, string MailboxFolder, string OutboxFolder)
{
    public static CmePaths From(CmeOptions options, string contentRoot)
    {
        var data = Path.GetFullPath(Path.Combine(contentRoot, options.DataFolder));
        return new CmePaths(
            data,
            Path.GetFullPath(Path.Combine(contentRoot, string.IsNullOrWhiteSpace(options.Mailbox.Folder) ? Path.Combine(data, "mailbox") : options.Mailbox.Folder)),
            Path.GetFullPath(Path.Combine(contentRoot, string.IsNullOrWhiteSpace(options.Outbox.Folder) ? Path.Combine(data, "outbox") : options.Outbox.Folder)));
    }
}
