using Epss.Testing;
using Epss.Usage.Tests.Support;

namespace Epss.Usage.Tests;

/// <summary>Flags after they are raised: answered or closed by an expert, listed, and offered to their official until dismissed.</summary>
public sealed class FlagAnswerTests : IDisposable
{
    private const string Other = "p_BBBBBBBBBBBBBBBBBBBBBB";
    private static readonly DateTimeOffset AnsweredAt = UsageTestData.Now.AddHours(1);

    private readonly TempDataFolder _data = new();
    private readonly TestLog _log = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnswerFlag_open_flag_is_answered_and_closed_with_a_scrubbed_answer_who_and_when()
    {
        await using var session = await RecorderSession.StartAsync(_data.Path, _log);
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
        await using var session = await RecorderSession.StartAsync(_data.Path, _log);
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
        await using var session = await RecorderSession.StartAsync(_data.Path, _log);
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
        await using var session = await RecorderSession.StartAsync(_data.Path, _log);
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
        await using var session = await RecorderSession.StartAsync(_data.Path, _log);
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
        await using var session = await RecorderSession.StartAsync(_data.Path, _log);
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
        await using var session = await RecorderSession.StartAsync(_data.Path, _log);
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
    public async Task Open_a_database_of_the_second_schema_keeps_its_flags_open_and_answerable()
    {
        // A database as the release before flag answers left it: migrations 1 and 2, one open flag in it.
        using (var connection = DirectSql.Open(_data.FullPath("usage.db")))
        {
            DirectSql.Execute(connection, "CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY, description TEXT NOT NULL, applied_at INTEGER NOT NULL)");
            foreach (var migration in UsageSchema.Migrations.Take(2))
            {
                DirectSql.Execute(connection, migration.Sql);
                DirectSql.Execute(connection, $"INSERT INTO schema_version (version, description, applied_at) VALUES ({migration.Version}, '{migration.Description}', 0)");
            }
            DirectSql.Execute(connection, $"""
                INSERT INTO flags (id, guide_id, step_id, guide_version, text, user_pseudonym, created_at, status)
                VALUES ('oud-1', 'paspoort-aanvragen', 'identiteit', 'v1', 'Klopt niet.', '{UsageTestData.User}', {UsageTestData.Now.ToUnixTimeMilliseconds()}, 'open')
                """);
        }

        using var store = UsageStore.Open(UsageTestData.Options(_data.Path), _log.For<UsageStore>());
        var before = await store.ReadFlagAsync("oud-1", Ct);
        var answered = await store.AnswerFlagAsync("oud-1", "Aangepast.", "inhoud", "v2", AnsweredAt, Ct);

        Assert.Equal(5, UsageSchema.LatestVersion);
        Assert.Equal(UsageSchema.LatestVersion, store.SchemaVersion);
        Assert.Equal(
            new StepFlag("oud-1", "paspoort-aanvragen", "identiteit", "v1", null, "Klopt niet.", UsageTestData.User, null, null, UsageTestData.Now, StepFlag.StatusOpen),
            before);
        Assert.Equal(FlagUpdateOutcome.Updated, answered.Outcome);
        Assert.Equal(["oud-1"], (await store.ReadUnseenAnswersAsync(UsageTestData.User, "paspoort-aanvragen", Ct)).Select(f => f.Id));
    }

    public void Dispose()
    {
        _log.Dispose();
        _data.Dispose();
    }
}
