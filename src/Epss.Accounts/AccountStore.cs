using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Epss.Storage;
using Microsoft.Extensions.Options;

namespace Epss.Accounts;

/// <summary>
/// Users, roles and API tokens in <c>accounts.db</c> in the data folder (SQLite, WAL). The server and the command-line
/// tool may have it open at the same time: every operation opens a connection of its own and writes in one
/// transaction. Passwords are kept as ASP.NET Core Identity V3 hashes (PBKDF2), tokens only as their SHA-256.
/// </summary>
public sealed partial class AccountStore
{
    /// <summary>Every token starts with this, so that one pasted into a chat or a log is recognisable (and can be searched for).</summary>
    public const string TokenPrefix = "epss_";

    /// <summary>Random bytes in a token: 256 bits.</summary>
    public const int TokenBytes = 32;

    /// <summary>A token's last use is written at most this often (a write per request would be waste).</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    private const string AccountColumns = "u.id, u.name, u.display_name, u.disabled, u.created_at, u.updated_at, " +
        "(SELECT group_concat(role, ',') FROM user_roles r WHERE r.user_id = u.id), u.security_stamp";

    /// <summary>A new security stamp: every sign-in cookie issued before it is refused (see <see cref="Account.SecurityStamp"/>).</summary>
    private const string NewStamp = "security_stamp = lower(hex(randomblob(16)))";

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly PasswordHasher<PasswordOwner> _hasher = new(Options.Create(new PasswordHasherOptions
    {
        CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3,
    }));
    private readonly Lazy<string> _decoyHash;
    private readonly StoreOpening _opening;

    private AccountStore(AccountsOptions options, TimeProvider time, ILogger logger)
    {
        DatabasePath = options.DatabasePath;
        // Each operation opens a connection of its own and closes the file again, so the tool and the server never hold it for long.
        _database = new SqliteDatabase(DatabasePath, options.BusyTimeout, foreignKeys: true);
        _time = time;
        _logger = logger;
        _opening = new StoreOpening(MigrateAsync);
        // Checked against when the name is unknown, so that a wrong name takes as long as a wrong password.
        _decoyHash = new Lazy<string>(() => _hasher.HashPassword(PasswordOwner.Instance, Convert.ToHexString(RandomNumberGenerator.GetBytes(16))));
    }

    public string DatabasePath { get; }

    /// <summary>The schema version after the migrations at opening (0 until then).</summary>
    public int SchemaVersion { get; private set; }

    /// <summary>
    /// The store on <c>accounts.db</c> in the data folder, not opened yet: that happens (folder and file created when
    /// needed, migrations applied) at <see cref="EnsureOpenAsync"/>, which a host calls as it starts, or at the first operation.
    /// </summary>
    public static AccountStore Create(AccountsOptions options, TimeProvider? time = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new AccountStore(options, time ?? TimeProvider.System, logger ?? NullLogger.Instance);
    }

    /// <summary>Opens <c>accounts.db</c> in the data folder, creating folder and file when needed, and applies the migrations it lacks.</summary>
    /// <exception cref="SqliteException">The file cannot be opened or is not a database.</exception>
    /// <exception cref="InvalidOperationException">The database was made by a newer version of Epss.</exception>
    public static async Task<AccountStore> OpenAsync(AccountsOptions options, TimeProvider? time, ILogger? logger, CancellationToken cancellationToken)
    {
        var store = Create(options, time, logger);
        await store.EnsureOpenAsync(cancellationToken);
        return store;
    }

    /// <summary>Opens the database unless that happened already; every operation waits for this first.</summary>
    /// <exception cref="SqliteException">The file cannot be opened or is not a database.</exception>
    /// <exception cref="InvalidOperationException">The database was made by a newer version of Epss.</exception>
    public Task EnsureOpenAsync(CancellationToken cancellationToken) => _opening.WaitAsync(cancellationToken);

