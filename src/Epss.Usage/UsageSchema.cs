using Epss.Storage;

namespace Epss.Usage;

/// <summary>
/// The schema of the usage database as a list of numbered migrations, applied in order at start and recorded in
/// <c>schema_version</c>. A migration that has shipped is never edited: a change is a new migration at the end.
/// </summary>
/// <remarks>
/// <para>
/// Details that only some types have (via, check, decision target, query, hit count, opened hit) are plain nullable
/// columns rather than one JSON column. They are few and typed, and the analyses filter and group on them (searches
/// with no hits, which hit was opened, where decisions lead); as columns they are indexable and read by the same
/// plain SQL in SQLite and PostgreSQL, where JSON would need each database's own functions. A null column costs
/// nearly nothing in either, and a new kind of detail is a new migration that adds a nullable column.
/// </para>
/// <para>
/// Times are whole milliseconds since 1970 UTC in an INTEGER: compact, ordered and cheap to compare over a
/// million rows; the PostgreSQL store (Epss.Usage.PostgreSql) keeps them the same way, in a <c>bigint</c>, so that the
/// analyses' SQL is the same for both.
/// </para>
/// <para>
/// Indexes serve the analyses of the analytics issue (per guide, step, type and date range; distinct users) and
/// each costs a little on every insert, so there are only a few; that issue adds covering indexes in its own
/// migration once its queries are measured on a million events.
/// </para>
/// </remarks>
internal static class UsageSchema
{
    public static IReadOnlyList<Migration> Migrations { get; } =
    [
        new(1, "usage events and flags", """
            CREATE TABLE usage_events (
                id              TEXT    NOT NULL PRIMARY KEY,  -- the panel's own id: sent twice, stored once
                type            TEXT    NOT NULL,
                occurred_at     INTEGER NOT NULL,              -- Unix ms, UTC, by the panel's clock
                received_at     INTEGER NOT NULL,              -- Unix ms, UTC, by the server's clock
                user_pseudonym  TEXT    NOT NULL,              -- never a name, e-mail or user id
                role            TEXT,
                app             TEXT,
                run_id          TEXT,                          -- one pass through a guide, from opening to the end
                guide_id        TEXT,
                guide_version   TEXT,
                step_id         TEXT,
                via             TEXT,                          -- guide-opened
                check_id        TEXT,                          -- check-ticked
                checked         INTEGER,                       -- check-ticked: 1 ticked, 0 unticked
                to_step_id      TEXT,                          -- decision-taken
                to_guide_id     TEXT,                          -- decision-taken
                query           TEXT,                          -- search, flag: scrubbed of long numbers
                hit_count       INTEGER,                       -- search
                opened_guide_id TEXT,                          -- search: the hit that was opened, or null for none
                opened_rank     INTEGER                        -- search: its place in the list, from 1
            );
            -- Date ranges over everything (totals per day, distinct users in a period).
            CREATE INDEX ix_usage_events_occurred_at ON usage_events (occurred_at);
            -- One guide (and its steps) in a date range: funnels, drop-out per step.
            CREATE INDEX ix_usage_events_guide ON usage_events (guide_id, occurred_at);
            -- One type in a date range: searches without hits, completions, abandonments.
            CREATE INDEX ix_usage_events_type ON usage_events (type, occurred_at);
            -- One pseudonym's events: a person's request to see or erase their data, once pseudonymised by the server.
            CREATE INDEX ix_usage_events_user ON usage_events (user_pseudonym, occurred_at);

            CREATE TABLE flags (
                id             TEXT    NOT NULL PRIMARY KEY,
                guide_id       TEXT,
                step_id        TEXT,
                guide_version  TEXT,
                query          TEXT,                           -- a flag about a search that found nothing
                text           TEXT    NOT NULL,
                user_pseudonym TEXT    NOT NULL,
                role           TEXT,
                app            TEXT,
                created_at     INTEGER NOT NULL,               -- Unix ms, UTC
                status         TEXT    NOT NULL                -- 'open' until an expert answers
            );
            -- The experts' list: open flags, newest first; and the flags of one guide or step.
            CREATE INDEX ix_flags_status ON flags (status, created_at);
            CREATE INDEX ix_flags_guide ON flags (guide_id, step_id);
            """),
        new(2, "target-missing: the selector, the page and what became of the highlight", """
            ALTER TABLE usage_events ADD COLUMN selector TEXT;       -- target-missing: the step's CSS selector
            ALTER TABLE usage_events ADD COLUMN page_url TEXT;       -- target-missing: the host page, without query or fragment
            ALTER TABLE usage_events ADD COLUMN target_status TEXT;  -- target-missing: missing, ambiguous or invalid
            """),
        new(3, "flags: the expert's answer, and when the official saw it", """
            ALTER TABLE flags ADD COLUMN answer           TEXT;     -- scrubbed like the flag's text; null when closed without one
            ALTER TABLE flags ADD COLUMN answered_by      TEXT;     -- the expert's user name (experts are named; officials never)
            ALTER TABLE flags ADD COLUMN answered_at      INTEGER;  -- Unix ms, UTC: when answered or closed
            ALTER TABLE flags ADD COLUMN fixed_in_version TEXT;     -- the guide version that fixed it, when there is one
            ALTER TABLE flags ADD COLUMN answer_seen_at   INTEGER;  -- Unix ms, UTC: the official dismissed the answer ("Gelezen")
            -- The panel, on opening a guide: this official's answered flags on it that they have not dismissed.
            CREATE INDEX ix_flags_user_guide ON flags (user_pseudonym, guide_id, status);
            """),
        // Measured on 1,000,000 generated events over 90 days (tools/Epss.Benchmarks, AnalyticsBenchmarks): without these
        // the run-based reports read every row of the table by index lookups and sort it (guide use 2.1 s, funnel 1.9 s).
        // Partial indexes hold only the few types they serve, so they cost nothing on the other inserts; both SQLite and
        // PostgreSQL have them. Ordered by guide and run, a run's events are adjacent and are grouped without a sort.
        new(4, "analytics: covering indexes for runs and step views", """
            -- Guide use, use over time, funnel totals, content health: the events that start and end a run.
            CREATE INDEX ix_usage_events_runs ON usage_events (guide_id, run_id, type, occurred_at, user_pseudonym, role, app)
                WHERE type IN ('guide-opened', 'guide-completed', 'guide-abandoned');
            -- Funnel: each run's viewed steps, in time order (the last one is where it left).
            CREATE INDEX ix_usage_events_step_views ON usage_events (guide_id, run_id, occurred_at, id, step_id, user_pseudonym, role, app)
                WHERE type = 'step-viewed';
            """),
        new(5, "xAPI: the push to a Learning Record Store reads in the order events were received", """
            -- The push's cursor is (received_at, id): without this a batch of 500 scans a million rows (1 s; with it 1 ms).
            CREATE INDEX ix_usage_events_received ON usage_events (received_at, id);
            """),
        new(6, "ingest: the index by user is dropped", """
            -- No query reads events by user (flags have their own index), and every insert paid for it: a pseudonym is a
            -- random key, so each event dirtied a page of its own in this index (issue 7: ingest beside searching).
            DROP INDEX IF EXISTS ix_usage_events_user;
            """),
    ];

    public static int LatestVersion => Migrations[^1].Version;
}
