using Microsoft.Extensions.Logging;

namespace Epss.Accounts;

/// <summary>
/// Every log message of Epss.Accounts (event ids 5000–5999). Retired ids are never reused. No message carries a
/// password, a token or its hash; user names appear only in messages about administration done by an administrator.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5000, EventName = "AccountsDatabaseOpened", Level = LogLevel.Information,
        Message = "Accounts database ready in {DatabasePath} (schema version {SchemaVersion}, {UserCount} users)")]
    public static partial void DatabaseOpened(ILogger logger, string databasePath, int schemaVersion, int userCount);

    [LoggerMessage(EventId = 5001, EventName = "AccountsSchemaMigrated", Level = LogLevel.Information,
        Message = "Accounts database {DatabasePath} migrated to schema version {SchemaVersion} ({Description})")]
    public static partial void SchemaMigrated(ILogger logger, string databasePath, int schemaVersion, string description);

    [LoggerMessage(EventId = 5002, EventName = "AccountsWalUnavailable", Level = LogLevel.Warning,
        Message = "The accounts database {DatabasePath} could not switch to WAL (journal mode is {JournalMode})")]
    public static partial void WalUnavailable(ILogger logger, string databasePath, string journalMode);

    [LoggerMessage(EventId = 5003, EventName = "PasswordRehashed", Level = LogLevel.Information,
        Message = "A password hash was upgraded to the current format at sign-in")]
    public static partial void PasswordRehashed(ILogger logger);
}
