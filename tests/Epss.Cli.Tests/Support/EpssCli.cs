using System.Globalization;
using System.Text.RegularExpressions;

namespace Epss.Cli.Tests.Support;

/// <summary>What one run of the command line printed and returned.</summary>
public sealed partial record CliResult(int ExitCode, string Output, string Error)
{
    public string[] OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The numbered hit lines of <c>epss search</c> (" 1. Titel  [id]  score …"), in order.</summary>
    public string[] HitLines => [.. OutputLines.Where(l => l.Length > 2 && char.IsDigit(l[0]) && l.Contains(". ", StringComparison.Ordinal) && l.Contains('[', StringComparison.Ordinal))];

    /// <summary>The counts in the summary <c>epss lint</c> writes to standard error ("17 gidsen …, 1 fout, 0 waarschuwingen").</summary>
    public (int Guides, int Errors, int Warnings) LintSummary
    {
        get
        {
            var match = LintSummaryPattern().Match(Error);
            Assert.True(match.Success, "No lint summary in:\n" + this);
            return (Number(match, "guides"), Number(match, "errors"), Number(match, "warnings"));
        }
    }

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";

    private static int Number(Match match, string group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"(?<guides>\d+) gids(en)?\b.*?(?<errors>\d+) fout(en)?, (?<warnings>\d+) waarschuwing(en)?")]
    private static partial Regex LintSummaryPattern();
}

/// <summary>Runs <c>epss</c> in-process with its output captured. Never relies on the working folder: pass folders explicitly.</summary>
public static class EpssCli
{
    public const int SampleGuideCount = 29;

    public static CliResult Run(params string[] args) => RunWithInput("", args);

    /// <summary>As <see cref="Run"/>, with <paramref name="input"/> as standard input (not a terminal).</summary>
    public static CliResult RunWithInput(string input, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var reader = new StringReader(input);
        var exitCode = EpssCommandLine.Run(args, output, error, new CommandInput(reader, IsTerminal: false));
        return new CliResult(exitCode, output.ToString().Replace("\r\n", "\n", StringComparison.Ordinal), error.ToString());
    }
}
