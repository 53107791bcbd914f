using System.Runtime.InteropServices;

namespace Epss.Usage;

/// <summary>
/// Puts the calling thread behind the threads that answer officials: the usage writer spends its CPU in SQLite, and
/// a search waiting behind an insert costs an official time while an event waiting behind a search costs nobody
/// anything (the panel keeps it until it is acknowledged).
/// </summary>
/// <remarks>
/// On Linux the thread gets the SCHED_IDLE policy: any thread of the normal policy that wakes up takes the core from
/// it at once, and it runs on what the server leaves over. At nice 10 alone a waking search could still wait for the
/// running insert batch's slice, which showed in the tail of the hub's Search while 5,000 events a second came in
/// (issue 7; the README's ingest figures). Under a saturated machine the writer still gets a sliver of a core (an
/// idle-policy thread has a weight of 3 against 1,024), the bounded queue fills and holds the panels back, and nothing
/// is lost. SQLite's time is native code, so the garbage collector never
/// waits on this thread to stop.
/// </remarks>
internal static class BackgroundPriority
{
    /// <summary>Linux's nice value for the thread, the fallback where the SCHED_IDLE policy is refused.</summary>
    public const int Niceness = 10;

    /// <summary>Linux's SCHED_IDLE scheduling policy (sched.h).</summary>
    public const int IdlePolicy = 5;

    private const int PriorityProcess = 0;

    /// <returns>Whether the thread's priority was lowered.</returns>
    public static bool LowerCurrentThread()
    {
        try
        {
            if (OperatingSystem.IsLinux())
            {
                // On Linux a thread is a task of its own: both calls with its id change this thread only.
                var thread = gettid();
                var niced = setpriority(PriorityProcess, thread, Niceness) == 0;
                var parameters = new SchedulingParameters(Priority: 0);
                return sched_setscheduler(thread, IdlePolicy, in parameters) == 0 || niced;
            }
            Thread.CurrentThread.Priority = ThreadPriority.BelowNormal;
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or PlatformNotSupportedException)
        {
            return false;
        }
    }

    /// <summary>struct sched_param: the static priority, which must be 0 for SCHED_IDLE.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct SchedulingParameters(int Priority);

    [DllImport("libc", SetLastError = true)]
    private static extern int setpriority(int which, int who, int prio);

    [DllImport("libc", SetLastError = true)]
    private static extern int sched_setscheduler(int pid, int policy, in SchedulingParameters parameters);

    [DllImport("libc")]
    private static extern int gettid();
}
