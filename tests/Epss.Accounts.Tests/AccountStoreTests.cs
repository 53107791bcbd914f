using Epss.Testing;
using Microsoft.Data.Sqlite;

namespace Epss.Accounts.Tests;

/// <summary><see cref="AccountStore"/> on a real accounts.db in a data folder of the test's own.</summary>
public sealed class AccountStoreTests : IAsyncLifetime
{
    private const string Password = "een-lang-wachtwoord";
    private readonly TempDataFolder _data = new();
    private readonly FixedTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));
    private AccountStore _store = null!;

    public async ValueTask InitializeAsync() => _store = await AccountStore.OpenAsync(new AccountsOptions { DataPath = _data.Path }, _time, null, Ct);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Open_new_folder_creates_accounts_db_in_wal_mode_at_the_latest_schema()
    {
        Assert.Equal(_data.FullPath("accounts.db"), _store.DatabasePath);
        Assert.Equal(AccountsSchema.LatestVersion, _store.SchemaVersion);
        Assert.Equal("wal", Sql("PRAGMA journal_mode;"));
    }

    [Fact]
    public async Task Add_user_keeps_roles_in_canonical_order_and_a_v3_password_hash()
    {
        var account = await _store.AddAsync(new NewAccount("jan-jansen", "Jan Jansen", ["analyst", "expert"], Password), Ct);

        Assert.Equal(["expert", "analyst"], account.Roles);
        Assert.Equivalent(account, await _store.FindAsync("jan-jansen", Ct), strict: true);
        var hash = Convert.FromBase64String(Sql("SELECT password_hash FROM users;")!);
        Assert.Equal(0x01, hash[0]); // ASP.NET Core Identity format marker V3
        Assert.DoesNotContain(Password, Sql("SELECT password_hash FROM users;"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Jan", AccountError.InvalidName)]
    [InlineData("jan jansen", AccountError.InvalidName)]
    [InlineData("-jan", AccountError.InvalidName)]
    public async Task Add_invalid_name_is_refused_with_a_dutch_reason(string name, AccountError error)
    {
        var e = await Assert.ThrowsAsync<AccountException>(() => _store.AddAsync(new NewAccount(name, null, ["expert"], Password), Ct));

        Assert.Equal(error, e.Error);
        Assert.Contains("geen geldige gebruikersnaam", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_unknown_role_short_password_or_taken_name_is_refused()
    {
        await _store.AddAsync(new NewAccount("piet", null, ["official"], Password), Ct);

        Assert.Equal(AccountError.UnknownRole, (await Assert.ThrowsAsync<AccountException>(() => _store.AddAsync(new NewAccount("kees", null, ["baas"], Password), Ct))).Error);
        Assert.Equal(AccountError.NoRole, (await Assert.ThrowsAsync<AccountException>(() => _store.AddAsync(new NewAccount("kees", null, [], Password), Ct))).Error);
        Assert.Equal(AccountError.WeakPassword, (await Assert.ThrowsAsync<AccountException>(() => _store.AddAsync(new NewAccount("kees", null, ["expert"], "kort"), Ct))).Error);
        Assert.Equal(AccountError.UserExists, (await Assert.ThrowsAsync<AccountException>(() => _store.AddAsync(new NewAccount("piet", null, ["expert"], Password), Ct))).Error);
    }

    [Fact]
    public async Task VerifyPassword_right_wrong_unknown_and_disabled()
    {
        await _store.AddAsync(new NewAccount("piet", null, ["official"], Password), Ct);

        Assert.NotNull(await _store.VerifyPasswordAsync("piet", Password, Ct));
        Assert.Null(await _store.VerifyPasswordAsync("piet", Password + "x", Ct));
        Assert.Null(await _store.VerifyPasswordAsync("niemand", Password, Ct));
        await _store.SetDisabledAsync("piet", disabled: true, Ct);
        Assert.Null(await _store.VerifyPasswordAsync("piet", Password, Ct));
    }

    [Fact]
    public async Task SetPassword_replaces_the_old_password()
    {
        await _store.AddAsync(new NewAccount("piet", null, ["official"], Password), Ct);

        await _store.SetPasswordAsync("piet", "een-ander-wachtwoord", Ct);

        Assert.Null(await _store.VerifyPasswordAsync("piet", Password, Ct));
        Assert.NotNull(await _store.VerifyPasswordAsync("piet", "een-ander-wachtwoord", Ct));
    }

    [Fact]
    public async Task Token_is_256_random_bits_stored_only_as_its_sha256_and_records_last_use()
    {
        var account = await _store.AddAsync(new NewAccount("piet", null, ["official"], Password), Ct);

        var issued = await _store.CreateTokenAsync("piet", "extensie", Ct);

        Assert.StartsWith(AccountStore.TokenPrefix, issued.Token, StringComparison.Ordinal);
        Assert.Equal(43, issued.Token.Length - AccountStore.TokenPrefix.Length); // base64url of 32 bytes
        Assert.Equal(Convert.ToHexString(AccountStore.HashToken(issued.Token)), Sql("SELECT hex(token_hash) FROM api_tokens;"));
        Assert.Equal("0", Sql($"SELECT COUNT(*) FROM api_tokens WHERE CAST(token_hash AS TEXT) LIKE '%{issued.Token[5..15]}%';"));
        Assert.Equal(account.Id, (await _store.AuthenticateTokenAsync(issued.Token, Ct))?.Id);
        Assert.Equal(_time.GetUtcNow(), (await _store.ListTokensAsync("piet", Ct)).Single().LastUsed);
    }

    [Fact]
    public async Task Token_revoked_or_of_a_disabled_user_stops_working()
    {
        await _store.AddAsync(new NewAccount("piet", null, ["official"], Password), Ct);
        var first = await _store.CreateTokenAsync("piet", "extensie", Ct);
        var second = await _store.CreateTokenAsync("piet", null, Ct);
        Assert.Equal("token-2", second.Info.Name);

        await _store.RevokeTokenAsync("piet", "extensie", Ct);
        Assert.Null(await _store.AuthenticateTokenAsync(first.Token, Ct));
        Assert.NotNull(await _store.AuthenticateTokenAsync(second.Token, Ct));

        await _store.SetDisabledAsync("piet", disabled: true, Ct);
        Assert.Null(await _store.AuthenticateTokenAsync(second.Token, Ct));
        await _store.SetDisabledAsync("piet", disabled: false, Ct);
        Assert.NotNull(await _store.AuthenticateTokenAsync(second.Token, Ct));
        Assert.Equal(1, (await _store.ListAsync(Ct)).Single().TokenCount);
    }

    [Fact]
    public async Task Token_with_a_live_name_twice_is_refused()
    {
        await _store.AddAsync(new NewAccount("piet", null, ["official"], Password), Ct);
        await _store.CreateTokenAsync("piet", "extensie", Ct);

        var e = await Assert.ThrowsAsync<AccountException>(() => _store.CreateTokenAsync("piet", "extensie", Ct));

        Assert.Contains("users revoke piet --name extensie", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_database_of_a_newer_epss_is_refused_with_a_clear_message()
    {
        Sql("INSERT INTO schema_version VALUES (99, 'uit de toekomst', 0);");

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => AccountStore.OpenAsync(new AccountsOptions { DataPath = _data.Path }, null, null, Ct));

        Assert.Contains("schemaversie 99", e.Message, StringComparison.Ordinal);
    }

    public ValueTask DisposeAsync()
    {
        _data.Dispose();
        return ValueTask.CompletedTask;
    }

    private string? Sql(string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _store.DatabasePath, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
