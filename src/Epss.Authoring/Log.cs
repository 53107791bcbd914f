using Microsoft.Extensions.Logging;

namespace Epss.Authoring;

/// <summary>Every log message of Epss.Authoring (event ids 7000–7999). Retired ids are never reused. Experts are named: the history is theirs.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 7000, EventName = "OutsideEditRecorded", Level = LogLevel.Information,
        Message = "An edit made outside the editor was recorded: {GuideId} version {Version} from {File}")]
    public static partial void OutsideEditRecorded(ILogger logger, string guideId, string version, string file);

    [LoggerMessage(EventId = 7001, EventName = "OutsideEditKnown", Level = LogLevel.Debug,
        Message = "{GuideId} version {Version} read from the folder was recorded already (a publish, a restart or another server)")]
    public static partial void OutsideEditKnown(ILogger logger, string guideId, string version);

    [LoggerMessage(EventId = 7002, EventName = "UnservedTextRecorded", Level = LogLevel.Information,
        Message = "A text with errors read from {File} was recorded for {GuideId} (version {Version}); officials keep the last good version")]
    public static partial void UnservedTextRecorded(ILogger logger, string guideId, string version, string file);

    [LoggerMessage(EventId = 7003, EventName = "RecordingFailed", Level = LogLevel.Error,
        Message = "Recording an edit read from the content folder failed; it is recorded at the next start, the text is still in the folder")]
    public static partial void RecordingFailed(ILogger logger, Exception exception);
}