    private async Task MigrateAsync()
    {
        var journalMode = await _database.UseWriteAheadLogAsync(CancellationToken.None);
        if (!string.Equals(journalMode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            Log.WalUnavailable(_logger, DatabasePath, journalMode);
        }
        SchemaVersion = await _database.MigrateAsync(AccountsSchema.Migrations, "De gebruikersdatabase",
            (migration, _) => Log.SchemaMigrated(_logger, DatabasePath, migration.Version, migration.Description), CancellationToken.None);
        await using var connection = await _database.OpenWriterAsync(CancellationToken.None);
        var users = Convert.ToInt32(await ScalarAsync(connection, null, "SELECT COUNT(*) FROM users;", CancellationToken.None), CultureInfo.InvariantCulture);
        Log.DatabaseOpened(_logger, DatabasePath, SchemaVersion, users);
    }

    /// <summary>Adds a user with a password and at least one role.</summary>
    /// <exception cref="AccountException">Invalid name, display name, role or password, or the name is taken.</exception>
    public async Task<Account> AddAsync(NewAccount account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        var name = AccountRules.CheckName(account.Name);
        var displayName = AccountRules.CheckDisplayName(account.DisplayName, name);
        var roles = EpssRoles.Normalize(account.Roles);
        if (roles.Count == 0)
        {
            throw new AccountException(AccountError.NoRole, $"Geef ten minste één rol op ({string.Join(", ", EpssRoles.All)}).");
        }
        AccountRules.CheckPassword(account.Password);
        var hash = _hasher.HashPassword(PasswordOwner.Instance, account.Password);
        var now = _time.GetUtcNow();
        var id = Guid.NewGuid().ToString("N");
        var stamp = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await ExecuteAsync(connection, transaction, """
                INSERT INTO users (id, name, display_name, password_hash, disabled, created_at, updated_at, security_stamp)
                VALUES ($id, $name, $display_name, $hash, 0, $now, $now, $stamp);
                """, cancellationToken, ("$id", id), ("$name", name), ("$display_name", displayName), ("$hash", hash), ("$now", now.ToUnixTimeMilliseconds()), ("$stamp", stamp));
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19) // SQLITE_CONSTRAINT: the name is taken
        {
            throw new AccountException(AccountError.UserExists, $"Er bestaat al een gebruiker '{name}'.");
        }
        foreach (var role in roles)
        {
            await ExecuteAsync(connection, transaction, "INSERT INTO user_roles (user_id, role) VALUES ($id, $role);",
                cancellationToken, ("$id", id), ("$role", role));
        }
        await transaction.CommitAsync(cancellationToken);
        return new Account(id, name, displayName, roles, false, now, now, stamp);
    }

