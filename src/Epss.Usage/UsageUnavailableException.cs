namespace Epss.Usage;

/// <summary>
/// Usage data could not be stored now: the recorder is not running (not started yet, or stopping), or the database
/// refused the write (locked, full, unreadable). Nothing of the call was acknowledged; the caller may send the same
/// events again later (ids make that safe). The message is for the official; the cause is in <see cref="Exception.InnerException"/>.
/// </summary>
public sealed class UsageUnavailableException : Exception
{
    public const string DefaultMessage = "Het gebruik kan nu niet worden opgeslagen. Het wordt later opnieuw verstuurd.";

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
