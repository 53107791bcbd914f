using System.Runtime.InteropServices;

namespace Epss.Usage;

/// <summary>
/// Puts the calling thread behind the threads that answer officials: the usage writer spends its CPU in SQLite, and
/// a search waiting behind an insert costs an official time while an event waiting behind a search costs nobody
/// anything (the panel keeps it until it is acknowledged).
/// </summary>
/// <remarks>
/// Lowered, not put out of the way entirely: under Linux's SCHED_IDLE policy the writer would get almost nothing of a
/// busy machine, and a panel's next hub call waits for the acknowledgement of its last <c>RecordEvent</c> (SignalR
/// runs one invocation per connection at a time), so a starved writer would hold up that panel's searches exactly
/// when the server is busiest. At nice 10 it keeps a guaranteed share.
/// </remarks>
internal static class BackgroundPriority
{
    /// <summary>
    /// Linux's nice value for the thread: CFS then gives it about a tenth of a core's share when the core is contended,
    /// several times what 5,000 events a second need, and all of an idle core.
    /// </summary>
    public const int Niceness = 10;

    private const int PriorityProcess = 0;

    /// <returns>Whether the thread's priority was lowered.</returns>
    public static bool LowerCurrentThread()
    {
        try
        {
            if (OperatingSystem.IsLinux())
            {
                // On Linux a thread is a task of its own: setpriority with its id changes this thread only.
                return setpriority(PriorityProcess, gettid(), Niceness) == 0;
            }
            Thread.CurrentThread.Priority = ThreadPriority.BelowNormal;
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or PlatformNotSupportedException)
        {
            return false;
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int setpriority(int which, int who, int prio);

    [DllImport("libc")]
    private static extern int gettid();
}
