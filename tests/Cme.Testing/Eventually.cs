using System.Diagnostics;

namespace Cme.Testing;

/// <summary>Waits for something asynchronous (a queue trigger, a timer) to become true, with a bound.</summary>
public static class Eventually
{
    public static async Task<bool> TrueWithinAsync(TimeSpan bound, Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < bound)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return await condition();
    }

    public static Task<bool> TrueWithinAsync(TimeSpan bound, Func<bool> condition) =>
        TrueWithinAsync(bound, () => Task.FromResult(condition()));
}
