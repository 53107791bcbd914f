using Epss.Usage.Analytics;
using Epss.Usage.Tests.Support;

namespace Epss.Usage.Tests;

/// <summary>
/// Period edges are local days in Europe/Amsterdam. On 2026-03-29 clocks go from 02:00 to 03:00 (a 23-hour day) and on
/// 2026-10-25 from 03:00 back to 02:00 (25 hours); the instants below are the UTC edges of those days, written out by
/// hand rather than computed. Both are Sundays, so the first instant of the next day is also the first of the next week
/// (reports are per whole week, issue 16).
/// </summary>
public abstract class AnalyticsPeriodTests(StoreKind kind)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string, string, string, string> DstDays => new()
    {
        // day, last instant of the day before, first instant of the day, last instant of the day, first instant of the next day
        { "2026-03-29", "2026-03-28T22:59:59.999Z", "2026-03-28T23:00:00Z", "2026-03-29T21:59:59.999Z", "2026-03-29T22:00:00Z" },
        { "2026-10-25", "2026-10-24T21:59:59.999Z", "2026-10-24T22:00:00Z", "2026-10-25T22:59:59.999Z", "2026-10-25T23:00:00Z" },
    };

    [Theory]
    [MemberData(nameof(DstDays))]
    public async Task UseOverTime_puts_events_in_their_local_week_across_a_DST_change(string day, string before, string first, string last, string after)
    {
        using var usage = new HandMadeUsage(kind);
        usage.Run(1, Utc(before)).Run(2, Utc(first)).Run(3, Utc(last)).Run(4, Utc(after));
        // A local time within the repeated or skipped hour, too.
        usage.Run(5, Utc(first).AddHours(2).AddMinutes(30));
        var date = DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture);

        var weeks = (await (await usage.AnalyticsAsync(minimumGroupSize: 1)).UseOverTimeAsync(new AnalyticsFilter(date.AddDays(-1), date.AddDays(1)), Ct)).Weeks;

        Assert.Equal([4L, 1L], weeks.Select(d => d.Opened!.Value));
        Assert.Equal([date.AddDays(-6), date.AddDays(1)], weeks.Select(d => d.From));
    }

    [Theory]
    [MemberData(nameof(DstDays))]
    public async Task GuideUse_asked_for_a_DST_day_counts_exactly_the_events_of_its_week(string day, string before, string first, string last, string after)
    {
        using var usage = new HandMadeUsage(kind);
        usage.Run(1, Utc(before)).Run(2, Utc(first)).Run(3, Utc(last)).Run(4, Utc(after));
        var date = DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture);

        var report = await (await usage.AnalyticsAsync(minimumGroupSize: 1)).GuideUseAsync(new AnalyticsFilter(date, date), Ct);

        // Saturday and Sunday are in the week of the Sunday; the Monday after is not.
        Assert.Equal(3, report.Guides.Single(g => g.GuideId == "paspoort-aanvragen").Opened);
        Assert.Equal(new AnalyticsPeriod(date.AddDays(-6), date, "Europe/Amsterdam"), report.Period);
    }

    [Fact]
    public async Task Filters_on_role_app_and_guide_count_only_matching_events()
    {
        using var usage = new HandMadeUsage(kind);
        var at = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
        usage.Run(1, at, role: "baliemedewerker", app: "burgerzaken")
            .Run(2, at, role: "backoffice", app: "burgerzaken")
            .Run(3, at, role: "backoffice", app: "rijbewijzen")
            .Run(4, at, guideId: "rijbewijs-aanvragen", role: "backoffice", app: "rijbewijzen");
        var november = new AnalyticsFilter(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30));
        var analytics = await usage.AnalyticsAsync(minimumGroupSize: 1);

        async Task<long?> Opened(AnalyticsFilter filter, string guide = "paspoort-aanvragen") =>
            (await analytics.GuideUseAsync(filter, Ct)).Guides.SingleOrDefault(g => g.GuideId == guide)?.Opened;

        Assert.Equal(3, await Opened(november));
        Assert.Equal(2, await Opened(november with { Role = "backoffice" }));
        Assert.Equal(1, await Opened(november with { App = "rijbewijzen" }));
        Assert.Equal(1, await Opened(november with { Role = "backoffice", App = "burgerzaken" }));
        Assert.Equal(0, await Opened(november with { Role = "teamleider" }));
        Assert.Null(await Opened(november with { GuideId = "rijbewijs-aanvragen" }));
        Assert.Equal(1, await Opened(november with { GuideId = "rijbewijs-aanvragen" }, "rijbewijs-aanvragen"));
        // A period that begins on Tuesday 3 November is the whole week of Monday 2 November (issue 16); one a week later is not.
        Assert.Equal(3, await Opened(november with { From = new DateOnly(2026, 11, 3) }));
        Assert.Equal(0, await Opened(november with { From = new DateOnly(2026, 11, 9) }));
    }

    [Fact]
    public void StartOfDay_is_local_midnight_on_both_DST_days()
    {
        var amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

        Assert.Equal(Utc("2026-03-28T23:00:00Z"), AnalyticsQuery.StartOfDay(new DateOnly(2026, 3, 29), amsterdam));
        Assert.Equal(Utc("2026-03-29T22:00:00Z"), AnalyticsQuery.StartOfDay(new DateOnly(2026, 3, 30), amsterdam));
        Assert.Equal(Utc("2026-10-24T22:00:00Z"), AnalyticsQuery.StartOfDay(new DateOnly(2026, 10, 25), amsterdam));
        Assert.Equal(Utc("2026-10-25T23:00:00Z"), AnalyticsQuery.StartOfDay(new DateOnly(2026, 10, 26), amsterdam));
    }

    private static DateTimeOffset Utc(string instant) => DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);
}

public sealed class AnalyticsPeriodTestsOnSqlite() : AnalyticsPeriodTests(StoreKind.Sqlite);

public sealed class AnalyticsPeriodTestsOnPostgreSql() : AnalyticsPeriodTests(StoreKind.PostgreSql);
