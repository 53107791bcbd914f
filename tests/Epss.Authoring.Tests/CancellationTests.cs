using Epss.Content;
using Epss.Content.Library;
using Epss.Content.Parsing;
using Epss.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using static Epss.Authoring.Tests.Support.HistoryStores;

namespace Epss.Authoring.Tests;

/// <summary>
/// A request that is cancelled (the expert closed the tab, the proxy gave up) while its step waits in PostgreSQL: the
/// wait for another server's lock on the guide, and a statement inside the step's transaction, both end with the
/// request, and nothing of the step is left written.
/// </summary>
public sealed class CancellationTests : IAsyncDisposable
{
    private static readonly Expert Anna = new("local:anna", "anna");

    private const string Id = "proef-gids";

    /// <summary>Only against a hang: a cancelled step that is not cancelled waits here for as long as the other holds on.</summary>
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(60);

    private readonly TempContentFolder _content = new();
    private readonly List<IDisposable> _owned = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Save_cancelled_while_another_server_holds_the_guides_lock_returns_and_records_nothing()
    {
        var first = GuideTexts.Valid(Id, "Proefgids", "eerste");
        var (connectionString, history, editing) = await StartAsync(first);
        // The other server: a history of its own on the same database, holding the guide's lock until told.
        var other = Own(await GuideHistory.OpenPostgreSqlAsync(connectionString, TimeProvider.System, Ct));
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var otherStep = other.InGuideAsync(Id, async _ =>
        {
            holding.SetResult();
            await release.Task;
            return true;
        }, Ct);
        await holding.Task.WaitAsync(Hang, Ct);

        using var request = new CancellationTokenSource();
        var save = editing.SaveAsync(Id, GuideTexts.Valid(Id, "Proefgids", "tweede"), VersionOf(first), Anna, "", VersionSource.Editor, null, request.Token);
        await WaitingInPostgreSqlAsync(connectionString, "advisory");
        await request.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => save.WaitAsync(Hang, Ct));
        Assert.False(otherStep.IsCompleted, "The save returned only once the other server let go of the guide.");
        release.SetResult();
        Assert.True(await otherStep);
        Assert.Null(await history.OpenChangeAsync(Id, Ct));
        Assert.Empty(await history.ListAsync(Id, Ct));
        await SaveAgainSucceedsAsync(editing, first);
    }

    [Fact]
    public async Task Save_cancelled_while_a_statement_of_its_transaction_waits_rolls_back_what_it_wrote()
    {
        var first = GuideTexts.Valid(Id, "Proefgids", "eerste");
        var (connectionString, history, editing) = await StartAsync(first);
        // Another session locks the table the save writes last (the author's draft is dropped after the version is
        // inserted), so the save stops inside its transaction with the change and the version written.
        await using var blocker = new NpgsqlConnection(connectionString);
        await blocker.OpenAsync(Ct);
        await using var lockTransaction = await blocker.BeginTransactionAsync(Ct);
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE epss_history.editor_drafts IN ACCESS EXCLUSIVE MODE", blocker, lockTransaction))
        {
            await lockTable.ExecuteNonQueryAsync(Ct);
        }

        using var request = new CancellationTokenSource();
        var save = editing.SaveAsync(Id, GuideTexts.Valid(Id, "Proefgids", "tweede"), VersionOf(first), Anna, "", VersionSource.Editor, null, request.Token);
        await WaitingInPostgreSqlAsync(connectionString, "relation");
        await request.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => save.WaitAsync(Hang, Ct));
        await lockTransaction.RollbackAsync(Ct);
        Assert.Null(await history.OpenChangeAsync(Id, Ct));
        Assert.Empty(await history.ListAsync(Id, Ct));
        await SaveAgainSucceedsAsync(editing, first);
    }

    public ValueTask DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            owned.Dispose();
        }
        _content.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<(string ConnectionString, GuideHistory History, GuideEditing Editing)> StartAsync(string text)
    {
        var connectionString = await CreatePostgreSqlDatabaseAsync();
        _content.Write(Id + ".md", text);
        var parser = new GuideParser(new GuideParserOptions(), TimeProvider.System);
        var library = Own(new GuideLibrary(Options.Create(new ContentOptions { ContentPath = _content.Path }), parser, NullLogger<GuideLibrary>.Instance));
        await library.LoadAsync(Ct);
        var history = Own(await GuideHistory.OpenPostgreSqlAsync(connectionString, TimeProvider.System, Ct));
        return (connectionString, history, new GuideEditing(library, parser, history));
    }

    /// <summary>The cancelled step left the connection and the guide usable: the same save now goes through.</summary>
    private static async Task SaveAgainSucceedsAsync(GuideEditing editing, string first)
    {
        var saved = Assert.IsType<SaveOutcome.Saved>(
            await editing.SaveAsync(Id, GuideTexts.Valid(Id, "Proefgids", "tweede"), VersionOf(first), Anna, "", VersionSource.Editor, null, Ct));
        Assert.Equal(ChangeStatus.Draft, saved.Status);
    }

    /// <summary>Until a session of this test's database waits for a lock of <paramref name="lockType"/> (the step is stuck there, not before).</summary>
    private static async Task WaitingInPostgreSqlAsync(string connectionString, string lockType)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await Eventually.TrueAsync(async () =>
        {
            await using var waiting = new NpgsqlCommand(
                "SELECT COUNT(*) FROM pg_locks WHERE NOT granted AND locktype = @type AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
                connection);
            waiting.Parameters.AddWithValue("type", lockType);
            return Convert.ToInt64(await waiting.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture) > 0;
        }, $"a session waits for a lock of type {lockType}", Hang);
    }

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }
}
