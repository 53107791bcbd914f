using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Epss.Usage;

public sealed partial class UsageStore
{
    /// <summary>
    /// The insert of one usage event, prepared once on the writer's connection and bound through SQLite's own API.
    /// </summary>
    /// <remarks>
    /// Through <see cref="SqliteCommand"/> every insert allocated a binder object per parameter, a UTF-8 copy of every
    /// text, a boxed number per time and a data reader: about 2.5 KB an event, two thirds of what the server allocated
    /// while taking 5,000 events a second, and each of the garbage collections that followed paused the searches
    /// beside it (issue 7). Bound here, texts go to SQLite as UTF-16 spans it copies itself, and the insert allocates
    /// nothing. Runs inside the transaction <see cref="Write"/> begins on the same connection.
    /// </remarks>
    private sealed class EventInsert : IDisposable
    {
        private readonly sqlite3 _database;
        private readonly sqlite3_stmt _statement;

        public EventInsert(SqliteConnection connection)
        {
            _database = connection.Handle ?? throw new InvalidOperationException("The usage database is not open.");
            var sql = $"""
                INSERT INTO usage_events ({EventColumns})
                VALUES ({string.Join(", ", EventColumns.Split(',').Select((_, i) => "?" + (i + 1)))})
                ON CONFLICT (id) DO NOTHING
                """;
            Check(raw.sqlite3_prepare_v2(_database, sql, out _statement));
        }

        /// <summary>Inserts the event unless its id is stored already; true when it was inserted.</summary>
        /// <exception cref="SqliteException">SQLite refused the insert (the transaction is then to be rolled back).</exception>
        public bool Execute(UsageEvent e)
        {
            try
            {
                // In the order of EventColumns (as EventValues, which the PostgreSQL store binds).
                var d = e.Details;
                Text(1, e.Id);
                Text(2, e.Type);
                Number(3, e.OccurredAt.ToUnixTimeMilliseconds());
                Number(4, e.ReceivedAt.ToUnixTimeMilliseconds());
                Text(5, e.UserPseudonym);
                Text(6, e.Role);
                Text(7, e.App);
                Text(8, e.RunId);
                Text(9, e.GuideId);
                Text(10, e.GuideVersion);
                Text(11, e.StepId);
                Text(12, d.Via);
                Text(13, d.CheckId);
                Number(14, d.Checked is { } ticked ? (ticked ? 1 : 0) : null);
                Text(15, d.ToStepId);
                Text(16, d.ToGuideId);
                Text(17, d.Query);
                Number(18, d.HitCount);
                Text(19, d.OpenedGuideId);
                Number(20, d.OpenedRank);
                Text(21, d.Selector);
                Text(22, d.PageUrl);
                Text(23, d.TargetStatus);
                var result = raw.sqlite3_step(_statement);
                if (result != raw.SQLITE_DONE)
                {
                    SqliteException.ThrowExceptionForRC(result, _database);
                }
                return raw.sqlite3_changes(_database) == 1;
            }
            finally
            {
                raw.sqlite3_reset(_statement);
            }
        }

        public void Dispose() => _statement.Dispose();

        private void Text(int index, string? value) =>
            Check(value is null ? raw.sqlite3_bind_null(_statement, index) : raw.sqlite3_bind_text16(_statement, index, value.AsSpan()));

        private void Number(int index, long? value) =>
            Check(value is { } number ? raw.sqlite3_bind_int64(_statement, index, number) : raw.sqlite3_bind_null(_statement, index));

        private void Check(int result)
        {
            if (result != raw.SQLITE_OK)
            {
                SqliteException.ThrowExceptionForRC(result, _database);
            }
        }
    }
}
