using Cme.Application.Intake;
using Microsoft.Azure.Functions.Worker;

namespace Cme.Functions;

/// <summary>Proves every handled email in the mailbox has its record, daily (setting <c>Cme:Schedules:MailboxReconcile</c>); any without one is ingested again.</summary>
public sealed class ReconcileMailbox(MailboxReconciliation reconciliation)
{
    [Function(nameof(ReconcileMailbox))]
    public Task Run([TimerTrigger("%Cme:Schedules:MailboxReconcile%")] TimerInfo timer, CancellationToken cancellationToken) =>
        reconciliation.RunAsync(cancellationToken);
}
