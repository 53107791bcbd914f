using System.CommandLine;
using System.Globalization;
using Epss.Accounts;
using Epss.Audit;

namespace Epss.Cli;

/// <summary>
/// <c>users</c>: the users of a server and their roles and API tokens, in <c>accounts.db</c> in the server's data
/// folder. Works while the server runs (it sees changes at the next request). Never prints a password or a hash; a
/// token is printed once, when it is made.
/// </summary>
internal static class UsersCommand
{
    public static Command Create(CommandInput input)
    {
        var command = new Command("users", "Beheer gebruikers, hun rollen en API-tokens (in accounts.db in de datamap).")
        {
            Add(input),
            Token(),
            Revoke(),
            List(),
            SetDisabled("disable", "Zet een gebruiker uit: inloggen en zijn tokens werken niet meer.", disabled: true),
            SetDisabled("enable", "Zet een uitgezette gebruiker weer aan.", disabled: false),
            Passwd(input),
            ResetTwoFactor(),
        };
        return command;
    }

    private static Option<DirectoryInfo> DataOption() => new("--data", "-d")
    {
        Description = "De datamap van de server (Epss:DataPath); de gebruikers staan in accounts.db daarin.",
        Required = true,
    };

    private static Argument<string> NameArgument() => new("naam") { Description = "De inlognaam (kleine letters, cijfers en streepjes)." };

    private static Option<bool> PasswordStdinOption() => new("--password-stdin")
    {
        Description = "Lees het wachtwoord van standaardinvoer (de eerste regel), bijvoorbeeld uit een wachtwoordkluis.",
    };

    private static Command Add(CommandInput input)
    {
        var data = DataOption();
        var name = NameArgument();
        var roles = new Option<string[]>("--role", "-r")
        {
            Description = $"Een rol: {string.Join(", ", EpssRoles.All)} (official = baliemedewerker). Herhaal voor meer rollen.",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var displayName = new Option<string?>("--display-name") { Description = "De naam zoals anderen die zien (standaard: de inlognaam)." };
        var passwordStdin = PasswordStdinOption();
        var command = new Command("add", "Voeg een gebruiker toe. Het wachtwoord wordt gevraagd (zonder het te tonen) of met --password-stdin gelezen.")
        {
            name, data, roles, displayName, passwordStdin,
        };
        command.SetAction((parse, ct) => Run(parse, data, async (store, audit, output, error) =>
        {
            var roleList = parse.GetValue(roles) ?? [];
            EpssRoles.Normalize(roleList); // an unknown role is refused before the password is asked for
            var password = ReadNewPassword(input, parse.GetValue(passwordStdin), output, error);
            if (password is null)
            {
                return EpssCommandLine.UsageError;
            }
            var account = await store.AddAsync(new NewAccount(parse.GetValue(name)!, parse.GetValue(displayName), roleList, password), ct);
            await audit(AuditActions.UserCreated, account.Name, string.Join(",", account.Roles));
            output.WriteLine($"Gebruiker {account.Name} ({account.DisplayName}) toegevoegd met {Roles(account)}.");
            return EpssCommandLine.Success;
        }));
        return command;
    }

    private static Command Token()
    {
        var data = DataOption();
        var name = NameArgument();
        var tokenName = new Option<string?>("--name", "-n") { Description = "Een naam voor het token, zoals 'extensie' of 'export' (standaard token-N)." };
        var command = new Command("token", "Maak een API-token voor een gebruiker (voor de browserextensie en scripts). Het token wordt één keer getoond.")
        {
            name, data, tokenName,
        };
        command.SetAction((parse, ct) => Run(parse, data, async (store, audit, output, error) =>
        {
            var issued = await store.CreateTokenAsync(parse.GetValue(name)!, parse.GetValue(tokenName), ct);
            await audit(AuditActions.TokenCreated, issued.Info.UserName, issued.Info.Name);
            // The token alone on standard output, so that a script can capture it; the explanation goes to standard error.
            output.WriteLine(issued.Token);
            error.WriteLine($"Token '{issued.Info.Name}' voor {issued.Info.UserName} gemaakt. Bewaar het nu: het wordt niet opnieuw getoond " +
                $"(alleen een hash ervan is opgeslagen). Intrekken: users revoke {issued.Info.UserName} --name {issued.Info.Name}.");
            return EpssCommandLine.Success;
        }));
        return command;
    }

    private static Command Revoke()
    {
        var data = DataOption();
        var name = NameArgument();
        var tokenName = new Option<string?>("--name", "-n") { Description = "De naam van het token." };
        var sessions = new Option<bool>("--sessions") { Description = "Beëindig alle aanmeldingen van de gebruiker (webpagina's en open verbindingen)." };
        var command = new Command("revoke", "Trek een API-token in (--name) of beëindig alle aanmeldingen (--sessions) van een gebruiker; het werkt direct.")
        {
            name, data, tokenName, sessions,
        };
        command.SetAction((parse, ct) => Run(parse, data, async (store, audit, output, error) =>
        {
            if (parse.GetValue(tokenName) is null && !parse.GetValue(sessions))
            {
                error.WriteLine("Geef --name TOKEN om een token in te trekken, of --sessions om alle aanmeldingen te beëindigen.");
                return EpssCommandLine.UsageError;
            }
            if (parse.GetValue(tokenName) is { } token)
            {
                await store.RevokeTokenAsync(parse.GetValue(name)!, token, ct);
                await audit(AuditActions.TokenRevoked, parse.GetValue(name), token);
                output.WriteLine($"Token '{token}' van {parse.GetValue(name)} ingetrokken.");
            }
            if (parse.GetValue(sessions))
            {
                var account = await store.RevokeSessionsAsync(parse.GetValue(name)!, ct);
                await audit(AuditActions.SessionsRevoked, account.Name, null);
                output.WriteLine($"Alle aanmeldingen van {account.Name} zijn beëindigd; open verbindingen sluiten binnen een minuut.");
            }
            return EpssCommandLine.Success;
        }));
        return command;
    }

    private static Command List()
    {
        var data = DataOption();
        var command = new Command("list", "Toon alle gebruikers: naam, rollen, of ze uitgezet zijn en hoeveel tokens ze hebben.") { data };
        command.SetAction((parse, ct) => Run(parse, data, async (store, output, _) =>
        {
            var users = await store.ListAsync(ct);
            if (users.Count == 0)
            {
                output.WriteLine("Nog geen gebruikers. Voeg de eerste beheerder toe met: users add NAAM --role admin --data " + parse.GetValue(data)!.FullName);
                return EpssCommandLine.Success;
            }
            var width = Math.Max(4, users.Max(u => u.Account.Name.Length));
            output.WriteLine($"{"naam".PadRight(width)}  {"rollen",-30}  {"status",-9}  tokens  weergavenaam");
            foreach (var (account, tokens) in users)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{account.Name.PadRight(width)}  {string.Join(",", account.Roles),-30}  {(account.Disabled ? "uitgezet" : "actief"),-9}  {tokens,6}  {account.DisplayName}"));
            }
            return EpssCommandLine.Success;
        }));
        return command;
    }

