using Microsoft.Extensions.Logging;
using Npgsql;

namespace Epss.Usage.PostgreSql;

/// <summary>Opens the PostgreSQL store of one connection string (see <see cref="PostgreSqlUsageStore.OpenAsync"/>).</summary>
public sealed class PostgreSqlUsageStoreFactory : IUsageStoreFactory
{
    private readonly string _connectionString;

    /// <exception cref="ArgumentException">Not an Npgsql connection string.</exception>
    public PostgreSqlUsageStoreFactory(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        // Parsed now: a mistake in the setting stops the start with Npgsql's message, before anything is opened.
        _ = new NpgsqlConnectionStringBuilder(connectionString);
        _connectionString = connectionString;
    }

    public async Task<IUsageStore> OpenAsync(ILogger logger, CancellationToken cancellationToken) =>
        await PostgreSqlUsageStore.OpenAsync(_connectionString, logger, cancellationToken);
}
