using Epss.Testing;
using static Epss.Authoring.Tests.Support.HistoryStores;

namespace Epss.Authoring.Tests;

/// <summary>
/// Two histories on one PostgreSQL database, each with its own connections, as two servers have them: migrations and
/// recording what the folder holds must come out the same as if one server did it once.
/// </summary>
public sealed class GuideHistoryPostgreSqlTests
{
    private const string Id = "proef-gids";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Open_two_at_once_on_a_new_database_migrates_it_once_and_both_work()
    {
        var connectionString = await CreatePostgreSqlDatabaseAsync();

        var opened = await Task.WhenAll(
            GuideHistory.OpenPostgreSqlAsync(connectionString, TimeProvider.System, Ct),
            GuideHistory.OpenPostgreSqlAsync(connectionString, TimeProvider.System, Ct));
        using var a = opened[0];
        using var b = opened[1];
        using var again = await GuideHistory.OpenPostgreSqlAsync(connectionString, TimeProvider.System, Ct);

        var text = GuideTexts.Valid(Id, "Proefgids", "paspoort");
        Assert.True(await a.InGuideAsync(Id, history => history.RecordFromFolderAsync(VersionOf(text), text, Id + ".md"), Ct));
        Assert.Equal(text, await b.TextOfAsync(Id, VersionOf(text), Ct));
        Assert.Equal(VersionOf(text), Assert.Single(await again.PublicationsAsync(Id, Ct)).Version);
    }

    [Fact]
    public async Task RecordFromFolder_of_the_same_text_by_two_histories_at_once_is_one_version_and_one_publication()
    {
        var connectionString = await CreatePostgreSqlDatabaseAsync();
        using var a = await GuideHistory.OpenPostgreSqlAsync(connectionString, TimeProvider.System, Ct);
        using var b = await GuideHistory.OpenPostgreSqlAsync(connectionString, TimeProvider.System, Ct);
        const int Rounds = 25;

        for (var round = 0; round < Rounds; round++)
        {
            var text = GuideTexts.Valid(Id, "Proefgids", $"ronde{round}");
            var version = VersionOf(text);
            using var start = new Barrier(2);
            var recorded = await Task.WhenAll(
                Task.Run(() => { start.SignalAndWait(Ct); return a.InGuideAsync(Id, history => history.RecordFromFolderAsync(version, text, Id + ".md"), Ct); }, Ct),
                Task.Run(() => { start.SignalAndWait(Ct); return b.InGuideAsync(Id, history => history.RecordFromFolderAsync(version, text, Id + ".md"), Ct); }, Ct));

            Assert.Single(recorded, r => r);
        }

        Assert.Equal(Rounds, (await a.ListAsync(Id, Ct)).Count);
        Assert.Equal(Rounds, (await b.PublicationsAsync(Id, Ct)).Count);
    }

    [Fact]
    public async Task AddIfNew_of_the_same_text_by_two_histories_at_once_adds_one_row()
    {
        var connectionString = await CreatePostgreSqlDatabaseAsync();
        using var a = await GuideHistory.OpenPostgreSqlAsync(connectionString, TimeProvider.System, Ct);
        using var b = await GuideHistory.OpenPostgreSqlAsync(connectionString, TimeProvider.System, Ct);
        var text = GuideTexts.WithStepWithoutId(Id, "Proefgids");

        using var start = new Barrier(2);
        var added = await Task.WhenAll(
            Task.Run(() => { start.SignalAndWait(Ct); return a.InGuideAsync(Id, h => h.AddIfNewAsync(VersionOf(text), text, VersionSource.OutsideEditor, GuideFolderRecorder.UnservedNote, VersionSource.Watcher, Id + ".md"), Ct); }, Ct),
            Task.Run(() => { start.SignalAndWait(Ct); return b.InGuideAsync(Id, h => h.AddIfNewAsync(VersionOf(text), text, VersionSource.OutsideEditor, GuideFolderRecorder.UnservedNote, VersionSource.Watcher, Id + ".md"), Ct); }, Ct));

        Assert.Single(added, r => r);
        Assert.Single(await b.ListAsync(Id, Ct));
        Assert.Empty(await a.PublicationsAsync(Id, Ct));
    }
}
