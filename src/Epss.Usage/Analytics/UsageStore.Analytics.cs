using Microsoft.Data.Sqlite;

namespace Epss.Usage;

public sealed partial class UsageStore
{
    /// <summary>A read-only connection of its own for the analyses (which run beside the recorder's writer).</summary>
    internal Task<SqliteConnection> OpenAnalyticsReaderAsync(CancellationToken cancellationToken) => OpenReaderAsync(cancellationToken);
}
