using System.Diagnostics;

namespace Epss.Testing;

/// <summary>
/// Waiting for something that happens on another thread (a file watcher, a background loop) without timed
/// assertions: poll until the condition holds, and fail with a message only after a generous timeout.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Polls <paramref name="condition"/> until it is true; fails the test with <paramref name="what"/> when it never is.</summary>
    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var stopwatch = Stopwatch.StartNew();
        while (!condition())
        {
            if (stopwatch.Elapsed > limit)
            {
                Assert.Fail($"Not within {limit.TotalSeconds:0} s: {what}");
            }
            await Task.Delay(25, TestContext.Current.CancellationToken);
        }
    }
}
