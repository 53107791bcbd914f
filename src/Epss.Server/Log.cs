namespace Epss.Server;

/// <summary>Every log message of Epss.Server (event ids 4000–4999). Retired ids are never reused.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4000, EventName = "ContentFolder", Level = LogLevel.Information, Message = "Serving guides from {ContentPath}; data in {DataPath}")]
    public static partial void ContentFolder(ILogger logger, string contentPath, string dataPath);

    [LoggerMessage(EventId = 4001, EventName = "Ready", Level = LogLevel.Information, Message = "Ready: {GuideCount} guides served, {ErrorCount} content errors, in {ElapsedMs} ms")]
    public static partial void Ready(ILogger logger, int guideCount, int errorCount, long elapsedMs);

    [LoggerMessage(EventId = 4002, EventName = "StartupFailed", Level = LogLevel.Critical, Message = "Epss could not start: {Reason}")]
    public static partial void StartupFailed(ILogger logger, string reason, Exception exception);

    [LoggerMessage(EventId = 4003, EventName = "UnhandledRequestError", Level = LogLevel.Error, Message = "Request {Method} {Path} failed")]
    public static partial void UnhandledRequestError(ILogger logger, string method, string path, Exception exception);
}
