using Epss.Cli.Tests.Support;

namespace Epss.Cli.Tests;

/// <summary><c>--help</c> explains the commands in Dutch; a command line that does not parse is a usage error (exit 2).</summary>
public sealed class HelpTests
{
    [Fact]
    public void Help_root_lists_every_command_with_a_dutch_description()
    {
        var result = EpssCli.Run("--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("prestatie-ondersteuning voor Burgerzaken", result.Output, StringComparison.Ordinal);
        Assert.Contains("Controleer alle gidsen en meld elk probleem met bestand, regel en kolom.", result.Output, StringComparison.Ordinal);
        Assert.Contains("Zoek in de gidsen en toon de treffers op volgorde.", result.Output, StringComparison.Ordinal);
        Assert.Contains("Bouw of werk de zoekindex bij in een datamap, zonder server.", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_lint_describes_the_folder_and_strict_in_dutch()
    {
        var result = EpssCli.Run("lint", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Controleer alle gidsen", result.Output, StringComparison.Ordinal);
        Assert.Contains("De map met gidsen (standaard: content).", result.Output, StringComparison.Ordinal);
        Assert.Contains("Behandel waarschuwingen als fouten (exitcode 1).", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("search", "Hoeveel treffers (1–50).")]
    [InlineData("index", "Bouw de index helemaal opnieuw op.")]
    public void Help_command_describes_its_options_in_dutch(string command, string option)
    {
        var result = EpssCli.Run(command, "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(option, result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData]
    [InlineData("frobnicate")]
    [InlineData("lint", "--onbekend")]
    public void CommandLine_that_does_not_parse_exits_2(params string[] args)
    {
        var result = EpssCli.Run(args);

        Assert.Equal(2, result.ExitCode);
        Assert.NotEmpty(result.Error);
    }
}
