using Cme.Application.Mailboxes;
using Microsoft.Extensions.Logging;

namespace Cme.Infrastructure.Mailboxes;

/// <summary>
/// The local folder mailbox, the embedded default: <c>.eml</c> files dropped into <c>inbox/</c>
/// are claimed into <c>queued/</c> when polled, then moved to <c>processed/</c>, or to
/// <c>failed/</c> with a <c>.reason.txt</c> file beside them. Nothing is ever deleted.
/// </summary>
public sealed partial class FolderMailbox : IMailbox
{
    /// <summary>A file younger than this may still be being written by whoever dropped it.</summary>
    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(1);

    /// <summary>The default of <see cref="RequeueAfter"/>.</summary>
    public static readonly TimeSpan DefaultRequeueAfter = TimeSpan.FromMinutes(15);

    private readonly TimeProvider _time;
    private readonly ILogger<FolderMailbox> _logger;

    public FolderMailbox(string root, TimeProvider time, ILogger<FolderMailbox> logger, TimeSpan? requeueAfter = null)
    {
        Root = Path.GetFullPath(root);
        _time = time;
        _logger = logger;
        RequeueAfter = requeueAfter ?? DefaultRequeueAfter;
    }

    /// <summary>
    /// A claimed email still not processed this long after its claim is handed over again: its
    /// queue message was lost, or is held by a host that died (the queue hides such a message for
    /// ten minutes). Default 15 minutes.
    /// </summary>
    public TimeSpan RequeueAfter { get; }

    public string Root { get; }

    public string Inbox => Path.Combine(Root, "inbox");

    public string Queued => Path.Combine(Root, "queued");

    public string Processed => Path.Combine(Root, "processed");

    public string Failed => Path.Combine(Root, "failed");

    public string Description => $"local folder {Root} (drop .eml files into {Inbox})";

    public string Source => MailboxMessage.FolderSource;

