using Microsoft.Extensions.Logging;

namespace Epss.Audit;

/// <summary>Every log message of Epss.Audit (event ids 8000–8999). Retired ids are never reused.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 8000, EventName = "AuditLogOpened", Level = LogLevel.Information,
        Message = "Audit log ready in {Database} (schema version {SchemaVersion})")]
    public static partial void Opened(ILogger logger, string database, int schemaVersion);

    [LoggerMessage(EventId = 8001, EventName = "AuditSchemaMigrated", Level = LogLevel.Information,
        Message = "Audit log {Database} migrated to schema version {SchemaVersion} ({Description})")]
    public static partial void SchemaMigrated(ILogger logger, string database, int schemaVersion, string description);

    [LoggerMessage(EventId = 8002, EventName = "AuditRetentionDeleted", Level = LogLevel.Information,
        Message = "Audit retention: {Deleted} entries older than {Months} months deleted")]
    public static partial void RetentionDeleted(ILogger logger, int deleted, int months);

    [LoggerMessage(EventId = 8003, EventName = "AuditRetentionFailed", Level = LogLevel.Error,
        Message = "Audit retention failed; it is tried again tomorrow")]
    public static partial void RetentionFailed(ILogger logger, Exception exception);
}
