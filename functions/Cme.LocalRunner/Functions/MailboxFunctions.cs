using Cme.Application.Mailboxes;
using Cme.Infrastructure.Mailboxes;
using Microsoft.Azure.WebJobs;

namespace Cme.LocalRunner.Functions;

/// <summary>Reads the CME mailbox on a schedule (host.json <c>cme.schedules.mailboxPoll</c>) and at start-up.</summary>
public sealed class MailboxFunctions(MailboxPoller poller)
{
    [FunctionName("PollMailbox")]
    public Task Poll([TimerTrigger("%Cme:Schedules:MailboxPoll%", RunOnStartup = true)] TimerInfo timer, CancellationToken cancellationToken) =>
        poller.PollAsync(cancellationToken);
}
