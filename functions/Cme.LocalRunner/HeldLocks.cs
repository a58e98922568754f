using System.Collections.Concurrent;
using Microsoft.Azure.WebJobs.Host;
using Microsoft.Extensions.DependencyInjection;

// IDistributedLockManager is marked obsolete ("not ready for public consumption") by the WebJobs SDK,
// but it is the only seam at which the host can see its singleton locks taken and released.
#pragma warning disable CS0618

namespace Cme.LocalRunner;

/// <summary>
/// The WebJobs SDK's singleton locks this host holds now: the blob leases that keep each timer (and
/// any singleton function) to one replica. A lock is held from the moment the SDK acquires it until
/// its release has completed; a release that fails leaves it held, and its lease lapses by itself
/// within a lock period.
/// </summary>
public sealed class HeldLocks
{
    private readonly ConcurrentDictionary<IDistributedLock, byte> _held = new(ReferenceEqualityComparer.Instance);

    /// <summary>Whether any lock has been acquired and not (yet) released.</summary>
    public bool Any => !_held.IsEmpty;

    public int Count => _held.Count;

    internal void Acquired(IDistributedLock held) => _held.TryAdd(held, 0);

    internal void Released(IDistributedLock held) => _held.TryRemove(held, out _);
}

/// <summary>
/// The SDK's lock manager, unchanged, with every lock it hands out and every release that completes
/// recorded in <see cref="HeldLocks"/>.
/// </summary>
public sealed class RecordingLockManager(IDistributedLockManager inner, HeldLocks held) : IDistributedLockManager
{
    public async Task<IDistributedLock> TryLockAsync(string account, string lockId, string lockOwnerId, string proposedLeaseId, TimeSpan lockPeriod, CancellationToken cancellationToken)
    {
        var acquired = await inner.TryLockAsync(account, lockId, lockOwnerId, proposedLeaseId, lockPeriod, cancellationToken).ConfigureAwait(false);
        if (acquired is not null)
        {
            held.Acquired(acquired);
        }

        return acquired!;
    }

    public Task<bool> RenewAsync(IDistributedLock lockHandle, CancellationToken cancellationToken) => inner.RenewAsync(lockHandle, cancellationToken);

    public Task<string> GetLockOwnerAsync(string account, string lockId, CancellationToken cancellationToken) => inner.GetLockOwnerAsync(account, lockId, cancellationToken);

    public async Task ReleaseLockAsync(IDistributedLock lockHandle, CancellationToken cancellationToken)
    {
        await inner.ReleaseLockAsync(lockHandle, cancellationToken).ConfigureAwait(false);
        held.Released(lockHandle);
    }
}

/// <summary>How a stop ended, decided from the host's state, never from an exception's text.</summary>
public static class CleanStop
{
    /// <summary>
    /// Whether an exception out of a stopping host is the WebJobs SDK failing to release a timer's
    /// singleton lock on the way out: a stop had been requested (the application was stopping), the
    /// exception is the SDK's <see cref="InvalidOperationException"/>, and a singleton lock was still
    /// held when it escaped, so the release had not completed. Everything else had stopped; the lock's
    /// lease lapses by itself and another replica takes the timers within a lock period.
    /// </summary>
    public static bool IsLockReleaseAfterStop(Exception exception, bool stopRequested, HeldLocks locks)
    {
        ArgumentNullException.ThrowIfNull(locks);
        return stopRequested && exception is InvalidOperationException && locks.Any;
    }

    /// <summary>Records the singleton locks the WebJobs SDK takes and releases (after <c>ConfigureWebJobs</c>).</summary>
    public static IServiceCollection AddHeldLocks(this IServiceCollection services)
    {
        services.AddSingleton<HeldLocks>();
        var sdk = services.LastOrDefault(descriptor => descriptor.ServiceType == typeof(IDistributedLockManager));
        if (sdk is null)
        {
            return services;
        }

        services.Remove(sdk);
        services.AddSingleton<IDistributedLockManager>(provider => new RecordingLockManager(Create(sdk, provider), provider.GetRequiredService<HeldLocks>()));
        return services;
    }

    private static IDistributedLockManager Create(ServiceDescriptor descriptor, IServiceProvider provider) =>
        (IDistributedLockManager)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(provider)
            ?? ActivatorUtilities.CreateInstance(provider, descriptor.ImplementationType!));
}
