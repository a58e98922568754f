using Cme.Application.Intake;
using Microsoft.Azure.WebJobs;

namespace Cme.LocalRunner.Functions;

/// <summary>Proves every handled email in the mailbox has its record, daily (host.json <c>cme.schedules.mailboxReconcile</c>); any without one is ingested again.</summary>
public sealed class ReconcileFunctions(MailboxReconciliation reconciliation)
{
    [FunctionName("ReconcileMailbox")]
    public Task Reconcile([TimerTrigger("%Cme:Schedules:MailboxReconcile%")] TimerInfo timer, CancellationToken cancellationToken) =>
        reconciliation.RunAsync(cancellationToken);
}