    /// <summary>The emails in <c>processed/</c> moved there (or claimed) since the time: the file's time is its claim's.</summary>
    public async IAsyncEnumerable<MailboxMessage> ListAsync(DateTimeOffset since, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        EnsureFolders();
        foreach (var file in Directory.EnumerateFiles(Processed, "*.eml").Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (File.GetLastWriteTimeUtc(file) >= since.UtcDateTime)
            {
                yield return new MailboxMessage(MailboxMessage.FolderSource, Path.GetFileName(file));
            }
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    public void EnsureFolders()
    {
        foreach (var folder in new[] { Inbox, Queued, Processed, Failed })
        {
            Directory.CreateDirectory(folder);
        }
    }

    public Task<IReadOnlyList<MailboxMessage>> PollAsync(CancellationToken cancellationToken)
    {
        EnsureFolders();
        var now = _time.GetUtcNow();
        var handedOver = new List<MailboxMessage>();

        foreach (var file in Directory.EnumerateFiles(Inbox, "*.eml").Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (now - File.GetLastWriteTimeUtc(file) < SettleTime)
            {
                continue;
            }

            var claimed = MoveWithoutOverwriting(file, Queued);
            if (claimed is not null)
            {
                // A move keeps the time the file was written; the claim's time is what RequeueAfter
                // counts from, or an email that waited long in the inbox is handed over twice at once.
                File.SetLastWriteTimeUtc(claimed, now.UtcDateTime);
                handedOver.Add(new MailboxMessage(MailboxMessage.FolderSource, Path.GetFileName(claimed)));
            }
        }

        var claimedNow = handedOver.Select(message => message.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Queued, "*.eml").Order(StringComparer.Ordinal))
        {
            if (!claimedNow.Contains(Path.GetFileName(file)) && now - File.GetLastWriteTimeUtc(file) > RequeueAfter)
            {
                // Touch it so it is handed over once per interval, not on every poll.
                File.SetLastWriteTimeUtc(file, now.UtcDateTime);
                handedOver.Add(new MailboxMessage(MailboxMessage.FolderSource, Path.GetFileName(file)));
                LogRequeued(RequeueAfter);
            }
        }

        return Task.FromResult<IReadOnlyList<MailboxMessage>>(handedOver);
    }

    public async Task<byte[]?> ReadMimeAsync(MailboxMessage message, CancellationToken cancellationToken)
    {
        // Waiting in queued/, or already moved to processed/: whether it was ever recorded is for
        // the ledger to say (storage may have lost the record after the move).
        foreach (var folder in new[] { Queued, Processed })
        {
            var path = PathIn(folder, message);
            try
            {
                return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
            {
                // Moved on between folders, or not there: look in the next.
            }
        }

        // Moved from queued/ to processed/ between the two reads: it is in processed/ now.
        var processed = PathIn(Processed, message);
        return File.Exists(processed) ? await File.ReadAllBytesAsync(processed, cancellationToken).ConfigureAwait(false) : null;
    }

    public Task MarkProcessedAsync(MailboxMessage message, CancellationToken cancellationToken)
    {
        var path = PathIn(Queued, message);
        if (File.Exists(path))
        {
            MoveWithoutOverwriting(path, Processed);
        }

        return Task.CompletedTask;
    }

    public async Task MarkFailedAsync(MailboxMessage message, string reason, CancellationToken cancellationToken)
    {
        var path = PathIn(Queued, message);
        if (!File.Exists(path))
        {
            return;
        }

        var failed = MoveWithoutOverwriting(path, Failed);
        if (failed is not null)
        {
            await File.WriteAllTextAsync(failed + ".reason.txt", reason + Environment.NewLine, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task<MailboxMessage?> ReturnForRetryAsync(MailboxMessage message, CancellationToken cancellationToken)
    {
        foreach (var folder in new[] { Queued, Failed, Processed })
        {
            var path = PathIn(folder, message);
            if (!File.Exists(path))
            {
                continue;
            }

            if (folder == Queued)
            {
                return Task.FromResult<MailboxMessage?>(message);
            }

            var returned = MoveWithoutOverwriting(path, Queued);
            if (returned is not null)
            {
                var reason = path + ".reason.txt";
                if (File.Exists(reason))
                {
                    // Kept beside the email as a record of the earlier failure.
                    File.Move(reason, Path.Combine(Failed, $"{Path.GetFileName(path)}.{_time.GetUtcNow():yyyyMMddHHmmss}.retried.txt"));
                }

                return Task.FromResult<MailboxMessage?>(new MailboxMessage(MailboxMessage.FolderSource, Path.GetFileName(returned)));
            }
        }

        return Task.FromResult<MailboxMessage?>(null);
    }

    /// <summary>The path of a handed-over email, refusing any id that would step outside the folder.</summary>
    private static string PathIn(string folder, MailboxMessage message)
    {
        if (message.Source != MailboxMessage.FolderSource)
        {
            throw new ArgumentException($"The folder mailbox cannot read a message from the '{message.Source}' source.", nameof(message));
        }

        var name = Path.GetFileName(message.Id);
        if (name != message.Id || name is "" or "." or "..")
        {
            throw new ArgumentException("A folder mailbox message id is a bare file name.", nameof(message));
        }

        return Path.Combine(folder, name);
    }

    /// <summary>Moves a file into a folder under a name not already taken there; null if another poller took it first.</summary>
    private static string? MoveWithoutOverwriting(string file, string folder)
    {
        var name = Path.GetFileNameWithoutExtension(file);
        var extension = Path.GetExtension(file);
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var target = Path.Combine(folder, attempt == 0 ? name + extension : $"{name}-{attempt}{extension}");
            if (File.Exists(target))
            {
                continue;
            }

            try
            {
                File.Move(file, target, overwrite: false);
                return target;
            }
            catch (FileNotFoundException)
            {
                return null;
            }
            catch (IOException) when (File.Exists(target))
            {
                // Taken between the check and the move: try the next name.
            }
        }

        throw new IOException($"Could not find a free name for {Path.GetFileName(file)} in {folder}.");
    }

    // File names are chosen by whoever dropped the email and may name a child: never logged.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Handing over a claimed email again: it was claimed more than {RequeueAfter} ago and is still not processed")]
    private partial void LogRequeued(TimeSpan requeueAfter);
}
