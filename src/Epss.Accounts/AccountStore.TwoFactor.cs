using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using OtpNet;

namespace Epss.Accounts;

/// <summary>A second factor being set up: the key to give the authenticator app, as text and as an <c>otpauth://</c> URI (for the QR code).</summary>
public sealed record TwoFactorEnrolment(string Secret, Uri AuthenticatorUri);

/// <summary>The outcome of checking a second-factor code at sign-in.</summary>
public enum TwoFactorCheck
{
    Accepted,
    Wrong,

    /// <summary>A right code that was used before (or an older one than the last used): refused, each code works once.</summary>
    Replayed,

    /// <summary>Too many wrong codes in a row: no code is checked until <see cref="AccountStore.TwoFactorBlockTime"/> has passed.</summary>
    Blocked,
}

/// <summary>
/// The optional second factor of a local account: TOTP (RFC 6238, 30-second steps, 6 digits, SHA-1 as every
/// authenticator app does) with a window of one step either way for clock drift, each code accepted once (the last
/// accepted step is stored and an update succeeds only past it, so two servers cannot both accept the same code), and
/// ten single-use recovery codes, stored as SHA-256 hashes.
/// </summary>
public sealed partial class AccountStore
{
    /// <summary>Wrong codes in a row before code checks stop for <see cref="TwoFactorBlockTime"/>.</summary>
    public const int TwoFactorMaximumFailures = 5;

    public const int RecoveryCodeCount = 10;

    public static readonly TimeSpan TwoFactorBlockTime = TimeSpan.FromMinutes(5);

    private static readonly VerificationWindow TwoFactorWindow = new(previous: 1, future: 1);

