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
        var command = new Command("lint", "Controleer alle gidsen en meld elk probleem met bestand, regel en kolom.")
        {
            folder,
            strict,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var directory = parse.GetValue(folder)!;
            using var library = CommonOptions.LoadLibrary(directory, error);
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
}