    private static Command SetDisabled(string verb, string description, bool disabled)
    {
        var data = DataOption();
        var name = NameArgument();
        var command = new Command(verb, description) { name, data };
        command.SetAction((parse, ct) => Run(parse, data, async (store, audit, output, _) =>
        {
            var account = await store.SetDisabledAsync(parse.GetValue(name)!, disabled, ct);
            await audit(disabled ? AuditActions.UserDisabled : AuditActions.UserEnabled, account.Name, null);
            output.WriteLine(disabled
                ? $"Gebruiker {account.Name} is uitgezet: inloggen en zijn tokens werken niet meer."
                : $"Gebruiker {account.Name} is weer actief.");
            return EpssCommandLine.Success;
        }));
        return command;
    }

    private static Command Passwd(CommandInput input)
    {
        var data = DataOption();
        var name = NameArgument();
        var passwordStdin = PasswordStdinOption();
        var command = new Command("passwd", "Geef een gebruiker een nieuw wachtwoord.") { name, data, passwordStdin };
        command.SetAction((parse, ct) => Run(parse, data, async (store, audit, output, error) =>
        {
            if (await store.FindAsync(parse.GetValue(name)!, ct) is null)
            {
                throw new AccountException(AccountError.UserNotFound, $"Er is geen gebruiker '{parse.GetValue(name)}'. Zie 'users list'.");
            }
            var password = ReadNewPassword(input, parse.GetValue(passwordStdin), output, error);
            if (password is null)
            {
                return EpssCommandLine.UsageError;
            }
            var account = await store.SetPasswordAsync(parse.GetValue(name)!, password, ct);
            await audit(AuditActions.PasswordChanged, account.Name, null);
            output.WriteLine($"Het wachtwoord van {account.Name} is gewijzigd.");
            return EpssCommandLine.Success;
        }));
        return command;
    }

