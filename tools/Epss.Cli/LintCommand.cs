using System.CommandLine;

namespace Epss.Cli;

/// <summary>
/// <c>lint [folder]</c>: every problem in the guides as <c>file:line:col: level: message</c>, the format editors and
/// CI logs understand; exit code 1 when there are errors (or warnings, with <c>--strict</c>).
/// </summary>
internal static class LintCommand
{
    public static Command Create()
    {
        var folder = new Argument<DirectoryInfo>("map")
        {
            Description = "De map met gidsen (standaard: content).",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => new DirectoryInfo("content"),
        };
        var strict = new Option<bool>("--strict")
        {
            Description = "Behandel waarschuwingen als fouten (exitcode 1).",
        };
        var date = new Option<DateOnly?>("--date")
        {
            Description = "Controleer alsof het deze dag is (JJJJ-MM-DD): welke gidsen en bronnen zijn dan verouderd? Standaard: vandaag.",
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
                if (DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day))
                {
                    return day;
                }
                result.AddError($"'{text}' is geen datum; schrijf die als JJJJ-MM-DD, bijvoorbeeld 2027-01-31.");
                return null;
            },
        };
        var command = new Command("lint", "Controleer alle gidsen en meld elk probleem met bestand, regel en kolom.")
        {
            folder,
            strict,
            date,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var directory = parse.GetValue(folder)!;
            var day = parse.GetValue(date);
            using var library = CommonOptions.LoadLibrary(directory, error, day is { } d ? new FixedDay(d) : null);
            if (library is null)
            {
                return EpssCommandLine.UsageError;
            }
            var snapshot = library.Current;
            var shown = parse.GetResult(folder)?.Tokens.FirstOrDefault()?.Value ?? "content";
            foreach (var diagnostic in snapshot.Diagnostics)
            {
                output.WriteLine((diagnostic with { File = Path.Combine(shown, diagnostic.File) }).ToString());
            }
            error.WriteLine(
                $"{Count(snapshot.Guides.Count, "gids", "gidsen")} getoond, {Count(snapshot.ErrorCount, "fout", "fouten")}, {Count(snapshot.WarningCount, "waarschuwing", "waarschuwingen")}.");
            var failed = snapshot.ErrorCount > 0 || (parse.GetValue(strict) && snapshot.WarningCount > 0);
            return failed ? EpssCommandLine.ContentErrors : EpssCommandLine.Success;
        });
        return command;
    }

    private static string Count(int count, string one, string many) => $"{count} {(count == 1 ? one : many)}";

    /// <summary>A clock that stands at noon of one day, local time.</summary>
    private sealed class FixedDay(DateOnly day) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);

        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
    }
}
