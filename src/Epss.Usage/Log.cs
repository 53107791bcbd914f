using Microsoft.Extensions.Logging;

namespace Epss.Usage;

/// <summary>
/// Every log message of Epss.Usage (event ids 3000–3999). Retired ids are never reused. No message carries a user's
/// identity, nor an event's free text (queries, flag texts): counts, paths and ids only.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3000, EventName = "UsageDatabaseOpened", Level = LogLevel.Information,
        Message = "Usage database ready in {DatabasePath} (schema version {SchemaVersion}, journal mode {JournalMode})")]
    public static partial void DatabaseOpened(ILogger logger, string databasePath, int schemaVersion, string journalMode);

    [LoggerMessage(EventId = 3001, EventName = "UsageSchemaMigrated", Level = LogLevel.Information,
        Message = "Usage database {DatabasePath} migrated to schema version {SchemaVersion} ({Description}) in {ElapsedMs} ms")]
    public static partial void SchemaMigrated(ILogger logger, string databasePath, int schemaVersion, string description, long elapsedMs);

    [LoggerMessage(EventId = 3002, EventName = "UsageWalUnavailable", Level = LogLevel.Warning,
        Message = "The usage database {DatabasePath} could not switch to WAL (journal mode is {JournalMode}); reads will wait for writes. Is the data folder on a network share?")]
    public static partial void WalUnavailable(ILogger logger, string databasePath, string journalMode);

    [LoggerMessage(EventId = 3003, EventName = "UsageBatchWritten", Level = LogLevel.Debug,
        Message = "Usage batch {BatchNumber} committed: {Stored} events stored, {Duplicates} duplicates, {Flags} flags, from {Calls} calls, in {ElapsedMs} ms")]
    public static partial void BatchWritten(ILogger logger, long batchNumber, int stored, int duplicates, int flags, int calls, double elapsedMs);

    [LoggerMessage(EventId = 3004, EventName = "UsageWriteFailed", Level = LogLevel.Error,
        Message = "Writing usage events failed for {FailedCalls} of {Calls} calls ({Events} events); those callers got an error and keep their events to send again")]
    public static partial void WriteFailed(ILogger logger, int failedCalls, int calls, int events, Exception exception);

    [LoggerMessage(EventId = 3005, EventName = "UsageRecorderStopped", Level = LogLevel.Information,
        Message = "Usage recorder stopped: {Stored} events stored and {Duplicates} duplicates in {Batches} transactions since start")]
    public static partial void RecorderStopped(ILogger logger, long stored, long duplicates, long batches);

    [LoggerMessage(EventId = 3006, EventName = "PseudonymKeyCreated", Level = LogLevel.Information,
        Message = "Created a new pseudonym key in {KeyPath}. Back it up with the data folder: with another key every user gets another pseudonym")]
    public static partial void PseudonymKeyCreated(ILogger logger, string keyPath);

    [LoggerMessage(EventId = 3007, EventName = "UsageWriterPriorityUnchanged", Level = LogLevel.Information,
        Message = "The usage writer runs at normal priority (this system does not let a thread lower its own); searches may wait behind large batches")]
    public static partial void WriterPriorityUnchanged(ILogger logger);

    // Retention (3100–3109).
    [LoggerMessage(EventId = 3100, EventName = "UsageRetentionDeleted", Level = LogLevel.Information,
        Message = "Retention: deleted {Events} usage events and {Flags} answered or closed flags older than {Months} months (before {Cutoff:o})")]
    public static partial void RetentionDeleted(ILogger logger, long events, long flags, int months, DateTimeOffset cutoff);

    [LoggerMessage(EventId = 3102, EventName = "UsageOpenFlagsExpired", Level = LogLevel.Information,
        Message = "Retention: deleted {Flags} open flags nobody handled: older than {Months} months, or {Days} days when raised without signing in")]
    public static partial void OpenFlagsExpired(ILogger logger, long flags, int months, int days);

    [LoggerMessage(EventId = 3101, EventName = "UsageRetentionFailed", Level = LogLevel.Error,
        Message = "Retention pass failed; it is tried again in a day")]
    public static partial void RetentionFailed(ILogger logger, Exception exception);
}
