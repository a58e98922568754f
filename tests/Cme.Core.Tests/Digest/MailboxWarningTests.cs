using Cme.Core.Deadlines;
using Cme.Core.Digest;
using Cme.Testing;

namespace Cme.Core.Tests.Digest;

/// <summary>The digest tells the manager when the mailbox has stopped being read: a silent mailbox looks exactly like a quiet week.</summary>
public sealed class MailboxWarningTests
{
    // Monday 30 November 2026, 07:30 UTC (07:30 in London).
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 7, 30, 0, TimeSpan.Zero);

    [Fact]
    public void A_mailbox_read_a_minute_ago_raises_no_warning()
    {
        Assert.Null(Digest(lastPoll: Now.AddMinutes(-1)).MailboxWarning);
    }

    [Fact]
    public void A_mailbox_not_read_for_more_than_an_hour_is_named_with_when_it_was_last_read_in_UK_time()
    {
        // 3 hours ago: Monday 04:30 in London (GMT in November).
        var warning = Digest(lastPoll: Now.AddHours(-3)).MailboxWarning;

        Assert.NotNull(warning);
        Assert.Contains("csf.cme@hertfordshire.gov.uk has not been read successfully since Monday 30 November 2026 04:30", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mailbox_never_read_says_so()
    {
        Assert.Contains("has never been read successfully", Digest(lastPoll: null).MailboxWarning, StringComparison.Ordinal);
    }

    [Fact]
    public void The_warning_is_in_the_template_model()
    {
        Assert.Equal(Digest(lastPoll: null).MailboxWarning, DigestNotice.Model(Digest(lastPoll: null))["mailbox_warning"]);
    }

    private static DigestModel Digest(DateTimeOffset? lastPoll) => WeeklyDigest.Build(
        ShippedProfiles.Hertfordshire,
        new DigestInputs(Now, [], [], [], new IntakeHealth(0, 0, 0, 0, 0, 0, lastPoll), new PolicyReviewStatus(new DateOnly(2027, 9, 1), null, false, 275)));
}
