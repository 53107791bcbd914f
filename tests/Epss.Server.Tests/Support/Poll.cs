using System.Diagnostics;

namespace Epss.Server.Tests.Support;

/// <summary>Polls for something that happens asynchronously (a file change picked up, the server becoming ready).</summary>
public static class Poll
{
    /// <summary>How long a change in the content folder may take to show through the API; generous, not a performance bound.</summary>
    public static readonly TimeSpan ContentChange = TimeSpan.FromSeconds(10);

    /// <summary>Calls <paramref name="condition"/> until it is true; fails with <paramref name="what"/> when <paramref name="timeout"/> passes first.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var elapsed = Stopwatch.StartNew();
        while (!await condition())
        {
            if (elapsed.Elapsed > timeout)
            {
                Assert.Fail($"Not within {timeout.TotalSeconds:0} s: {what}");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }
}