    private static Command ResetTwoFactor()
    {
        var data = DataOption();
        var name = NameArgument();
        var command = new Command("reset-2fa",
            "Zet de tweestapsverificatie van een gebruiker uit (telefoon kwijt): sleutel en herstelcodes worden gewist. " +
            "Daarna logt de gebruiker in met alleen het wachtwoord, of stelt het opnieuw in als het voor zijn rol verplicht is.")
        {
            name, data,
        };
        command.SetAction((parse, ct) => Run(parse, data, async (store, output, _) =>
        {
            var userName = parse.GetValue(name)!;
            output.WriteLine(await store.ResetTwoFactorAsync(userName, ct)
                ? $"De tweestapsverificatie van {userName} is uitgezet; sleutel en herstelcodes zijn gewist."
                : $"{userName} had geen tweestapsverificatie; er is niets veranderd.");
            return EpssCommandLine.Success;
        }));
        return command;
    }

    /// <summary>Opens the store in the data folder and runs <paramref name="action"/>; refusals become a message and exit code 2.</summary>
    private static Task<int> Run(ParseResult parse, Option<DirectoryInfo> data, Func<AccountStore, TextWriter, TextWriter, Task<int>> action) =>
        Run(parse, data, (store, _, output, error) => action(store, output, error));

    /// <summary>As <see cref="Run(ParseResult, Option{DirectoryInfo}, Func{AccountStore, TextWriter, TextWriter, Task{int}})"/>, with the server's audit log for what the command changed.</summary>
    private static async Task<int> Run(ParseResult parse, Option<DirectoryInfo> data, Func<AccountStore, Audited, TextWriter, TextWriter, Task<int>> action)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        try
        {
            var folder = parse.GetValue(data)!.FullName;
            var store = await AccountStore.OpenAsync(new AccountsOptions { DataPath = folder }, null, null, CancellationToken.None);
            using var audit = AuditCommand.Open(folder);
            return await action(store, (what, subject, detail) => audit.RecordAsync(
                new AuditEntry(what, null, AuditCommand.Operator, null, subject, detail), CancellationToken.None), output, error);
        }
        catch (AccountException e)
        {
            error.WriteLine(e.Message);
            return EpssCommandLine.UsageError;
        }
        catch (Exception e) when (e is InvalidOperationException or Microsoft.Data.Sqlite.SqliteException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"De gebruikersdatabase in '{parse.GetValue(data)!.FullName}' kan niet worden gebruikt: {e.Message}");
            return EpssCommandLine.UsageError;
        }
    }

    /// <summary>
    /// The new password: the first line of standard input with <c>--password-stdin</c>, else asked twice at the
    /// terminal without echo. Null (and a message) when neither is possible or the two do not match.
    /// </summary>
    private static string? ReadNewPassword(CommandInput input, bool fromStdin, TextWriter output, TextWriter error)
    {
        if (fromStdin)
        {
            var line = input.Reader.ReadLine();
            if (string.IsNullOrEmpty(line))
            {
                error.WriteLine("Geen wachtwoord op standaardinvoer: met --password-stdin is de eerste regel het wachtwoord.");
                return null;
            }
            AccountRules.CheckPassword(line);
            return line;
        }
        if (!input.IsTerminal)
        {
            error.WriteLine("Er kan niet om een wachtwoord worden gevraagd: standaardinvoer is geen terminal. " +
                "Geef het wachtwoord op de eerste regel van standaardinvoer en gebruik --password-stdin.");
            return null;
        }
        var first = CommandInput.ReadHidden(output, "Wachtwoord: ");
        AccountRules.CheckPassword(first);
        var second = CommandInput.ReadHidden(output, "Nog een keer: ");
        if (!string.Equals(first, second, StringComparison.Ordinal))
        {
            error.WriteLine("De twee wachtwoorden zijn niet gelijk; er is niets gewijzigd.");
            return null;
        }
        return first;
    }

    private static string Roles(Account account) =>
        (account.Roles.Count == 1 ? "de rol " : "de rollen ") + string.Join(", ", account.Roles);

    /// <summary>Records what a command changed in the audit log: the action, the user it was done to, a detail.</summary>
    private delegate Task Audited(string action, string? subject, string? detail);
}
