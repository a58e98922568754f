using System.Collections.Concurrent;

namespace Cme.Testing;

/// <summary>
/// The real clock, except that every wait (<c>Task.Delay</c> on this provider) ends at once and is
/// recorded: a retry's back-off can be read exactly, without the test sleeping through it.
/// </summary>
public sealed class RecordedWaits : TimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> _waits = new();

    /// <summary>Every wait asked for, in order.</summary>
    public IReadOnlyList<TimeSpan> Waits => [.. _waits];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            _waits.Enqueue(dueTime);
        }

        return System.CreateTimer(callback, state, dueTime == Timeout.InfiniteTimeSpan ? dueTime : TimeSpan.Zero, period);
    }
}
