using Microsoft.Extensions.Logging;

namespace Epss.Content;

/// <summary>Every log message of Epss.Content (event ids 1000–1999). Retired ids are never reused.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1000, EventName = "LibraryLoaded", Level = LogLevel.Information,
        Message = "Loaded {GuideCount} guides from {ContentPath} in {ElapsedMs} ms ({ErrorCount} errors, {WarningCount} warnings)")]
    public static partial void LibraryLoaded(ILogger logger, int guideCount, string contentPath, long elapsedMs, int errorCount, int warningCount);

    [LoggerMessage(EventId = 1001, EventName = "ContentProblem", Level = LogLevel.Warning, Message = "{Diagnostic}")]
    public static partial void ContentProblem(ILogger logger, string diagnostic);

    [LoggerMessage(EventId = 1002, EventName = "GuideUpdated", Level = LogLevel.Information, Message = "Guide {GuideId} is now served at version {Version}")]
    public static partial void GuideUpdated(ILogger logger, string guideId, string version);

    [LoggerMessage(EventId = 1003, EventName = "GuideRemoved", Level = LogLevel.Information, Message = "Guide {GuideId} is no longer served")]
    public static partial void GuideRemoved(ILogger logger, string guideId);

    [LoggerMessage(EventId = 1004, EventName = "GuideKeptAtLastGoodVersion", Level = LogLevel.Warning,
        Message = "{File} has errors; guide {GuideId} stays at its last good version {Version}")]
    public static partial void GuideKeptAtLastGoodVersion(ILogger logger, string file, string guideId, string version);

    [LoggerMessage(EventId = 1005, EventName = "WatchingContent", Level = LogLevel.Information, Message = "Watching {ContentPath} for changes")]
    public static partial void WatchingContent(ILogger logger, string contentPath);

    [LoggerMessage(EventId = 1006, EventName = "WatcherOverflow", Level = LogLevel.Warning, Message = "The content watcher missed events; rescanning the whole folder")]
    public static partial void WatcherOverflow(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1007, EventName = "ChangeHandlerFailed", Level = LogLevel.Error, Message = "A handler of a content change failed")]
    public static partial void ChangeHandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1008, EventName = "FileUnreadable", Level = LogLevel.Warning, Message = "Could not read {File}")]
    public static partial void FileUnreadable(ILogger logger, string file, Exception exception);

    [LoggerMessage(EventId = 1009, EventName = "SyncFailed", Level = LogLevel.Error, Message = "Updating the library after a change in {ContentPath} failed")]
    public static partial void SyncFailed(ILogger logger, string contentPath, Exception exception);

    [LoggerMessage(EventId = 1010, EventName = "SynonymsUpdated", Level = LogLevel.Information, Message = "Synonym list updated: {GroupCount} groups")]
    public static partial void SynonymsUpdated(ILogger logger, int groupCount);

    [LoggerMessage(EventId = 1011, EventName = "ContentFeedApplied", Level = LogLevel.Information,
        Message = "Another server changed the content: {Upserted} guides updated and {Removed} removed here")]
    public static partial void FeedApplied(ILogger logger, int upserted, int removed);

    [LoggerMessage(EventId = 1012, EventName = "ContentFeedRescanFailed", Level = LogLevel.Warning,
        Message = "Reading the content folder after a change on another server failed; the next message or rescan tries again")]
    public static partial void FeedRescanFailed(ILogger logger, Exception exception);
}
