using Epss.Content.Library;
using Epss.Content.Tests.Support;
using Epss.Testing;

namespace Epss.Content.Tests;

/// <summary>
/// The feed between libraries on one shared folder, without the transport: what it announces of this library's own
/// reads, what it reads again when another server names a file, and what it makes of a message it cannot trust.
/// </summary>
public sealed class GuideLibraryFeedTests : IDisposable
{
    private readonly TempContentFolder _folder = new();
    private readonly TestLog _log = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Receive_of_a_file_another_server_named_reads_it_again_and_its_own_message_does_nothing()
    {
        _folder.Write("paspoort.md", TestGuides.TwoSteps("paspoort"));
        using var here = TestGuides.Library(_folder, _log);
        using var there = TestGuides.Library(_folder, _log);
        await here.LoadAsync(Ct);
        await there.LoadAsync(Ct);
        using var hereFeed = new GuideLibraryFeed(here, _log.For<GuideLibraryFeed>());
        using var thereFeed = new GuideLibraryFeed(there, _log.For<GuideLibraryFeed>());
        var announced = new List<string>();
        thereFeed.Announce += announced.Add;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var running = hereFeed.RunAsync(TimeSpan.FromDays(1), stop.Token);
        var read = new TaskCompletionSource<GuideLibraryChange>(TaskCreationOptions.RunContinuationsAsynchronously);
        here.Changed += change => read.TrySetResult(change);

        // The other server reads the changed file itself (its watcher, or a publish): it says so, naming the file.
        _folder.Write("paspoort.md", TestGuides.TwoSteps("paspoort", title: "Paspoort, nieuwe titel"));
        var version = there.Refresh(["paspoort.md"]).Snapshot.Find("paspoort")!.Version;
        var message = Assert.Single(announced);
        Assert.EndsWith("\npaspoort.md", message, StringComparison.Ordinal);
        thereFeed.Receive(message);
        hereFeed.Receive(message);

        var change = await read.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.Equal(GuideChangeOrigin.Remote, change.Origin);
        Assert.Equal(version, here.Current.Find("paspoort")!.Version);
        // Read as another server's change, it is not announced again; the other server ignored its own message.
        Assert.Single(announced);
        await stop.CancelAsync();
        await running;
    }

    [Theory]
    [InlineData("server-a", null)]
    [InlineData("server-a\npaspoort.md\nmap/rijbewijs.md", "paspoort.md|map/rijbewijs.md")]
    [InlineData("server-a\n../buiten.md", null)]
    [InlineData("server-a\n/etc/passwd", null)]
    [InlineData("server-a\npaspoort.md\n", null)]
    public void Parse_names_the_files_only_when_every_one_lies_inside_the_folder(string message, string? paths)
    {
        var parsed = GuideLibraryFeed.Parse(message);

        Assert.Equal("server-a", parsed?.Server);
        Assert.Equal(paths, parsed?.Paths is { } named ? string.Join('|', named) : null);
    }

    [Fact]
    public void Parse_of_an_empty_message_is_nothing() => Assert.Null(GuideLibraryFeed.Parse(""));

    public void Dispose()
    {
        _log.Dispose();
        _folder.Dispose();
    }
}