    /// <summary>The user with this login name, or null.</summary>
    public async Task<Account?> FindAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return (await ReadAccountsAsync(connection, "WHERE u.name = $key", name, cancellationToken)).FirstOrDefault();
    }

    /// <summary>The user with this id (the stable one, not the login name), or null.</summary>
    public async Task<Account?> FindByIdAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return (await ReadAccountsAsync(connection, "WHERE u.id = $key", id, cancellationToken)).FirstOrDefault();
    }

    /// <summary>Every user by name, with the number of their live (not revoked) tokens.</summary>
    public async Task<IReadOnlyList<AccountSummary>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var accounts = await ReadAccountsAsync(connection, "", null, cancellationToken);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT user_id, COUNT(*) FROM api_tokens WHERE revoked_at IS NULL GROUP BY user_id;";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                counts[reader.GetString(0)] = reader.GetInt32(1);
            }
        }
        return [.. accounts.Select(a => new AccountSummary(a, counts.GetValueOrDefault(a.Id)))];
    }

    /// <summary>
    /// Disables or enables a user. A disabled user cannot sign in, and their tokens and sessions stop working; their
    /// sessions stay ended when they are enabled again (a new security stamp).
    /// </summary>
    /// <exception cref="AccountException">No such user.</exception>
    public async Task<Account> SetDisabledAsync(string name, bool disabled, CancellationToken cancellationToken)
    {
        await UpdateUserAsync(name, $"disabled = $value, {NewStamp}", disabled ? 1 : 0, cancellationToken);
        return (await FindAsync(name, cancellationToken))!;
    }

    /// <summary>Gives a user a new password; every session they have ends, and a lockout is lifted.</summary>
    /// <exception cref="AccountException">No such user, or the password is too short.</exception>
    public async Task<Account> SetPasswordAsync(string name, string password, CancellationToken cancellationToken)
    {
        AccountRules.CheckPassword(password);
        await UpdateUserAsync(name, $"password_hash = $value, failed_sign_ins = 0, locked_until = NULL, {NewStamp}",
            _hasher.HashPassword(PasswordOwner.Instance, password), cancellationToken);
        return (await FindAsync(name, cancellationToken))!;
    }

    /// <summary>Ends every session of a user (web sign-ins and open hub connections), by a new security stamp; their API tokens stay.</summary>
    /// <exception cref="AccountException">No such user.</exception>
    public async Task<Account> RevokeSessionsAsync(string name, CancellationToken cancellationToken)
    {
        await UpdateUserAsync(name, $"{NewStamp}, failed_sign_ins = failed_sign_ins + $value", 0, cancellationToken);
        return (await FindAsync(name, cancellationToken))!;
    }

    /// <summary>Whether the API token with this id is live (not revoked, its user not disabled): for connections that outlive the request that opened them.</summary>
    public async Task<bool> IsTokenLiveAsync(long tokenId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ScalarAsync(connection, null,
            "SELECT 1 FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = $id AND t.revoked_at IS NULL AND u.disabled = 0;",
            cancellationToken, ("$id", tokenId)) is not null;
    }

    /// <summary>
    /// The user when <paramref name="password"/> is theirs and they are not disabled; otherwise null (an unknown name,
    /// a wrong password, a locked and a disabled user look the same to the caller and take about as long, a locked
    /// one less: see <see cref="CheckPasswordAsync"/>).
    /// </summary>
    public async Task<Account?> VerifyPasswordAsync(string name, string password, CancellationToken cancellationToken) =>
        (await CheckPasswordAsync(name, password, cancellationToken)).Account;

    /// <summary>Failed sign-ins in a row after which an account is locked (<see cref="LockoutFor"/>).</summary>
    public const int LockoutThreshold = 5;

    /// <summary>
    /// How long an account is locked after <paramref name="failures"/> failed sign-ins in a row: nothing below
    /// <see cref="LockoutThreshold"/>, then one minute, doubling with every further failure, at most an hour.
    /// </summary>
    public static TimeSpan LockoutFor(int failures) =>
        failures < LockoutThreshold ? TimeSpan.Zero : TimeSpan.FromMinutes(Math.Min(60, 1 << Math.Min(failures - LockoutThreshold, 6)));

    /// <summary>
    /// A sign-in with a password. While the account is locked no password is checked at all (no PBKDF2 run for an
    /// attacker's guesses); a wrong password counts towards the lockout, a right one clears the count.
    /// </summary>
    public async Task<PasswordCheck> CheckPasswordAsync(string name, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(password);
        string? id = null;
        string? hash = null;
        long? lockedUntil = null;
        var failures = 0;
        await using (var connection = await OpenAsync(cancellationToken))
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT id, password_hash, failed_sign_ins, locked_until FROM users WHERE name = $name AND disabled = 0;";
            command.Parameters.AddWithValue("$name", name ?? "");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                id = reader.GetString(0);
                hash = reader.GetString(1);
                failures = reader.GetInt32(2);
                lockedUntil = reader.IsDBNull(3) ? null : reader.GetInt64(3);
            }
        }
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        if (id is not null && lockedUntil > now)
        {
            return new PasswordCheck(null, Time(lockedUntil.Value));
        }
        if (id is null || hash is null || password.Length > AccountRules.MaximumPasswordLength)
        {
            _hasher.VerifyHashedPassword(PasswordOwner.Instance, _decoyHash.Value, password);
            return new PasswordCheck(null, null);
        }
        var result = _hasher.VerifyHashedPassword(PasswordOwner.Instance, hash, password);
        if (result == PasswordVerificationResult.Failed)
        {
            // Counted in one statement, so that guesses arriving together are all counted.
            await using var connection = await OpenAsync(cancellationToken);
            var locked = await ScalarAsync(connection, null, """
                UPDATE users SET failed_sign_ins = failed_sign_ins + 1,
                    locked_until = CASE WHEN failed_sign_ins + 1 >= $threshold
                        THEN $now + 60000 * MIN(60, 1 << MIN(failed_sign_ins + 1 - $threshold, 6)) ELSE locked_until END
                WHERE id = $id RETURNING locked_until;
                """, cancellationToken, ("$threshold", LockoutThreshold), ("$now", now), ("$id", id));
            return new PasswordCheck(null, locked is long until && until > now ? Time(until) : null);
        }
        if (failures > 0 || lockedUntil is not null)
        {
            await using var connection = await OpenAsync(cancellationToken);
            await ExecuteAsync(connection, null, "UPDATE users SET failed_sign_ins = 0, locked_until = NULL WHERE id = $id;", cancellationToken, ("$id", id));
        }
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await UpdateUserAsync(name!, "password_hash = $value", _hasher.HashPassword(PasswordOwner.Instance, password), cancellationToken);
            Log.PasswordRehashed(_logger);
        }
        return new PasswordCheck(await FindByIdAsync(id, cancellationToken), null);
    }

    /// <summary>
    /// Makes an API token for a user: 256 random bits, returned once in <see cref="IssuedToken.Token"/>; only its
    /// SHA-256 hash is stored. Without <paramref name="tokenName"/> the token is called <c>token-N</c>.
    /// </summary>
    /// <exception cref="AccountException">No such user, an invalid name, or the user has a live token of this name.</exception>
    public async Task<IssuedToken> CreateTokenAsync(string userName, string? tokenName, CancellationToken cancellationToken)
    {
        var account = await FindAsync(userName, cancellationToken) ?? throw NotFound(userName);
        var now = _time.GetUtcNow();
        var token = TokenPrefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(TokenBytes));
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        string name;
        if (tokenName is null)
        {
            var count = Convert.ToInt64(await ScalarAsync(connection, transaction, "SELECT COUNT(*) FROM api_tokens WHERE user_id = $id;",
                cancellationToken, ("$id", account.Id)), CultureInfo.InvariantCulture);
            name = "token-" + (count + 1).ToString(CultureInfo.InvariantCulture);
        }
        else
        {
            name = AccountRules.CheckTokenName(tokenName);
        }
        long tokenId;
        try
        {
            tokenId = Convert.ToInt64(await ScalarAsync(connection, transaction, """
                INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($id, $name, $hash, $now) RETURNING id;
                """, cancellationToken, ("$id", account.Id), ("$name", name), ("$hash", HashToken(token)), ("$now", now.ToUnixTimeMilliseconds())),
                CultureInfo.InvariantCulture);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19)
        {
            throw new AccountException(AccountError.InvalidTokenName,
                $"{account.Name} heeft al een token '{name}'. Trek het eerst in (users revoke {account.Name} --name {name}) of kies een andere naam.");
        }
        await transaction.CommitAsync(cancellationToken);
        return new IssuedToken(token, new ApiTokenInfo(tokenId, account.Name, name, now, null, null));
    }

    /// <summary>A user's tokens, live and revoked, oldest first.</summary>
    public async Task<IReadOnlyList<ApiTokenInfo>> ListTokensAsync(string userName, CancellationToken cancellationToken)
    {
        var account = await FindAsync(userName, cancellationToken) ?? throw NotFound(userName);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, name, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = $id ORDER BY id;";
        command.Parameters.AddWithValue("$id", account.Id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var tokens = new List<ApiTokenInfo>();
        while (await reader.ReadAsync(cancellationToken))
        {
            tokens.Add(new ApiTokenInfo(reader.GetInt64(0), account.Name, reader.GetString(1), Time(reader.GetInt64(2)),
                reader.IsDBNull(3) ? null : Time(reader.GetInt64(3)), reader.IsDBNull(4) ? null : Time(reader.GetInt64(4))));
        }
        return tokens;
    }

    /// <summary>Revokes a user's live token of this name: from now on it is refused.</summary>
    /// <exception cref="AccountException">No such user, or no live token of this name.</exception>
    public async Task RevokeTokenAsync(string userName, string tokenName, CancellationToken cancellationToken)
    {
        var account = await FindAsync(userName, cancellationToken) ?? throw NotFound(userName);
        await using var connection = await OpenAsync(cancellationToken);
        var changed = await ExecuteAsync(connection, null,
            "UPDATE api_tokens SET revoked_at = $now WHERE user_id = $id AND name = $name AND revoked_at IS NULL;",
            cancellationToken, ("$now", _time.GetUtcNow().ToUnixTimeMilliseconds()), ("$id", account.Id), ("$name", tokenName));
        if (changed == 0)
        {
            throw new AccountException(AccountError.TokenNotFound, $"{account.Name} heeft geen geldig token '{tokenName}'.");
        }
    }

    /// <summary>
    /// The user a token belongs to, when the token is live and the user not disabled; otherwise null. Records when the
    /// token was last used (at most once a minute).
    /// </summary>
    public async Task<Account?> AuthenticateTokenAsync(string token, CancellationToken cancellationToken) =>
        (await SignInWithTokenAsync(token, cancellationToken))?.Account;

    /// <summary>As <see cref="AuthenticateTokenAsync"/>, with the token's id (so that a long connection can check later that it is still live).</summary>
    public async Task<TokenSignIn?> SignInWithTokenAsync(string token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 200 || !token.StartsWith(TokenPrefix, StringComparison.Ordinal))
        {
            return null;
        }
        var hash = HashToken(token);
        await using var connection = await OpenAsync(cancellationToken);
        long tokenId;
        long? lastUsed;
        string userId;
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT t.id, t.last_used_at, t.user_id FROM api_tokens t JOIN users u ON u.id = t.user_id
                WHERE t.token_hash = $hash AND t.revoked_at IS NULL AND u.disabled = 0;
                """;
            command.Parameters.AddWithValue("$hash", hash);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }
            tokenId = reader.GetInt64(0);
            lastUsed = reader.IsDBNull(1) ? null : reader.GetInt64(1);
            userId = reader.GetString(2);
        }
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        if (lastUsed is null || now - lastUsed.Value >= (long)LastUsedResolution.TotalMilliseconds)
        {
            await ExecuteAsync(connection, null, "UPDATE api_tokens SET last_used_at = $now WHERE id = $id;", cancellationToken, ("$now", now), ("$id", tokenId));
        }
        return (await ReadAccountsAsync(connection, "WHERE u.id = $key", userId, cancellationToken)).FirstOrDefault() is { } account
            ? new TokenSignIn(account, tokenId)
            : null;
    }

    /// <summary>SHA-256 of the token's UTF-8 bytes: what is stored and looked up.</summary>
    internal static byte[] HashToken(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    private async Task UpdateUserAsync(string name, string assignment, object value, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var changed = await ExecuteAsync(connection, null, $"UPDATE users SET {assignment}, updated_at = $now WHERE name = $name;",
            cancellationToken, ("$value", value), ("$now", _time.GetUtcNow().ToUnixTimeMilliseconds()), ("$name", name));
        if (changed == 0)
        {
            throw NotFound(name);
        }
    }

    private static AccountException NotFound(string name) =>
        new(AccountError.UserNotFound, $"Er is geen gebruiker '{(name.Length <= 40 ? name : name[..40] + "…")}'. Zie 'users list'.");

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await EnsureOpenAsync(cancellationToken);
        return await _database.OpenWriterAsync(cancellationToken);
    }

    private static async Task<List<Account>> ReadAccountsAsync(SqliteConnection connection, string where, string? key, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {AccountColumns} FROM users u {where} ORDER BY u.name;";
        if (key is not null)
        {
            command.Parameters.AddWithValue("$key", key);
        }
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var accounts = new List<Account>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var roles = reader.IsDBNull(6) ? [] : reader.GetString(6).Split(',');
            accounts.Add(new Account(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                [.. EpssRoles.All.Where(roles.Contains)],
                reader.GetInt64(3) != 0,
                Time(reader.GetInt64(4)),
                Time(reader.GetInt64(5)),
                reader.GetString(7)));
        }
        return accounts;
    }

    private static DateTimeOffset Time(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);

    private static async Task<int> ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken,
        params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken,
        params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return command;
    }

    /// <summary>The user type PasswordHasher asks for; its default implementation does not look at it.</summary>
    private sealed class PasswordOwner
    {
        public static readonly PasswordOwner Instance = new();
    }
}