    /// <summary>
    /// Starts (or shows again) setting up the second factor: a new random key unless one waits for its first code.
    /// Nothing changes at sign-in until <see cref="ConfirmTwoFactorAsync"/> accepted a code.
    /// </summary>
    /// <exception cref="AccountException">No such user, or the second factor is on already.</exception>
    public async Task<TwoFactorEnrolment> StartTwoFactorAsync(string userId, CancellationToken cancellationToken)
    {
        var account = await FindByIdAsync(userId, cancellationToken) ?? throw NotFound(userId);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        byte[] secret;
        await using (var command = Command(connection, transaction, "SELECT secret, confirmed_at FROM user_totp WHERE user_id = $id;", [("$id", userId)]))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                if (!reader.IsDBNull(1))
                {
                    throw new AccountException(AccountError.TwoFactorAlreadyOn, $"{account.Name} heeft tweestapsverificatie al aan.");
                }
                secret = (byte[])reader.GetValue(0);
            }
            else
            {
                secret = KeyGeneration.GenerateRandomKey(20);
            }
        }
        await ExecuteAsync(connection, transaction, """
            INSERT INTO user_totp (user_id, secret, created_at) VALUES ($id, $secret, $now) ON CONFLICT (user_id) DO NOTHING;
            """, cancellationToken, ("$id", userId), ("$secret", secret), ("$now", _time.GetUtcNow().ToUnixTimeMilliseconds()));
        await transaction.CommitAsync(cancellationToken);
        var text = Base32Encoding.ToString(secret);
        var label = Uri.EscapeDataString("Epss:" + account.Name);
        return new TwoFactorEnrolment(text, new Uri($"otpauth://totp/{label}?secret={text}&issuer=Epss&algorithm=SHA1&digits=6&period=30"));
    }

    /// <summary>
    /// Switches the second factor on when <paramref name="code"/> is right for the key of <see cref="StartTwoFactorAsync"/>,
    /// and returns the recovery codes (shown once); null when the code is wrong.
    /// </summary>
    /// <exception cref="AccountException">No set-up was started, or the second factor is on already.</exception>
    public async Task<IReadOnlyList<string>?> ConfirmTwoFactorAsync(string userId, string code, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var state = await ReadTwoFactorAsync(connection, transaction, userId, cancellationToken)
            ?? throw new AccountException(AccountError.TwoFactorOff, "Begin eerst met instellen: er is nog geen sleutel.");
        if (state.Confirmed)
        {
            throw new AccountException(AccountError.TwoFactorAlreadyOn, "Tweestapsverificatie staat al aan.");
        }
        if (MatchingStep(state.Secret, code) is not { } step)
        {
            return null;
        }
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        await ExecuteAsync(connection, transaction, "UPDATE user_totp SET confirmed_at = $now, last_step = $step, failures = 0 WHERE user_id = $id;",
            cancellationToken, ("$now", now), ("$step", step), ("$id", userId));
        var codes = await NewRecoveryCodesAsync(connection, transaction, userId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return codes;
    }

    /// <summary>Whether the user signs in with a second factor (set up and confirmed).</summary>
    public async Task<bool> HasTwoFactorAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ReadTwoFactorAsync(connection, null, userId, cancellationToken) is { Confirmed: true };
    }

    /// <summary>
    /// Checks a second-factor code at sign-in: a TOTP code of the current step or one either side, newer than the last
    /// accepted one, or an unused recovery code (which is then used up). Too many wrong codes in a row block checks for a while.
    /// </summary>
    public async Task<TwoFactorCheck> VerifyTwoFactorAsync(string userId, string code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(code);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var state = await ReadTwoFactorAsync(connection, transaction, userId, cancellationToken);
        if (state is not { Confirmed: true })
        {
            return TwoFactorCheck.Wrong;
        }
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        if (state.BlockedUntil is { } until && until > now)
        {
            return TwoFactorCheck.Blocked;
        }
        var result = TwoFactorCheck.Wrong;
        if (MatchingStep(state.Secret, code) is { } step)
        {
            // Only past the last accepted step: a code seen once (over a shoulder, in a proxy's log) does not work again.
            result = await ExecuteAsync(connection, transaction, "UPDATE user_totp SET last_step = $step, failures = 0 WHERE user_id = $id AND last_step < $step;",
                cancellationToken, ("$step", step), ("$id", userId)) == 1 ? TwoFactorCheck.Accepted : TwoFactorCheck.Replayed;
        }
        else if (NormalizeRecoveryCode(code) is { } recovery
            && await ExecuteAsync(connection, transaction, "UPDATE user_recovery_codes SET used_at = $now WHERE user_id = $id AND code_hash = $hash AND used_at IS NULL;",
                cancellationToken, ("$now", now), ("$id", userId), ("$hash", SHA256.HashData(Encoding.UTF8.GetBytes(recovery)))) == 1)
        {
            result = TwoFactorCheck.Accepted;
            await ExecuteAsync(connection, transaction, "UPDATE user_totp SET failures = 0 WHERE user_id = $id;", cancellationToken, ("$id", userId));
        }
        if (result != TwoFactorCheck.Accepted)
        {
            var failures = state.Failures + 1;
            await ExecuteAsync(connection, transaction, "UPDATE user_totp SET failures = $failures, blocked_until = $until WHERE user_id = $id;",
                cancellationToken, ("$failures", failures >= TwoFactorMaximumFailures ? 0 : failures),
                ("$until", failures >= TwoFactorMaximumFailures ? now + (long)TwoFactorBlockTime.TotalMilliseconds : DBNull.Value), ("$id", userId));
        }
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>How many recovery codes the user has left.</summary>
    public async Task<int> RecoveryCodesLeftAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return Convert.ToInt32(await ScalarAsync(connection, null, "SELECT COUNT(*) FROM user_recovery_codes WHERE user_id = $id AND used_at IS NULL;",
            cancellationToken, ("$id", userId)), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Switches the second factor off (key and recovery codes deleted), for the user themself or by an administrator
    /// (<c>users reset-2fa</c>) when the phone is lost. Returns whether there was one.
    /// </summary>
    /// <exception cref="AccountException">No such user.</exception>
    public async Task<bool> ResetTwoFactorAsync(string name, CancellationToken cancellationToken)
    {
        var account = await FindAsync(name, cancellationToken) ?? throw NotFound(name);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await ExecuteAsync(connection, transaction, "DELETE FROM user_recovery_codes WHERE user_id = $id;", cancellationToken, ("$id", account.Id));
        var removed = await ExecuteAsync(connection, transaction, "DELETE FROM user_totp WHERE user_id = $id;", cancellationToken, ("$id", account.Id));
        await transaction.CommitAsync(cancellationToken);
        return removed > 0;
    }

    /// <summary>The 30-second step whose code <paramref name="code"/> is, within the window around now; null when none.</summary>
    private long? MatchingStep(byte[] secret, string code)
    {
        var digits = code.Replace(" ", "", StringComparison.Ordinal).Trim();
        if (digits.Length != 6 || !digits.All(char.IsAsciiDigit))
        {
            return null;
        }
        return new Totp(secret).VerifyTotp(_time.GetUtcNow().UtcDateTime, digits, out var step, TwoFactorWindow) ? step : null;
    }

    private static async Task<IReadOnlyList<string>> NewRecoveryCodesAsync(SqliteConnection connection, SqliteTransaction transaction, string userId, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, transaction, "DELETE FROM user_recovery_codes WHERE user_id = $id;", cancellationToken, ("$id", userId));
        var codes = new List<string>(RecoveryCodeCount);
        while (codes.Count < RecoveryCodeCount)
        {
            // 50 random bits in base32 (no 0/1/8/9 to mix up), written as two groups of five.
            var text = Base32Encoding.ToString(RandomNumberGenerator.GetBytes(7))[..10].ToLowerInvariant();
            if (codes.Contains(text[..5] + "-" + text[5..]))
            {
                continue;
            }
            codes.Add(text[..5] + "-" + text[5..]);
            await ExecuteAsync(connection, transaction, "INSERT INTO user_recovery_codes (user_id, code_hash) VALUES ($id, $hash);",
                cancellationToken, ("$id", userId), ("$hash", SHA256.HashData(Encoding.UTF8.GetBytes(text))));
        }
        return codes;
    }

    private static string? NormalizeRecoveryCode(string code)
    {
        var text = new string([.. code.Where(c => c != '-' && !char.IsWhiteSpace(c))]).ToLowerInvariant();
        return text.Length == 10 ? text : null;
    }

    private static async Task<TwoFactorState?> ReadTwoFactorAsync(SqliteConnection connection, SqliteTransaction? transaction, string userId, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, "SELECT secret, confirmed_at, failures, blocked_until FROM user_totp WHERE user_id = $id;", [("$id", userId)]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new TwoFactorState((byte[])reader.GetValue(0), !reader.IsDBNull(1), reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetInt64(3))
            : null;
    }

    private sealed record TwoFactorState(byte[] Secret, bool Confirmed, int Failures, long? BlockedUntil);
}
