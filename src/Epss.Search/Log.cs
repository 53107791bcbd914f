using Microsoft.Extensions.Logging;

namespace Epss.Search;

/// <summary>Every log message of Epss.Search (event ids 2000–2999). Retired ids are never reused.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2000, EventName = "IndexOpened", Level = LogLevel.Information,
        Message = "Search index ready in {IndexPath}: {GuideCount} guides ({Updated} updated, {Removed} removed) in {ElapsedMs} ms")]
    public static partial void IndexOpened(ILogger logger, string indexPath, int guideCount, int updated, int removed, long elapsedMs);

    [LoggerMessage(EventId = 2001, EventName = "IndexRecreated", Level = LogLevel.Warning,
        Message = "The search index in {IndexPath} was made by another version or is damaged; building it anew")]
    public static partial void IndexRecreated(ILogger logger, string indexPath, Exception? exception);

    [LoggerMessage(EventId = 2002, EventName = "GuidesReindexed", Level = LogLevel.Debug,
        Message = "Re-indexed {Upserted} guides and removed {Removed} in {ElapsedMs} ms")]
    public static partial void GuidesReindexed(ILogger logger, int upserted, int removed, double elapsedMs);

    [LoggerMessage(EventId = 2003, EventName = "CommitFailed", Level = LogLevel.Error, Message = "Writing the search index to disk failed")]
    public static partial void CommitFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2004, EventName = "IndexUpdateFailed", Level = LogLevel.Error, Message = "Updating the search index after a content change failed")]
    public static partial void IndexUpdateFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2005, EventName = "IndexMerged", Level = LogLevel.Debug, Message = "Merged the search index down from {SegmentCount} segments")]
    public static partial void IndexMerged(ILogger logger, int segmentCount);
}
