namespace Epss.Usage.PostgreSql;

/// <summary>
/// The schema of the usage database in PostgreSQL: the same tables, columns and indexes as SQLite's
/// (<see cref="UsageSchema"/>), version for version, so that one version number means one schema in either store and
/// the analyses' SQL runs unchanged.
/// </summary>
/// <remarks>
/// Times stay whole milliseconds since 1970 UTC, in a <c>bigint</c> (not <c>timestamptz</c>): the analyses compare and
/// return them as numbers in both stores. Text columns use the "C" collation, which compares bytes as SQLite does: an
/// export's cursor (received_at, id) and every ORDER BY give the same order in both stores whatever the database's
/// locale, and the indexes are cheaper. A migration that has shipped is never edited: a change is a new migration at
/// the end of this list and of SQLite's.
/// </remarks>
internal static class PostgreSqlUsageSchema
{
    public static IReadOnlyList<Epss.Storage.Migration> Migrations { get; } =
    [
        new(1, UsageSchema.Migrations[0].Description, """
            CREATE TABLE usage_events (
                id              text COLLATE "C" NOT NULL PRIMARY KEY,
                type            text COLLATE "C" NOT NULL,
                occurred_at     bigint NOT NULL,
                received_at     bigint NOT NULL,
                user_pseudonym  text COLLATE "C" NOT NULL,
                role            text COLLATE "C",
                app             text COLLATE "C",
                run_id          text COLLATE "C",
                guide_id        text COLLATE "C",
                guide_version   text COLLATE "C",
                step_id         text COLLATE "C",
                via             text COLLATE "C",
                check_id        text COLLATE "C",
                checked         bigint,
                to_step_id      text COLLATE "C",
                to_guide_id     text COLLATE "C",
                query           text COLLATE "C",
                hit_count       integer,
                opened_guide_id text COLLATE "C",
                opened_rank     integer
            );
            CREATE INDEX ix_usage_events_occurred_at ON usage_events (occurred_at);
            CREATE INDEX ix_usage_events_guide ON usage_events (guide_id, occurred_at);
            CREATE INDEX ix_usage_events_type ON usage_events (type, occurred_at);
            CREATE INDEX ix_usage_events_user ON usage_events (user_pseudonym, occurred_at);

            CREATE TABLE flags (
                id             text COLLATE "C" NOT NULL PRIMARY KEY,
                guide_id       text COLLATE "C",
                step_id        text COLLATE "C",
                guide_version  text COLLATE "C",
                query          text COLLATE "C",
                text           text COLLATE "C" NOT NULL,
                user_pseudonym text COLLATE "C" NOT NULL,
                role           text COLLATE "C",
                app            text COLLATE "C",
                created_at     bigint NOT NULL,
                status         text COLLATE "C" NOT NULL
            );
            CREATE INDEX ix_flags_status ON flags (status, created_at);
            CREATE INDEX ix_flags_guide ON flags (guide_id, step_id);
            """),
        new(2, UsageSchema.Migrations[1].Description, """
            ALTER TABLE usage_events ADD COLUMN selector text COLLATE "C";
            ALTER TABLE usage_events ADD COLUMN page_url text COLLATE "C";
            ALTER TABLE usage_events ADD COLUMN target_status text COLLATE "C";
            """),
        new(3, UsageSchema.Migrations[2].Description, """
            ALTER TABLE flags ADD COLUMN answer text COLLATE "C";
            ALTER TABLE flags ADD COLUMN answered_by text COLLATE "C";
            ALTER TABLE flags ADD COLUMN answered_at bigint;
            ALTER TABLE flags ADD COLUMN fixed_in_version text COLLATE "C";
            ALTER TABLE flags ADD COLUMN answer_seen_at bigint;
            CREATE INDEX ix_flags_user_guide ON flags (user_pseudonym, guide_id, status);
            """),
        new(4, UsageSchema.Migrations[3].Description, """
            CREATE INDEX ix_usage_events_runs ON usage_events (guide_id, run_id, type, occurred_at, user_pseudonym, role, app)
                WHERE type IN ('guide-opened', 'guide-completed', 'guide-abandoned');
            CREATE INDEX ix_usage_events_step_views ON usage_events (guide_id, run_id, occurred_at, id, step_id, user_pseudonym, role, app)
                WHERE type = 'step-viewed';
            """),
        new(5, UsageSchema.Migrations[4].Description, """
            CREATE INDEX ix_usage_events_received ON usage_events (received_at, id);
            """),
        new(6, UsageSchema.Migrations[5].Description, """
            DROP INDEX IF EXISTS ix_usage_events_user;
            """),
    ];

    public static int LatestVersion => Migrations[^1].Version;
}
