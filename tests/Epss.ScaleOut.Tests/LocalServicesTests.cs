using Epss.Testing.Services;
using Npgsql;
using StackExchange.Redis;

namespace Epss.ScaleOut.Tests;

/// <summary>The database servers the scale-out tests run on start here, from Debian's packages, and answer.</summary>
public sealed class LocalServicesTests
{
    [Fact]
    public async Task PostgreSQL_starts_and_gives_each_test_a_database_of_its_own()
    {
        var server = await PostgresServer.SharedAsync();
        var first = await server.CreateDatabaseAsync();
        var second = await server.CreateDatabaseAsync();
        Assert.NotEqual(first, second);

        await using var connection = new NpgsqlConnection(first);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT current_database(), version()", connection);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        Assert.True(await reader.ReadAsync(TestContext.Current.CancellationToken));
        Assert.Equal(new NpgsqlConnectionStringBuilder(first).Database, reader.GetString(0));
        Assert.StartsWith("PostgreSQL", reader.GetString(1), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redis_starts_and_answers_and_stops_when_told()
    {
        await using var redis = await RedisServer.StartAsync();
        using (var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration))
        {
            await connection.GetDatabase().StringSetAsync("epss:test", "ja");
            Assert.Equal("ja", (string?)await connection.GetDatabase().StringGetAsync("epss:test"));
        }

        redis.Stop();

        await Assert.ThrowsAsync<RedisConnectionException>(() => ConnectionMultiplexer.ConnectAsync(redis.Configuration + ",connectTimeout=500,abortConnect=true"));
    }
}
