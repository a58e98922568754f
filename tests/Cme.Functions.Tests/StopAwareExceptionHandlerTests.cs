using System.Runtime.ExceptionServices;
using Microsoft.Azure.WebJobs.Host.Timers;
using Microsoft.Extensions.Hosting;

namespace Cme.Functions.Tests;

public sealed class StopAwareExceptionHandlerTests
{
    [Fact]
    public async Task An_exception_from_a_function_still_running_when_the_host_stops_does_not_end_the_process()
    {
        var sdk = new RecordingHandler();
        var lifetime = new Lifetime();
        lifetime.Stopping.Cancel();

        await new StopAwareExceptionHandler(sdk, lifetime).OnUnhandledExceptionAsync(Captured(new ObjectDisposedException("LoggerFactory")));

        Assert.Equal(0, sdk.Unhandled);
    }

    [Fact]
    public async Task An_unhandled_exception_while_the_host_runs_is_left_to_the_sdk_which_ends_the_process_for_a_restart()
    {
        var sdk = new RecordingHandler();

        await new StopAwareExceptionHandler(sdk, new Lifetime()).OnUnhandledExceptionAsync(Captured(new InvalidOperationException("listener failed")));

        Assert.Equal(1, sdk.Unhandled);
    }

    private static ExceptionDispatchInfo Captured(Exception exception) => ExceptionDispatchInfo.Capture(exception);

    private sealed class RecordingHandler : IWebJobsExceptionHandler
    {
        public int Unhandled { get; private set; }

        public Task OnTimeoutExceptionAsync(ExceptionDispatchInfo exceptionInfo, TimeSpan timeoutGracePeriod) => Task.CompletedTask;

        public Task OnUnhandledExceptionAsync(ExceptionDispatchInfo exceptionInfo)
        {
            Unhandled++;
            return Task.CompletedTask;
        }
    }

    private sealed class Lifetime : IHostApplicationLifetime
    {
        public CancellationTokenSource Stopping { get; } = new();

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => Stopping.Token;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => Stopping.Cancel();
    }
}
