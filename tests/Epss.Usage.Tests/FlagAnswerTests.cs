using Epss.Testing;
using Epss.Usage.Tests.Support;

namespace Epss.Usage.Tests;

/// <summary>
/// Flags after they are raised: answered or closed by an expert, listed, and offered to their official until dismissed;
/// on SQLite and on PostgreSQL.
/// </summary>
public abstract class FlagAnswerTests(StoreKind kind) : IAsyncLifetime
{
    private const string Other = "p_BBBBBBBBBBBBBBBBBBBBBB";
    private static readonly DateTimeOffset AnsweredAt = UsageTestData.Now.AddHours(1);

    private readonly TestLog _log = new();
    private TestDatabase _database = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _database = await TestDatabase.CreateAsync(kind);

    [Fact]
    public async Task AnswerFlag_open_flag_is_answered_and_closed_with_a_scrubbed_answer_who_and_when()
    {
        await using var session = await RecorderSession.StartAsync(_database, _log);
        var flag = await session.Recorder.AddFlagAsync(UsageTestData.Flag(), Ct);

        var update = await session.Recorder.Store.AnswerFlagAsync(flag.Id, "Klopt, aangepast. Bel  123456789 niet.\n\n\n\nGroet", "inhoud", "0123456789abcdef", AnsweredAt, Ct);

        Assert.Equal(FlagUpdateOutcome.Updated, update.Outcome);
        var stored = await session.Recorder.Store.ReadFlagAsync(flag.Id, Ct);
        Assert.NotNull(stored);
        Assert.Equal(StepFlag.StatusAnswered, stored.Status);
        Assert.Equal("Klopt, aangepast. Bel ##### niet.\n\nGroet", stored.Answer);
        Assert.Equal("inhoud", stored.AnsweredBy);
        Assert.Equal(AnsweredAt, stored.AnsweredAt);
        Assert.Equal("0123456789abcdef", stored.FixedInVersion);
        Assert.Null(stored.AnswerSeenAt);
        Assert.Equal(stored, update.Flag);
    }

    [Fact]
    public async Task AnswerFlag_the_same_answer_again_is_unchanged_and_another_answer_is_refused_in_dutch()
    {
        await using var session = await RecorderSession.StartAsync(_database, _log);
        var flag = await session.Recorder.AddFlagAsync(UsageTestData.Flag(), Ct);
        var store = session.Recorder.Store;
        await store.AnswerFlagAsync(flag.Id, "Aangepast.", "inhoud", null, AnsweredAt, Ct);

        var again = await store.AnswerFlagAsync(flag.Id, "Aangepast.", "collega", null, AnsweredAt.AddMinutes(5), Ct);
        var other = await store.AnswerFlagAsync(flag.Id, "Toch anders.", "collega", null, AnsweredAt.AddMinutes(5), Ct);

        Assert.Equal(FlagUpdateOutcome.Unchanged, again.Outcome);
        Assert.Equal("inhoud", again.Flag?.AnsweredBy);
        Assert.Equal(FlagUpdateOutcome.Refused, other.Outcome);
        Assert.Equal("Deze melding is al beantwoord door inhoud op 1 maart 2026; een melding krijgt één antwoord.", other.Reason);
        Assert.Equal("Aangepast.", (await store.ReadFlagAsync(flag.Id, Ct))?.Answer);
    }

    [Fact]
    public async Task CloseFlag_open_flag_is_closed_without_answer_and_closing_again_changes_nothing()
    {
        await using var session = await RecorderSession.StartAsync(_database, _log);
        var flag = await session.Recorder.AddFlagAsync(UsageTestData.Flag(), Ct);
        var store = session.Recorder.Store;

        var closed = await store.CloseFlagAsync(flag.Id, "inhoud", AnsweredAt, Ct);
        var again = await store.CloseFlagAsync(flag.Id, "collega", AnsweredAt.AddDays(1), Ct);

        Assert.Equal(FlagUpdateOutcome.Updated, closed.Outcome);
        Assert.Equal(FlagUpdateOutcome.Unchanged, again.Outcome);
        var stored = await store.ReadFlagAsync(flag.Id, Ct);
        Assert.Equal((StepFlag.StatusClosed, (string?)null, "inhoud", AnsweredAt), (stored?.Status, stored?.Answer, stored?.AnsweredBy, stored?.AnsweredAt));
    }

