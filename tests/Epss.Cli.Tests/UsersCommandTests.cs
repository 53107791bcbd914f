using Epss.Accounts;
using Epss.Cli.Tests.Support;
using Epss.Testing;

namespace Epss.Cli.Tests;

/// <summary><c>epss users …</c>: users, roles and tokens in accounts.db of a data folder.</summary>
public sealed class UsersCommandTests : IDisposable
{
    private const string Password = "een-lang-wachtwoord";
    private readonly TempDataFolder _data = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Users_add_with_password_stdin_creates_the_user_with_roles()
    {
        var result = EpssCli.RunWithInput(Password + "\n", "users", "add", "jan-jansen", "--role", "expert", "--role", "analyst",
            "--display-name", "Jan Jansen", "--password-stdin", "--data", _data.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("jan-jansen (Jan Jansen) toegevoegd met de rollen expert, analyst", result.Output, StringComparison.Ordinal);
        var account = await Store().VerifyPasswordAsync("jan-jansen", Password, Ct);
        Assert.Equal(["expert", "analyst"], account?.Roles);
    }

    [Fact]
    public void Users_add_without_password_stdin_and_no_terminal_says_what_to_do()
    {
        var result = EpssCli.RunWithInput(Password + "\n", "users", "add", "jan", "--role", "expert", "--data", _data.Path);

        Assert.Equal(EpssCommandLine.UsageError, result.ExitCode);
        Assert.Contains("--password-stdin", result.Error, StringComparison.Ordinal);
        Assert.Contains("geen terminal", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("baas", "De rol 'baas' bestaat niet")]
    [InlineData("expert", "Er bestaat al een gebruiker 'jan'")]
    public void Users_add_unknown_role_or_existing_name_is_refused(string role, string message)
    {
        AddUser("jan", "official");

        var result = EpssCli.RunWithInput(Password + "\n", "users", "add", "jan", "--role", role, "--password-stdin", "--data", _data.Path);

        Assert.Equal(EpssCommandLine.UsageError, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Users_add_short_password_is_refused()
    {
        var result = EpssCli.RunWithInput("kort\n", "users", "add", "jan", "--role", "expert", "--password-stdin", "--data", _data.Path);

        Assert.Equal(EpssCommandLine.UsageError, result.ExitCode);
        Assert.Contains("te kort", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Users_token_prints_a_working_token_once_and_list_counts_it_without_hashes()
    {
        AddUser("jan", "official");

        var token = EpssCli.Run("users", "token", "jan", "--name", "extensie", "--data", _data.Path);
        var list = EpssCli.Run("users", "list", "--data", _data.Path);

        Assert.True(token.ExitCode == 0, token.ToString());
        var printed = Assert.Single(token.OutputLines);
        Assert.StartsWith(AccountStore.TokenPrefix, printed, StringComparison.Ordinal);
        Assert.Contains("niet opnieuw getoond", token.Error, StringComparison.Ordinal);
        Assert.Equal("jan", (await Store().AuthenticateTokenAsync(printed, Ct))?.Name);
        var line = Assert.Single(list.OutputLines, l => l.StartsWith("jan ", StringComparison.Ordinal));
        Assert.Matches(@"^jan\s+official\s+actief\s+1\s+jan$", line);
        Assert.DoesNotContain(printed, list.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("AQAAAA", list.Output, StringComparison.Ordinal); // the start of every V3 password hash
    }

    [Fact]
    public async Task Users_disable_stops_sign_in_and_tokens_and_enable_restores_them()
    {
        AddUser("jan", "official");
        var token = EpssCli.Run("users", "token", "jan", "--data", _data.Path).OutputLines[0];

        var disable = EpssCli.Run("users", "disable", "jan", "--data", _data.Path);

        Assert.Equal(0, disable.ExitCode);
        Assert.Null(await Store().AuthenticateTokenAsync(token, Ct));
        Assert.Null(await Store().VerifyPasswordAsync("jan", Password, Ct));
        Assert.Contains("uitgezet", EpssCli.Run("users", "list", "--data", _data.Path).Output, StringComparison.Ordinal);

        Assert.Equal(0, EpssCli.Run("users", "enable", "jan", "--data", _data.Path).ExitCode);
        Assert.NotNull(await Store().AuthenticateTokenAsync(token, Ct));
    }

    [Fact]
    public async Task Users_revoke_stops_that_token()
    {
        AddUser("jan", "official");
        var token = EpssCli.Run("users", "token", "jan", "--name", "script", "--data", _data.Path).OutputLines[0];

        var result = EpssCli.Run("users", "revoke", "jan", "--name", "script", "--data", _data.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.Null(await Store().AuthenticateTokenAsync(token, Ct));
    }

    [Fact]
    public async Task Users_passwd_with_password_stdin_changes_the_password()
    {
        AddUser("jan", "official");

        var result = EpssCli.RunWithInput("een-nieuw-wachtwoord\n", "users", "passwd", "jan", "--password-stdin", "--data", _data.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.NotNull(await Store().VerifyPasswordAsync("jan", "een-nieuw-wachtwoord", Ct));
        Assert.Null(await Store().VerifyPasswordAsync("jan", Password, Ct));
    }

    [Fact]
    public async Task Users_reset_2fa_switches_the_second_factor_off_for_a_lost_phone()
    {
        AddUser("jan", "expert");
        var store = Store();
        var account = (await store.FindAsync("jan", Ct))!;
        var key = OtpNet.Base32Encoding.ToBytes((await store.StartTwoFactorAsync(account.Id, Ct)).Secret);
        Assert.NotNull(await store.ConfirmTwoFactorAsync(account.Id, new OtpNet.Totp(key).ComputeTotp(DateTime.UtcNow), Ct));
        Assert.True(await store.HasTwoFactorAsync(account.Id, Ct));

        var result = EpssCli.Run("users", "reset-2fa", "jan", "--data", _data.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("tweestapsverificatie van jan is uitgezet", result.Output, StringComparison.Ordinal);
        Assert.False(await Store().HasTwoFactorAsync(account.Id, Ct));
        Assert.Equal(0, await Store().RecoveryCodesLeftAsync(account.Id, Ct));
        Assert.Contains("had geen tweestapsverificatie", EpssCli.Run("users", "reset-2fa", "jan", "--data", _data.Path).Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Users_commands_on_an_unknown_user_say_so()
    {
        var result = EpssCli.Run("users", "disable", "niemand", "--data", _data.Path);

        Assert.Equal(EpssCommandLine.UsageError, result.ExitCode);
        Assert.Contains("Er is geen gebruiker 'niemand'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Users_list_empty_tells_how_to_add_the_first_admin()
    {
        var result = EpssCli.Run("users", "list", "--data", _data.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--role admin", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Users_changes_are_recorded_in_the_audit_log_that_epss_audit_shows()
    {
        Assert.Equal(0, EpssCli.RunWithInput(Password + "\n", "users", "add", "jan", "--role", "expert", "--password-stdin", "--data", _data.Path).ExitCode);
        Assert.Equal(0, EpssCli.Run("users", "disable", "jan", "--data", _data.Path).ExitCode);
        Assert.Equal(0, EpssCli.RunWithInput("nog-een-lang-wachtwoord\n", "users", "passwd", "jan", "--password-stdin", "--data", _data.Path).ExitCode);

        using (var log = Epss.Audit.AuditLog.CreateSqlite(_data.Path))
        {
            var entries = await log.ReadAsync(new Epss.Audit.AuditQuery(), Ct);
            Assert.Equal(["password-changed", "user-disabled", "user-created"], entries.Select(e => e.Action));
            Assert.All(entries, e => Assert.Equal(("jan", "cli:" + Environment.UserName), (e.Subject, e.ActorName)));
        }
        var shown = EpssCli.Run("audit", "--data", _data.Path, "--action", "user-disabled");
        Assert.True(shown.ExitCode == 0, shown.ToString());
        Assert.Contains("user-disabled", shown.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("user-created", shown.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Users_revoke_sessions_gives_the_user_a_new_security_stamp_and_is_audited()
    {
        Assert.Equal(0, EpssCli.RunWithInput(Password + "\n", "users", "add", "jan", "--role", "expert", "--password-stdin", "--data", _data.Path).ExitCode);
        var before = (await Store().FindAsync("jan", Ct))!.SecurityStamp;

        var result = EpssCli.Run("users", "revoke", "jan", "--sessions", "--data", _data.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.NotEqual(before, (await Store().FindAsync("jan", Ct))!.SecurityStamp);
        using var log = Epss.Audit.AuditLog.CreateSqlite(_data.Path);
        Assert.Equal("sessions-revoked", (await log.ReadAsync(new Epss.Audit.AuditQuery(), Ct))[0].Action);
        Assert.Equal(EpssCommandLine.UsageError, EpssCli.Run("users", "revoke", "jan", "--data", _data.Path).ExitCode);
    }

    public void Dispose() => _data.Dispose();

    private void AddUser(string name, string role)
    {
        var result = EpssCli.RunWithInput(Password + "\n", "users", "add", name, "--role", role, "--password-stdin", "--data", _data.Path);
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    private AccountStore Store() => AccountStore.Create(new AccountsOptions { DataPath = _data.Path });
}
