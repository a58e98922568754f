using Cme.Application.Mailboxes;
using Microsoft.Azure.Functions.Worker;

namespace Cme.Functions;

/// <summary>Reads the CME mailbox on a schedule (setting <c>Cme:Schedules:MailboxPoll</c>) and at start-up.</summary>
public sealed class PollMailbox(MailboxPoller poller)
{
    [Function(nameof(PollMailbox))]
    public Task Run([TimerTrigger("%Cme:Schedules:MailboxPoll%", RunOnStartup = true)] TimerInfo timer, CancellationToken cancellationToken) =>
        poller.PollAsync(cancellationToken);
}