    [Fact]
    public async Task AnswerFlag_closed_flag_is_refused_with_a_clear_message()
    {
        await using var session = await RecorderSession.StartAsync(_database, _log);
        var flag = await session.Recorder.AddFlagAsync(UsageTestData.Flag(), Ct);
        var store = session.Recorder.Store;
        await store.CloseFlagAsync(flag.Id, "inhoud", AnsweredAt, Ct);

        var answer = await store.AnswerFlagAsync(flag.Id, "Alsnog een antwoord.", "collega", null, AnsweredAt, Ct);

        Assert.Equal(FlagUpdateOutcome.Refused, answer.Outcome);
        Assert.Equal("Deze melding is al gesloten zonder antwoord door inhoud op 1 maart 2026; een gesloten melding krijgt geen antwoord meer.", answer.Reason);
        Assert.Equal(StepFlag.StatusClosed, (await store.ReadFlagAsync(flag.Id, Ct))?.Status);
    }

    [Fact]
    public async Task AnswerFlag_unknown_id_is_not_found_and_bad_input_is_refused()
    {
        await using var session = await RecorderSession.StartAsync(_database, _log);
        var store = session.Recorder.Store;

        var missing = await store.AnswerFlagAsync("bestaat-niet", "Antwoord.", "inhoud", null, AnsweredAt, Ct);

        Assert.Equal(FlagUpdateOutcome.NotFound, missing.Outcome);
        Assert.Null(missing.Flag);
        Assert.NotNull(UsageStore.AnswerProblem("   ", null));
        Assert.NotNull(UsageStore.AnswerProblem(new string('a', UsageStore.MaximumAnswerLength + 1), null));
        Assert.NotNull(UsageStore.AnswerProblem("Goed.", "versie met spaties"));
        Assert.Null(UsageStore.AnswerProblem("Goed.", "0123456789abcdef"));
        await Assert.ThrowsAsync<ArgumentException>(() => store.AnswerFlagAsync("x", "", "inhoud", null, AnsweredAt, Ct));
    }

