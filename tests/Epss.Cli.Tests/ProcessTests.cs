using Epss.Testing;

namespace Epss.Cli.Tests;

/// <summary>The built <c>epss</c> as a real process: its exit code, and the default folder <c>content</c> in the working folder.</summary>
public sealed class ProcessTests
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);

    private static string EpssDll => Path.Combine(AppContext.BaseDirectory, "epss.dll");

    [Fact]
    public async Task Process_lint_without_folder_checks_content_in_the_working_folder_and_exits_1_on_an_error()
    {
        var ct = TestContext.Current.CancellationToken;
        using var workingFolder = new TempContentFolder("epss-cwd-");
        var content = Directory.CreateDirectory(workingFolder.FullPath("content")).FullName;
        foreach (var file in Directory.EnumerateFiles(RepositoryRoot.ContentPath))
        {
            File.Copy(file, Path.Combine(content, Path.GetFileName(file)));
        }
        workingFolder.Write("content/gids-met-fout.md", GuideTexts.WithStepWithoutId("gids-met-fout"));

        await using var process = DotnetProcess.Start(EpssDll, ["lint"], workingFolder.Path);
        var exitCode = await process.WaitForExitAsync(RunTimeout, ct);

        Assert.True(exitCode == 1, process.Transcript());
        Assert.Contains(process.Output, l => l.StartsWith($"content/gids-met-fout.md:{GuideTexts.StepWithoutIdLine}:1: error: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Process_lint_strict_on_clean_content_exits_0()
    {
        var ct = TestContext.Current.CancellationToken;
        using var workingFolder = new TempContentFolder("epss-cwd-");
        workingFolder.Write("content/goede-gids.md", GuideTexts.Valid("goede-gids", "Goede gids", "kievit"));

        await using var process = DotnetProcess.Start(EpssDll, ["lint", "--strict"], workingFolder.Path);
        var exitCode = await process.WaitForExitAsync(RunTimeout, ct);

        Assert.True(exitCode == 0, process.Transcript());
        Assert.Empty(process.Output);
    }

    [Fact]
    public async Task Process_index_without_data_exits_2()
    {
        var ct = TestContext.Current.CancellationToken;
        using var workingFolder = new TempContentFolder("epss-cwd-");

        await using var process = DotnetProcess.Start(EpssDll, ["index"], workingFolder.Path);
        var exitCode = await process.WaitForExitAsync(RunTimeout, ct);

        Assert.True(exitCode == 2, process.Transcript());
    }
}
