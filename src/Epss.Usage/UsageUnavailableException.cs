namespace Epss.Usage;

/// <summary>
/// Usage data could not be stored now: the recorder is not running (not started yet, or stopping), its queue is full
/// (<see cref="BusyMessage"/>), or the database refused the write (locked, full, unreadable). Nothing of the call was acknowledged; the caller may send the same
/// events again later (ids make that safe). The message is for the official; the cause is in <see cref="Exception.InnerException"/>.
/// </summary>
public sealed class UsageUnavailableException : Exception
{
    public const string DefaultMessage = "Het gebruik kan nu niet worden opgeslagen. Het wordt later opnieuw verstuurd.";

    /// <summary>The writer's queue is full: the answer comes at once, and the panel sends the events again later.</summary>
    public const string BusyMessage = "Het is nu te druk om het gebruik op te slaan. Het wordt later opnieuw verstuurd.";

    public UsageUnavailableException()
        : base(DefaultMessage)
    {
    }

    public UsageUnavailableException(string message)
        : base(message)
    {
    }

    public UsageUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public UsageUnavailableException(Exception innerException)
        : base(DefaultMessage, innerException)
    {
    }
}
