using System.Text.RegularExpressions;

namespace Epss.Accounts;

/// <summary>What names, display names, passwords and token names must look like. Messages are Dutch.</summary>
public static partial class AccountRules
{
    public const int MaximumNameLength = 64;
    public const int MaximumDisplayNameLength = 100;
    public const int MinimumPasswordLength = 10;
    public const int MaximumPasswordLength = 1024;
    public const int MaximumTokenNameLength = 64;

    /// <exception cref="AccountException">The name is not lowercase kebab-case of at most 64 characters.</exception>
    public static string CheckName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaximumNameLength || !KebabName().IsMatch(name))
        {
            throw new AccountException(AccountError.InvalidName,
                $"'{Shorten(name)}' is geen geldige gebruikersnaam: gebruik kleine letters, cijfers en streepjes (zoals 'jan-jansen'), hoogstens {MaximumNameLength} tekens.");
        }
        return name;
    }

    public static string CheckDisplayName(string? displayName, string name)
    {
        var text = string.IsNullOrWhiteSpace(displayName) ? name : displayName.Trim();
        if (text.Length > MaximumDisplayNameLength || text.Any(char.IsControl))
        {
            throw new AccountException(AccountError.InvalidDisplayName,
                $"Een weergavenaam is hoogstens {MaximumDisplayNameLength} tekens, zonder regeleinden of stuurtekens.");
        }
        return text;
    }

    /// <exception cref="AccountException">The password is shorter than 10 or longer than 1024 characters.</exception>
    public static void CheckPassword(string? password)
    {
        if (password is null || password.Length < MinimumPasswordLength)
        {
            throw new AccountException(AccountError.WeakPassword,
                $"Het wachtwoord is te kort: gebruik ten minste {MinimumPasswordLength} tekens (een zin van een paar woorden is sterk en goed te onthouden).");
        }
        if (password.Length > MaximumPasswordLength)
        {
            throw new AccountException(AccountError.WeakPassword, $"Het wachtwoord is te lang: hoogstens {MaximumPasswordLength} tekens.");
        }
    }

    public static string CheckTokenName(string? tokenName)
    {
        if (string.IsNullOrEmpty(tokenName) || tokenName.Length > MaximumTokenNameLength || !KebabName().IsMatch(tokenName))
        {
            throw new AccountException(AccountError.InvalidTokenName,
                $"'{Shorten(tokenName)}' is geen geldige naam voor een token: gebruik kleine letters, cijfers en streepjes (zoals 'extensie'), hoogstens {MaximumTokenNameLength} tekens.");
        }
        return tokenName;
    }

    private static string Shorten(string? value) => value is null ? "" : value.Length <= 40 ? value : value[..40] + "…";

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex KebabName();
}
