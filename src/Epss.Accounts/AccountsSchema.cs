using Epss.Storage;

namespace Epss.Accounts;

/// <summary>
/// The schema of <c>accounts.db</c> as numbered migrations, applied in order when the store opens and recorded in
/// <c>schema_version</c>. A migration that has shipped is never edited: a change is a new migration at the end.
/// Times are whole milliseconds since 1970 UTC, as in the usage database.
/// </summary>
internal static class AccountsSchema
{
    public static IReadOnlyList<Migration> Migrations { get; } =
    [
        new(1, "users, their roles and their API tokens", """
            CREATE TABLE users (
                id            TEXT    NOT NULL PRIMARY KEY,   -- random, stable; the usage pseudonym is made from it
                name          TEXT    NOT NULL UNIQUE,        -- login name, lowercase kebab-case
                display_name  TEXT    NOT NULL,
                password_hash TEXT    NOT NULL,               -- ASP.NET Core Identity PasswordHasher, format V3
                disabled      INTEGER NOT NULL DEFAULT 0,
                created_at    INTEGER NOT NULL,
                updated_at    INTEGER NOT NULL
            );
            CREATE TABLE user_roles (
                user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                role    TEXT NOT NULL CHECK (role IN ('official', 'expert', 'analyst', 'admin')),
                PRIMARY KEY (user_id, role)
            );
            CREATE TABLE api_tokens (
                id           INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
                user_id      TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                name         TEXT    NOT NULL,
                token_hash   BLOB    NOT NULL UNIQUE,         -- SHA-256 of the token; the token itself is never stored
                created_at   INTEGER NOT NULL,
                last_used_at INTEGER,
                revoked_at   INTEGER
            );
            -- A user's live tokens have distinct names (a revoked one's name may be used again).
            CREATE UNIQUE INDEX ux_api_tokens_live_name ON api_tokens (user_id, name) WHERE revoked_at IS NULL;
            """),
        new(2, "lockout after failed sign-ins, and a security stamp that ends sessions", """
            ALTER TABLE users ADD COLUMN failed_sign_ins INTEGER NOT NULL DEFAULT 0;  -- since the last good one
            ALTER TABLE users ADD COLUMN locked_until    INTEGER NULL;                -- no password is checked before then
            -- Changes when the password does, the user is disabled or their sessions are revoked: every sign-in
            -- cookie carries the stamp it was issued with, and one with another stamp is refused.
            ALTER TABLE users ADD COLUMN security_stamp  TEXT    NOT NULL DEFAULT '';
            UPDATE users SET security_stamp = lower(hex(randomblob(16)));
            """),
        new(3, "a second factor (TOTP) and recovery codes per user", """
            CREATE TABLE user_totp (
                user_id       TEXT    NOT NULL PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
                secret        BLOB    NOT NULL,               -- the key shared with the authenticator app (20 random bytes)
                confirmed_at  INTEGER,                        -- NULL while enrolment waits for the first right code
                last_step     INTEGER NOT NULL DEFAULT -1,    -- the newest 30-second step whose code was accepted: each code works once
                failures      INTEGER NOT NULL DEFAULT 0,     -- wrong codes in a row
                blocked_until INTEGER,                        -- after too many, no code is checked until then
                created_at    INTEGER NOT NULL
            );
            CREATE TABLE user_recovery_codes (
                user_id   TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                code_hash BLOB    NOT NULL,                   -- SHA-256 of the code; the code itself is shown once and never stored
                used_at   INTEGER,
                PRIMARY KEY (user_id, code_hash)
            );
            """),
    ];

    public static int LatestVersion => Migrations[^1].Version;
}
