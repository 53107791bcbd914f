using Epss.Usage.Analytics;
using Epss.Usage.Tests.Support;

namespace Epss.Usage.Tests;

/// <summary>
/// The attacker of issue 16, point 2: asks two reports that differ by one day, one week or one role, each cell of
/// which rests on enough officials, and subtracts them to isolate the one official who acted in the difference. The
/// lone official's figures must not come out.
/// </summary>
public abstract class AnalyticsDifferencingTests(StoreKind kind)
{
    private const string Guide = "paspoort-aanvragen";

    /// <summary>Monday 2 November 2026, 9:00 in Amsterdam.</summary>
    private static readonly DateTimeOffset Monday = new(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Six officials use the guide in the week of 2 November as baliemedewerker: enough to show.</summary>
    private static HandMadeUsage Crowd(HandMadeUsage usage)
    {
        for (var user = 1; user <= 6; user++)
        {
            usage.Run(user, Monday.AddHours(user), Guide, completed: user % 2 == 0, steps: ["identiteit", "starten", "leeftijd"]);
        }
        return usage;
    }

    /// <summary>Official 99 alone: two runs (one completed) and a decision.</summary>
    private static HandMadeUsage Lone(HandMadeUsage usage, DateTimeOffset at, string role = "baliemedewerker")
    {
        usage.Run(99, at, Guide, completed: true, role: role, steps: ["identiteit", "starten", "leeftijd"])
            .Run(99, at.AddHours(1), Guide, role: role, steps: ["identiteit"]);
        return usage;
    }

    public static TheoryData<string, int> Attacks => new()
    {
        // The lone official acts on Monday 9 November; the reports end on Sunday 8 and Monday 9 November.
        { "one day more", 7 },
        // The lone official acts on Tuesday 10 November; the reports end on Sunday 8 and Sunday 15 November.
        { "one week more", 8 },
    };

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task Two_periods_that_differ_by_the_lone_officials_time_subtract_to_nothing(string attack, int loneDay)
    {
        using var usage = Lone(Crowd(new HandMadeUsage(kind)), Monday.AddDays(loneDay));
        var analytics = await usage.AnalyticsAsync();
        var before = new AnalyticsFilter(new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 8));
        var after = before with { To = loneDay == 7 ? new DateOnly(2026, 11, 9) : new DateOnly(2026, 11, 15) };

        var difference = await SubtractAsync(analytics, after, before);

        // With periods of days this was official 99's own: 2 opened, 1 completed, 2 runs, 1 reaching "leeftijd".
        Assert.True(difference == Difference.None, $"{attack}: {difference}");
    }

    [Fact]
    public async Task Two_filters_that_differ_by_the_lone_officials_role_subtract_to_nothing()
    {
        // The lone official is the only backoffice user, in the same week as the crowd.
        using var usage = Lone(Crowd(new HandMadeUsage(kind)), Monday.AddDays(1), role: "backoffice");
        var analytics = await usage.AnalyticsAsync();
        var everyone = new AnalyticsFilter(new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 8));
        var front = everyone with { Role = "baliemedewerker" };

        var difference = await SubtractAsync(analytics, everyone, front);

        Assert.True(difference == Difference.None, difference.ToString());
        // The backoffice filter itself shows nothing of the lone official either.
        var alone = (await analytics.GuideUseAsync(everyone with { Role = "backoffice" }, Ct)).Guides.Single(g => g.GuideId == Guide);
        Assert.True(alone.Suppressed);
    }

    [Fact]
    public async Task The_crowds_own_figures_are_still_shown()
    {
        using var usage = Lone(Crowd(new HandMadeUsage(kind)), Monday.AddDays(8));
        var analytics = await usage.AnalyticsAsync();

        var row = (await analytics.GuideUseAsync(new AnalyticsFilter(new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 15)), Ct)).Guides.Single(g => g.GuideId == Guide);

        // Six runs of six officials; the lone official's week rests on one official and is left out.
        Assert.Equal((6L, 3L, 6L), (row.Opened!.Value, row.Completed!.Value, row.Users!.Value));
    }

    private sealed record Difference(long? Opened, long? Completed, long? Abandoned, long? FunnelRuns, long? FunnelCompleted, long? AgeReached, long? AgeLeft)
    {
        public static readonly Difference None = new(0, 0, 0, 0, 0, 0, 0);
    }

    /// <summary>What the attacker computes: every figure of <paramref name="more"/> minus the same of <paramref name="less"/> (null where one is hidden).</summary>
    private static async Task<Difference> SubtractAsync(UsageAnalytics analytics, AnalyticsFilter more, AnalyticsFilter less)
    {
        var useMore = (await analytics.GuideUseAsync(more, Ct)).Guides.Single(g => g.GuideId == Guide);
        var useLess = (await analytics.GuideUseAsync(less, Ct)).Guides.Single(g => g.GuideId == Guide);
        var funnelMore = await analytics.FunnelAsync(Guide, more, Ct);
        var funnelLess = await analytics.FunnelAsync(Guide, less, Ct);
        var ageMore = funnelMore.Steps.Single(s => s.StepId == "leeftijd");
        var ageLess = funnelLess.Steps.Single(s => s.StepId == "leeftijd");
        // A hidden figure on either side gives the attacker nothing; shown as 0 so that only a real difference counts.
        static long? Minus(long? a, long? b) => a is null || b is null ? 0 : a - b;
        return new Difference(
            Minus(useMore.Opened, useLess.Opened), Minus(useMore.Completed, useLess.Completed), Minus(useMore.Abandoned, useLess.Abandoned),
            Minus(funnelMore.Runs, funnelLess.Runs), Minus(funnelMore.Completed, funnelLess.Completed),
            Minus(ageMore.Reached, ageLess.Reached), Minus(ageMore.LeftHere, ageLess.LeftHere));
    }
}

public sealed class AnalyticsDifferencingTestsOnSqlite() : AnalyticsDifferencingTests(StoreKind.Sqlite);

public sealed class AnalyticsDifferencingTestsOnPostgreSql() : AnalyticsDifferencingTests(StoreKind.PostgreSql);
