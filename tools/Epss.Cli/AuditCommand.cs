using System.CommandLine;
using System.Globalization;
using Epss.Audit;

namespace Epss.Cli;

/// <summary>
/// <c>audit</c>: the server's audit log (who published, sent back, restored, withdrew, exported, managed users, signed
/// in, and when), read from <c>audit.db</c> beside <c>accounts.db</c> — or from PostgreSQL when <c>Epss__PostgreSql</c>
/// is set in the environment, as for the server. What the <c>users</c> commands change is recorded there too.
/// </summary>
internal static class AuditCommand
{
    /// <summary>Who did it, for entries the command line records: the operating-system user running it.</summary>
    public static string Operator => "cli:" + Environment.UserName;

    /// <summary>The server's audit log for the accounts folder <paramref name="folder"/> (PostgreSQL when <c>Epss__PostgreSql</c> is set).</summary>
    public static AuditLog Open(string folder) =>
        Environment.GetEnvironmentVariable("Epss__PostgreSql") is { Length: > 0 } postgreSql
            ? AuditLog.CreatePostgreSql(postgreSql)
            : AuditLog.CreateSqlite(folder);

    public static Command Create()
    {
        var data = new Option<DirectoryInfo>("--data", "-d")
        {
            Description = "De map met accounts.db (Epss:SharedDataPath, anders Epss:DataPath); het auditlog staat in audit.db daarin.",
            Required = true,
        };
        var from = new Option<string?>("--from") { Description = "De eerste dag, jjjj-mm-dd (UTC, telt mee)." };
        var to = new Option<string?>("--to") { Description = "De laatste dag, jjjj-mm-dd (UTC, telt mee)." };
        var action = new Option<string?>("--action") { Description = "Alleen deze handeling: " + string.Join(", ", AuditActions.All) + "." };
        var actor = new Option<string?>("--actor") { Description = "Alleen wat deze gebruiker deed (naam of id)." };
        var limit = new Option<int>("--limit", "-n") { Description = "Hoeveel regels hoogstens (standaard 100).", DefaultValueFactory = _ => 100 };
        var command = new Command("audit", "Toon het auditlog: wie wat deed en wanneer, nieuwste eerst.") { data, from, to, action, actor, limit };
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (!TryDay(parse.GetValue(from), 0, out var first) || !TryDay(parse.GetValue(to), 1, out var last))
            {
                error.WriteLine("Geef --from en --to als datum in de vorm jjjj-mm-dd.");
                return EpssCommandLine.UsageError;
            }
            if (parse.GetValue(action) is { } named && !AuditActions.All.Contains(named))
            {
                error.WriteLine($"Onbekende handeling '{named}'. Kies uit: {string.Join(", ", AuditActions.All)}.");
                return EpssCommandLine.UsageError;
            }
            var folder = parse.GetValue(data)!.FullName;
            if (Environment.GetEnvironmentVariable("Epss__PostgreSql") is not { Length: > 0 } && !File.Exists(Path.Combine(folder, AuditLog.FileName)))
            {
                error.WriteLine($"Er is geen auditlog {AuditLog.FileName} in '{folder}'. Is dit de map met accounts.db van de server?");
                return EpssCommandLine.UsageError;
            }
            using var audit = Open(folder);
            var entries = await audit.ReadAsync(new AuditQuery(first, last, parse.GetValue(action), parse.GetValue(actor), null, Math.Clamp(parse.GetValue(limit), 1, 10_000)), ct);
            foreach (var e in entries)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{e.At:yyyy-MM-dd HH:mm:ss}Z  {e.Action,-18}  {e.ActorName,-20}  {e.Address ?? "-",-15}  {e.Subject ?? "-"}  {e.Detail ?? ""}").TrimEnd());
            }
            if (entries.Count == 0)
            {
                error.WriteLine("Geen regels in het auditlog voor deze vraag.");
            }
            return EpssCommandLine.Success;
        });
        return command;
    }

    private static bool TryDay(string? value, int addDays, out DateTimeOffset? day)
    {
        day = null;
        if (string.IsNullOrEmpty(value))
        {
            return true;
        }
        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return false;
        }
        day = new DateTimeOffset(parsed.AddDays(addDays).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return true;
    }
}
