using System.Data.Common;
using Epss.Usage.Analytics;

namespace Epss.Usage.PostgreSql;

/// <summary>
/// <see cref="IUsageAnalyticsQueries"/> over the PostgreSQL store: the same statements as SQLite's
/// (<see cref="SqlAnalyticsQueries"/>), on connections from the store's pool.
/// </summary>
public sealed class PostgreSqlAnalyticsQueries : SqlAnalyticsQueries
{
    public PostgreSqlAnalyticsQueries(Func<PostgreSqlUsageStore> store)
        : base(OpenReader(store))
    {
    }

    public PostgreSqlAnalyticsQueries(PostgreSqlUsageStore store) : this(() => store)
    {
    }

    private static Func<CancellationToken, Task<DbConnection>> OpenReader(Func<PostgreSqlUsageStore> store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return cancellationToken => store().OpenAnalyticsReaderAsync(cancellationToken);
    }
}
