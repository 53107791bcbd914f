using Microsoft.Extensions.Logging;

namespace Epss.Usage.PostgreSql;

/// <summary>
/// The log messages of the PostgreSQL store (event ids 3200–3299 of Epss.Usage's range; a migration step is Epss.Usage's
/// 3001, as in SQLite). Never a password: the database is named by host, port and name.
/// </summary>
internal static partial class PostgreSqlLog
{
    [LoggerMessage(EventId = 3200, EventName = "UsagePostgreSqlOpened", Level = LogLevel.Information,
        Message = "Usage database ready in {Database} (schema version {SchemaVersion})")]
    public static partial void Opened(ILogger logger, string database, int schemaVersion);
}