    [Fact]
    public async Task QueryFlags_filters_by_guide_step_and_status_newest_first_up_to_the_limit()
    {
        await using var session = await RecorderSession.StartAsync(_database, _log);
        var recorder = session.Recorder;
        var oldest = await recorder.AddFlagAsync(UsageTestData.Flag() with { CreatedAt = UsageTestData.Now.AddMinutes(-30) }, Ct);
        var middle = await recorder.AddFlagAsync(UsageTestData.Flag(stepId: "foto") with { CreatedAt = UsageTestData.Now.AddMinutes(-20) }, Ct);
        var newest = await recorder.AddFlagAsync(UsageTestData.Flag() with { CreatedAt = UsageTestData.Now.AddMinutes(-10) }, Ct);
        var elsewhere = await recorder.AddFlagAsync(UsageTestData.Flag(guideId: "rijbewijs-uitreiken"), Ct);
        await recorder.Store.AnswerFlagAsync(newest.Id, "Aangepast.", "inhoud", null, AnsweredAt, Ct);

        async Task<string[]> Ids(FlagQuery query) => [.. (await recorder.Store.QueryFlagsAsync(query, Ct)).Select(f => f.Id)];

        Assert.Equal([elsewhere.Id, newest.Id, middle.Id, oldest.Id], await Ids(new FlagQuery()));
        Assert.Equal([newest.Id, middle.Id, oldest.Id], await Ids(new FlagQuery("paspoort-aanvragen")));
        Assert.Equal([newest.Id, oldest.Id], await Ids(new FlagQuery("paspoort-aanvragen", "identiteit")));
        Assert.Equal([oldest.Id], await Ids(new FlagQuery("paspoort-aanvragen", "identiteit", StepFlag.StatusOpen)));
        Assert.Equal([newest.Id], await Ids(new FlagQuery(Status: StepFlag.StatusAnswered)));
        Assert.Equal([elsewhere.Id, newest.Id], await Ids(new FlagQuery(Limit: 2)));
        await Assert.ThrowsAsync<ArgumentException>(() => recorder.Store.QueryFlagsAsync(new FlagQuery(Status: "weg"), Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => recorder.Store.QueryFlagsAsync(new FlagQuery(Limit: 0), Ct));
    }

    [Fact]
    public async Task ReadUnseenAnswers_gives_only_this_pseudonyms_answered_flags_on_this_guide_until_marked_seen()
    {
        await using var session = await RecorderSession.StartAsync(_database, _log);
        var recorder = session.Recorder;
        var store = recorder.Store;
        var mine = await recorder.AddFlagAsync(UsageTestData.Flag(), Ct);
        var mineOpen = await recorder.AddFlagAsync(UsageTestData.Flag(), Ct);
        var mineClosed = await recorder.AddFlagAsync(UsageTestData.Flag(), Ct);
        var mineElsewhere = await recorder.AddFlagAsync(UsageTestData.Flag(guideId: "rijbewijs-uitreiken"), Ct);
        var theirs = await recorder.AddFlagAsync(UsageTestData.Flag(user: Other), Ct);
        foreach (var flag in new[] { mine, mineElsewhere, theirs })
        {
            await store.AnswerFlagAsync(flag.Id, "Aangepast.", "inhoud", null, AnsweredAt, Ct);
        }
        await store.CloseFlagAsync(mineClosed.Id, "inhoud", AnsweredAt, Ct);

        var unseen = await store.ReadUnseenAnswersAsync(UsageTestData.User, "paspoort-aanvragen", Ct);
        var byOther = await store.MarkAnswerSeenAsync(mine.Id, Other, AnsweredAt, Ct);
        var openOne = await store.MarkAnswerSeenAsync(mineOpen.Id, UsageTestData.User, AnsweredAt, Ct);
        var seen = await store.MarkAnswerSeenAsync(mine.Id, UsageTestData.User, AnsweredAt.AddMinutes(1), Ct);
        var seenAgain = await store.MarkAnswerSeenAsync(mine.Id, UsageTestData.User, AnsweredAt.AddMinutes(2), Ct);

        Assert.Equal([mine.Id], unseen.Select(f => f.Id));
        Assert.Equal("Aangepast.", unseen[0].Answer);
        Assert.False(byOther);
        Assert.False(openOne);
        Assert.True(seen);
        Assert.True(seenAgain);
        Assert.Empty(await store.ReadUnseenAnswersAsync(UsageTestData.User, "paspoort-aanvragen", Ct));
        Assert.Equal(AnsweredAt.AddMinutes(1), (await store.ReadFlagAsync(mine.Id, Ct))?.AnswerSeenAt);
        Assert.Equal([theirs.Id], (await store.ReadUnseenAnswersAsync(Other, "paspoort-aanvragen", Ct)).Select(f => f.Id));
    }

    [Fact]
    public async Task AnswerFlag_by_several_experts_at_once_on_two_stores_of_one_database_is_won_by_exactly_one()
    {
        // Two stores on one database: two servers. Each expert answers differently; one answer may be stored.
        using var first = await _database.OpenAsync(_log);
        using var second = await _database.OpenAsync(_log);
        var flag = UsageTestData.Flag();
        first.Write([], [flag]);
        var stores = new[] { first, second };

        var updates = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            stores[i % 2].AnswerFlagAsync(flag.Id, $"Antwoord {i}.", $"expert-{i}", null, AnsweredAt, Ct), Ct)));
        var closed = await second.CloseFlagAsync(flag.Id, "collega", AnsweredAt, Ct);

        var winner = Assert.Single(updates, u => u.Outcome == FlagUpdateOutcome.Updated);
        Assert.All(updates.Where(u => u != winner), u => Assert.Equal(FlagUpdateOutcome.Refused, u.Outcome));
        Assert.All(updates.Where(u => u != winner), u => Assert.Contains($"al beantwoord door {winner.Flag!.AnsweredBy}", u.Reason, StringComparison.Ordinal));
        Assert.Equal(FlagUpdateOutcome.Unchanged, closed.Outcome);
        Assert.Equal(winner.Flag, await first.ReadFlagAsync(flag.Id, Ct));
    }

    [Fact]
    public async Task MarkAnswerSeen_from_two_stores_at_once_is_true_for_each_and_keeps_one_time()
    {
        using var first = await _database.OpenAsync(_log);
        using var second = await _database.OpenAsync(_log);
        var flag = UsageTestData.Flag();
        first.Write([], [flag]);
        await first.AnswerFlagAsync(flag.Id, "Aangepast.", "inhoud", null, AnsweredAt, Ct);

        var seen = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() =>
            (i % 2 == 0 ? first : second).MarkAnswerSeenAsync(flag.Id, UsageTestData.User, AnsweredAt.AddMinutes(i + 1), Ct), Ct)));

        Assert.All(seen, Assert.True);
        var stored = await second.ReadFlagAsync(flag.Id, Ct);
        Assert.Contains(stored!.AnswerSeenAt!.Value, Enumerable.Range(1, 6).Select(m => AnsweredAt.AddMinutes(m)));
        Assert.Empty(await first.ReadUnseenAnswersAsync(UsageTestData.User, "paspoort-aanvragen", Ct));
    }

    public ValueTask DisposeAsync()
    {
        _database?.Dispose();
        _log.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}

public sealed class FlagAnswerTestsOnSqlite() : FlagAnswerTests(StoreKind.Sqlite);

public sealed class FlagAnswerTestsOnPostgreSql() : FlagAnswerTests(StoreKind.PostgreSql);
