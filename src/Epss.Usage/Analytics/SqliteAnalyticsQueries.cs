using System.Data.Common;

namespace Epss.Usage.Analytics;

/// <summary><see cref="IUsageAnalyticsQueries"/> over the SQLite usage store (<see cref="UsageStore"/>), on read-only connections of its own.</summary>
public sealed class SqliteAnalyticsQueries : SqlAnalyticsQueries
{
    public SqliteAnalyticsQueries(Func<UsageStore> store)
        : base(OpenReader(store))
    {
    }

    public SqliteAnalyticsQueries(UsageStore store) : this(() => store)
    {
    }

    private static Func<CancellationToken, Task<DbConnection>> OpenReader(Func<UsageStore> store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return cancellationToken => store().OpenAnalyticsReaderAsync(cancellationToken);
    }
}
