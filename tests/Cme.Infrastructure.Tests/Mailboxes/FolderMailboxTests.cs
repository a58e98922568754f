using Cme.Application.Mailboxes;
using Cme.Infrastructure.Mailboxes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Cme.Infrastructure.Tests.Mailboxes;

public sealed class FolderMailboxTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("cme-mailbox-").FullName;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly FolderMailbox _mailbox;

    public FolderMailboxTests()
    {
        _mailbox = new FolderMailbox(_root, _time, NullLogger<FolderMailbox>.Instance);
        _mailbox.EnsureFolders();
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_dropped_email_is_handed_over_once_and_its_mime_read_back()
    {
        Drop("referral.eml", "Subject: referral\r\n\r\nbody");

        var first = await _mailbox.PollAsync(CancellationToken.None);
        var second = await _mailbox.PollAsync(CancellationToken.None);

        var message = Assert.Single(first);
        Assert.Empty(second);
        Assert.Equal("Subject: referral\r\n\r\nbody", System.Text.Encoding.UTF8.GetString((await _mailbox.ReadMimeAsync(message, CancellationToken.None))!));
    }

    [Fact]
    public async Task An_email_that_waited_in_the_inbox_longer_than_the_requeue_interval_is_handed_over_once()
    {
        // Dropped while the host was down for an hour.
        Drop("referral.eml", "Subject: referral\r\n\r\nbody");
        File.SetLastWriteTimeUtc(Path.Combine(_mailbox.Inbox, "referral.eml"), _time.GetUtcNow().UtcDateTime.AddHours(-1));

        var first = await _mailbox.PollAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(1));
        var second = await _mailbox.PollAsync(CancellationToken.None);

        Assert.Single(first);
        Assert.Empty(second);
    }

    [Fact]
    public async Task A_processed_email_moves_to_processed_and_nothing_is_deleted()
    {
        Drop("referral.eml", "one");
        var message = Assert.Single(await _mailbox.PollAsync(CancellationToken.None));

        await _mailbox.MarkProcessedAsync(message, CancellationToken.None);

        Assert.Equal("one", File.ReadAllText(Path.Combine(_mailbox.Processed, "referral.eml")));
        Assert.Empty(Directory.GetFiles(_mailbox.Inbox));
        Assert.Empty(Directory.GetFiles(_mailbox.Queued));
    }

    [Fact]
    public async Task A_failed_email_moves_to_failed_with_its_reason_beside_it()
    {
        Drop("broken.eml", "not mime");
        var message = Assert.Single(await _mailbox.PollAsync(CancellationToken.None));

        await _mailbox.MarkFailedAsync(message, "failed 5 times: the MIME could not be parsed", CancellationToken.None);

        Assert.Equal("not mime", File.ReadAllText(Path.Combine(_mailbox.Failed, "broken.eml")));
        Assert.Contains("could not be parsed", File.ReadAllText(Path.Combine(_mailbox.Failed, "broken.eml.reason.txt")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_emails_dropped_under_the_same_name_are_both_kept()
    {
        Drop("scan.eml", "first");
        var first = Assert.Single(await _mailbox.PollAsync(CancellationToken.None));
        Drop("scan.eml", "second");
        var second = Assert.Single(await _mailbox.PollAsync(CancellationToken.None));

        await _mailbox.MarkProcessedAsync(first, CancellationToken.None);
        await _mailbox.MarkProcessedAsync(second, CancellationToken.None);

        Assert.Equal(["first", "second"], Directory.GetFiles(_mailbox.Processed).Select(File.ReadAllText).Order());
    }

    [Fact]
    public async Task A_file_still_being_written_is_left_for_the_next_poll()
    {
        var path = Path.Combine(_mailbox.Inbox, "arriving.eml");
        File.WriteAllText(path, "partial");
        File.SetLastWriteTimeUtc(path, _time.GetUtcNow().UtcDateTime);

        Assert.Empty(await _mailbox.PollAsync(CancellationToken.None));

        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Single(await _mailbox.PollAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_claimed_email_whose_queue_message_was_lost_is_handed_over_again_after_fifteen_minutes()
    {
        Drop("lost.eml", "x");
        var claimed = Assert.Single(await _mailbox.PollAsync(CancellationToken.None));

        _time.Advance(TimeSpan.FromMinutes(16));
        var again = await _mailbox.PollAsync(CancellationToken.None);

        Assert.Equal([claimed], again);
    }

    [Fact]
    public async Task An_email_that_waited_in_the_inbox_for_hours_is_handed_over_once_when_claimed()
    {
        Drop("weekend.eml", "x");
        File.SetLastWriteTimeUtc(Path.Combine(_mailbox.Inbox, "weekend.eml"), _time.GetUtcNow().UtcDateTime.AddHours(-60));

        Assert.Single(await _mailbox.PollAsync(CancellationToken.None));
        Assert.Empty(await _mailbox.PollAsync(CancellationToken.None));
    }

    [Fact]
    public async Task The_wait_before_a_claimed_email_is_handed_over_again_is_a_setting()
    {
        var mailbox = new FolderMailbox(_root, _time, NullLogger<FolderMailbox>.Instance, requeueAfter: TimeSpan.FromSeconds(30));
        Drop("stuck.eml", "x");
        var claimed = Assert.Single(await mailbox.PollAsync(CancellationToken.None));

        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.Empty(await mailbox.PollAsync(CancellationToken.None));
        _time.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal([claimed], await mailbox.PollAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData("../outside.eml")] // a path that climbs out of the mailbox
    [InlineData("inbox/nested.eml")] // a path that names a subfolder
    public async Task A_message_id_that_is_not_a_bare_file_name_is_refused(string id)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _mailbox.ReadMimeAsync(new MailboxMessage(MailboxMessage.FolderSource, id), CancellationToken.None));
    }

    private void Drop(string name, string content)
    {
        var path = Path.Combine(_mailbox.Inbox, name);
        File.WriteAllText(path, content);
        File.SetLastWriteTimeUtc(path, _time.GetUtcNow().UtcDateTime.AddSeconds(-5));
    }
}
