using System.CommandLine;

namespace Epss.Cli;

/// <summary>
/// The <c>epss</c> command line: lint, search and index the guides of a content folder, check their targets in the host application, and manage users. Output goes to the given
/// writers so that tests can run it in-process.
/// </summary>
public static class EpssCommandLine
{
    public const int Success = 0;
    public const int ContentErrors = 1;
    public const int UsageError = 2;

    public static int Run(string[] args, TextWriter output, TextWriter error) => Run(args, output, error, CommandInput.FromConsole());

    /// <summary>As <see cref="Run(string[], TextWriter, TextWriter)"/>, reading what a person types (passwords) from <paramref name="input"/>.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, CommandInput input)
    {
        var root = new RootCommand(
            "Epss — prestatie-ondersteuning voor Burgerzaken. Controleer, doorzoek en indexeer de gidsen in een contentmap, controleer hun velden in de applicatie, en beheer gebruikers.")
        {
            LintCommand.Create(),
            SearchCommand.Create(),
            IndexCommand.Create(),
            CheckTargetsCommand.Create(),
            UsersCommand.Create(input),
            XapiCommand.Create(),
            AuditCommand.Create(),
        };
        var parse = root.Parse(args);
        var exitCode = parse.Invoke(new InvocationConfiguration { Output = output, Error = error });
        // A command line that does not parse (unknown option, missing --data, --limit abc) is a usage error, not a content error.
        return parse.Errors.Count > 0 ? UsageError : exitCode;
    }
}
