using System.Diagnostics;
using Microsoft.Azure.WebJobs.Host.Abstractions;
using Microsoft.Azure.WebJobs.Host.Executors;
using Microsoft.Azure.WebJobs.Host.Protocols;

namespace Cme.LocalRunner.Telemetry;

/// <summary>
/// One span per function invocation, through the WebJobs SDK's own hook around each execution:
/// named after the function, with its invocation id and what started it. Nothing from the
/// message or the email goes on it.
/// </summary>
public sealed class FunctionActivities : IActivitySourceAbstraction
{
    public const string SourceName = "Cme.Functions";
    private static readonly ActivitySource Source = new(SourceName);

    public IDisposable? StartActivity(IFunctionInstanceEx functionInstance)
    {
        ArgumentNullException.ThrowIfNull(functionInstance);
        var descriptor = functionInstance.FunctionDescriptor;
        var isQueue = descriptor.Parameters?.OfType<TriggerParameterDescriptor>().FirstOrDefault() is QueueTriggerParameterDescriptor;
        var activity = Source.StartActivity(descriptor.LogName ?? descriptor.ShortName, isQueue ? ActivityKind.Consumer : ActivityKind.Internal);
        if (activity is null)
        {
            return null;
        }

        activity.SetTag("faas.name", descriptor.LogName);
        activity.SetTag("faas.invocation_id", functionInstance.Id.ToString());
        activity.SetTag("faas.trigger", isQueue ? "pubsub" : "timer");
        activity.SetTag("cme.execution_reason", functionInstance.Reason.ToString());
        return activity;
    }
}
