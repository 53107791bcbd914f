using System.Diagnostics;

namespace Epss.Testing;

/// <summary>
/// The one way tests wait for something that happens on another thread or in another process (a file watcher, a
/// background loop, a server becoming ready): poll until the condition holds, and fail with a message only after a
/// generous timeout. Never a fixed sleep, never a timed assertion.
/// </summary>
public static class Eventually
{
    /// <summary>How long a change may take to show (a file picked up, a push arriving); generous, not a performance bound.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(25);

    /// <summary>Polls <paramref name="condition"/> until it is true; fails the test with <paramref name="what"/> when it never is.</summary>
    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return TrueAsync(() => Task.FromResult(condition()), what, timeout);
    }

    /// <summary>Polls <paramref name="condition"/> (an HTTP call, a query) until it is true; fails the test with <paramref name="what"/> when it never is.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var limit = timeout ?? DefaultTimeout;
        var stopwatch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (stopwatch.Elapsed > limit)
            {
                Assert.Fail($"Not within {limit.TotalSeconds:0} s: {what}");
            }
            await Task.Delay(Interval, TestContext.Current.CancellationToken);
        }
    }
}
