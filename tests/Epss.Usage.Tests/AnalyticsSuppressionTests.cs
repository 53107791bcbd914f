using Epss.Usage.Analytics;
using Epss.Usage.Tests.Support;

namespace Epss.Usage.Tests;

public abstract class AnalyticsSuppressionTests(StoreKind kind)
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly AnalyticsFilter November = new(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(4, true)]
    [InlineData(5, false)]
    public async Task GuideUse_row_of_fewer_users_than_the_threshold_is_suppressed(int users, bool suppressed)
    {
        using var usage = new HandMadeUsage(kind);
        for (var user = 1; user <= users; user++)
        {
            // Two runs each: the count (8 or 10) is above the threshold either way; the users decide.
            usage.Run(user, Monday.AddMinutes(user), completed: true, steps: ["starten"]).Run(user, Monday.AddHours(2).AddMinutes(user), steps: ["starten"]);
        }

        var row = (await (await usage.AnalyticsAsync()).GuideUseAsync(November, Ct)).Guides.Single(g => g.GuideId == "paspoort-aanvragen");

        Assert.Equal(suppressed, row.Suppressed);
        Assert.Equal(suppressed ? null : 2L * users, row.Opened);
        Assert.Equal(suppressed ? null : users, row.Completed);
        Assert.Equal(suppressed ? null : users, row.Users);
        Assert.Equal(suppressed ? null : 0.5, row.CompletionRate);
        Assert.Equal(suppressed ? null : 120.0, row.MedianSecondsToComplete);
    }

    [Theory]
    [InlineData(4, true)]
    [InlineData(5, false)]
    public async Task Funnel_totals_and_steps_of_fewer_users_are_suppressed(int users, bool suppressed)
    {
        using var usage = new HandMadeUsage(kind);
        for (var user = 1; user <= 5; user++)
        {
            usage.Run(user, Monday.AddMinutes(user), completed: true, steps: ["starten", "identiteit"]);
        }
        for (var user = 1; user <= users; user++)
        {
            usage.Run(user, Monday.AddHours(1).AddMinutes(user), steps: ["starten", "identiteit", "leeftijd"]);
        }

        var report = await (await usage.AnalyticsAsync()).FunnelAsync("paspoort-aanvragen", November, Ct);

        Assert.False(report.Suppressed);
        Assert.Equal((5 + users, 5L), (report.Runs!.Value, report.Completed!.Value));
        var age = report.Steps.Single(s => s.StepId == "leeftijd");
        Assert.Equal(suppressed, age.Suppressed);
        Assert.Equal(suppressed ? null : users, age.Reached);
        Assert.Equal(suppressed ? null : users, age.LeftHere);
        Assert.Equal(suppressed ? null : 1.0, age.DropOffRate);
        var identity = report.Steps.Single(s => s.StepId == "identiteit");
        Assert.Equal((5 + users, 0L), (identity.Reached!.Value, identity.LeftHere!.Value));
        Assert.Equal((0L, 0L), (report.Steps.Single(s => s.StepId == "opslaan").Reached!.Value, report.Steps.Single(s => s.StepId == "opslaan").LeftHere!.Value));
    }

    [Theory]
    [InlineData(4, true)]
    [InlineData(5, false)]
    public async Task Search_query_typed_by_fewer_users_is_not_shown_at_all(int users, bool suppressed)
    {
        using var usage = new HandMadeUsage(kind);
        for (var user = 1; user <= users; user++)
        {
            usage.Search(user, Monday.AddMinutes(user), user % 2 == 0 ? "Jan  Jansen" : "jan jansen ");
        }

        var report = await (await usage.AnalyticsAsync()).SearchesAsync(November, Ct);

        var row = Assert.Single(report.NoHits);
        Assert.Equal(suppressed ? new SearchRow(null, null, null, null, true) : new SearchRow("jan jansen", users, users, row.LastSeen, false), row);
        Assert.Empty(report.NotOpened);
    }

    [Fact]
    public async Task UseOverTime_week_of_four_users_is_suppressed_and_a_quiet_week_shows_zero()
    {
        using var usage = new HandMadeUsage(kind);
        for (var user = 1; user <= 4; user++)
        {
            usage.Run(user, Monday.AddMinutes(user));
        }
        for (var user = 1; user <= 5; user++)
        {
            usage.Run(user, Monday.AddDays(7).AddMinutes(user)).Run(user, Monday.AddDays(8).AddMinutes(user));
        }

        var weeks = (await (await usage.AnalyticsAsync()).UseOverTimeAsync(November, Ct)).Weeks;

        // Per week (issue 16): 1 to 30 November is the weeks of 26 October to 6 December.
        Assert.Equal(6, weeks.Count);
        Assert.Equal(new UseOverTimeRow("2026-W45", new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 8), null, null, null, true), weeks[1]);
        Assert.Equal(new UseOverTimeRow("2026-W46", new DateOnly(2026, 11, 9), new DateOnly(2026, 11, 15), 10, 0, 5, false), weeks[2]);
        Assert.Equal(new UseOverTimeRow("2026-W47", new DateOnly(2026, 11, 16), new DateOnly(2026, 11, 22), 0, 0, 0, false), weeks[3]);
    }

    [Fact]
    public async Task GuideUse_threshold_is_configurable()
    {
        using var usage = new HandMadeUsage(kind);
        usage.Run(1, Monday).Run(2, Monday);

        var row = (await (await usage.AnalyticsAsync(minimumGroupSize: 2)).GuideUseAsync(November, Ct)).Guides.Single(g => g.GuideId == "paspoort-aanvragen");

        Assert.False(row.Suppressed);
        Assert.Equal(2, row.Opened);
    }
}

public sealed class AnalyticsSuppressionTestsOnSqlite() : AnalyticsSuppressionTests(StoreKind.Sqlite);

public sealed class AnalyticsSuppressionTestsOnPostgreSql() : AnalyticsSuppressionTests(StoreKind.PostgreSql);
