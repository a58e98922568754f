using System.Runtime.ExceptionServices;
using Microsoft.Azure.WebJobs.Host.Timers;
using Microsoft.Extensions.Hosting;

namespace Cme.LocalRunner;

/// <summary>
/// The WebJobs SDK ends the process on an exception no function caught (its own handler rethrows it
/// on a new thread), so that the platform starts a fresh host. While the host is stopping, that is
/// wrong: a queue message still in flight when Ctrl-C or SIGTERM arrives may finish after the SDK has
/// disposed its loggers, and the SDK's own completion logging then throws. The message was not
/// deleted, so it is delivered again after its visibility timeout; nothing is lost by letting the
/// stop finish. Outside a stop the SDK's behaviour is kept.
/// </summary>
public sealed class StopAwareExceptionHandlerFactory(IHostApplicationLifetime lifetime) : IWebJobsExceptionHandlerFactory
{
    public IWebJobsExceptionHandler Create(IHost jobHost) => new StopAwareExceptionHandler(new WebJobsExceptionHandler(jobHost), lifetime);
}

public sealed class StopAwareExceptionHandler(IWebJobsExceptionHandler sdk, IHostApplicationLifetime lifetime) : IWebJobsExceptionHandler
{
    public Task OnTimeoutExceptionAsync(ExceptionDispatchInfo exceptionInfo, TimeSpan timeoutGracePeriod) =>
        sdk.OnTimeoutExceptionAsync(exceptionInfo, timeoutGracePeriod);

    public Task OnUnhandledExceptionAsync(ExceptionDispatchInfo exceptionInfo)
    {
        ArgumentNullException.ThrowIfNull(exceptionInfo);
        if (!lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return sdk.OnUnhandledExceptionAsync(exceptionInfo);
        }

        // The host's loggers may already be disposed: standard error is what is left.
        Console.Error.WriteLine(
            $"A function still running when the host stopped ended with {exceptionInfo.SourceException.GetType().Name}; " +
            "its queue message was not deleted and will be delivered again");
        return Task.CompletedTask;
    }
}
