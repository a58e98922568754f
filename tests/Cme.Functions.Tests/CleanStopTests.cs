using Cme.Infrastructure.Configuration;
using Cme.Infrastructure.Storage;
using Microsoft.Azure.WebJobs.Host;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

#pragma warning disable CS0618 // the SDK's lock manager interface, marked "not ready for public consumption"

namespace Cme.Functions.Tests;

/// <summary>
/// Whether the host stopped cleanly is decided by its state (a stop was requested; a timer's singleton
/// lock had not been released), never by what an exception says or where its stack trace points.
/// </summary>
public sealed class CleanStopTests : IDisposable
{
    private readonly string _contentRoot = Directory.CreateTempSubdirectory("cme-stop-").FullName;

    public CleanStopTests() => File.Copy(Path.Combine(RepositoryLayout.FindRepositoryRoot()!, "host.json"), Path.Combine(_contentRoot, "host.json"));

    public void Dispose() => Directory.Delete(_contentRoot, recursive: true);

    [Fact]
    public async Task IsLockReleaseAfterStop_follows_the_held_lock_and_the_stop_not_the_exceptions_text()
    {
        var locks = new HeldLocks();
        var manager = new RecordingLockManager(new FakeLockManager(), locks);
        // Text that the old decision searched for, in an exception the SDK did not throw releasing a lock.
        var saysSingletonRelease = new InvalidOperationException("at Microsoft.Azure.WebJobs.Host.SingletonManager.ReleaseLockAsync");
        // The same type with nothing in it naming a lock.
        var saysNothing = new InvalidOperationException("The timer has already been stopped.");

        Assert.False(CleanStop.IsLockReleaseAfterStop(saysSingletonRelease, stopRequested: true, locks));

        var timerLock = await manager.TryLockAsync(null!, "cme/timer.Listener", "owner", null!, TimeSpan.FromSeconds(15), CancellationToken.None);

        Assert.True(CleanStop.IsLockReleaseAfterStop(saysNothing, stopRequested: true, locks));
        Assert.False(CleanStop.IsLockReleaseAfterStop(saysNothing, stopRequested: false, locks));
        Assert.False(CleanStop.IsLockReleaseAfterStop(new ArgumentException("x"), stopRequested: true, locks));

        await manager.ReleaseLockAsync(timerLock, CancellationToken.None);

        Assert.False(CleanStop.IsLockReleaseAfterStop(saysNothing, stopRequested: true, locks));
    }

    [Fact]
    public async Task A_lock_whose_release_fails_stays_held()
    {
        var locks = new HeldLocks();
        var manager = new RecordingLockManager(new FakeLockManager { ReleaseFails = true }, locks);
        var timerLock = await manager.TryLockAsync(null!, "cme/timer.Listener", "owner", null!, TimeSpan.FromSeconds(15), CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => manager.ReleaseLockAsync(timerLock, CancellationToken.None));

        Assert.Equal(1, locks.Count);
    }

    [Fact]
    public void The_host_records_the_locks_the_webjobs_sdk_takes()
    {
        using var host = CmeFunctionHost.CreateHostBuilder(new CmeHostSetup
        {
            ContentRoot = _contentRoot,
            Configuration = new ConfigurationBuilder().AddCmeSources(_contentRoot).Build(),
            Storage = StorageConnection.Configured("UseDevelopmentStorage=true"),
            FunctionTypes = FunctionCatalog.All,
        }).Build();

        Assert.IsType<RecordingLockManager>(host.Services.GetRequiredService<IDistributedLockManager>());
        Assert.False(host.Services.GetRequiredService<HeldLocks>().Any);
    }

    private sealed class FakeLockManager : IDistributedLockManager
    {
        public bool ReleaseFails { get; init; }

        public Task<IDistributedLock> TryLockAsync(string account, string lockId, string lockOwnerId, string proposedLeaseId, TimeSpan lockPeriod, CancellationToken cancellationToken) =>
            Task.FromResult<IDistributedLock>(new FakeLock(lockId));

        public Task<bool> RenewAsync(IDistributedLock lockHandle, CancellationToken cancellationToken) => Task.FromResult(true);

        public Task<string> GetLockOwnerAsync(string account, string lockId, CancellationToken cancellationToken) => Task.FromResult("owner");

        public Task ReleaseLockAsync(IDistributedLock lockHandle, CancellationToken cancellationToken) =>
            ReleaseFails ? Task.FromException(new InvalidOperationException("storage is gone")) : Task.CompletedTask;
    }

    private sealed class FakeLock(string lockId) : IDistributedLock
    {
        public string LockId => lockId;

        public Task LeaseLost => Task.Delay(Timeout.Infinite);
    }
}
