using Epss.Usage.Analytics;
using Epss.Usage.Tests.Support;

namespace Epss.Usage.Tests;

/// <summary>
/// Each report over a generated month equals the same figures computed independently in LINQ over the generated events
/// (<see cref="ExpectedAnalytics"/>), suppression included; on SQLite and on PostgreSQL, so that both stores give the
/// same numbers.
/// </summary>
public abstract class AnalyticsReportTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : AnalyticsFixture
{
    private const double Tolerance = 1e-9;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string?, string?, string?> Filters => new()
    {
        { null, null, null },
        { "backoffice", null, null },
        { null, "rijbewijzen", null },
        { "baliemedewerker", "burgerzaken", null },
        { null, null, "paspoort-aanvragen" },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task GuideUse_generated_month_equals_independent_count(string? role, string? app, string? guideId)
    {
        var filter = AnalyticsFixture.Month with { Role = role, App = app, GuideId = guideId };
        var report = await fixture.Analytics().GuideUseAsync(filter, Ct);
        var expected = fixture.Expected.GuideUse(filter);

        // Backoffice is one official in seven: no guide has five of them in one week, so every figure of theirs is left out.
        Assert.Equal(role != "backoffice", expected.Values.Any(u => !fixture.Expected.Suppress(u.Users)));
        var expectedIds = fixture.Catalog.Guides.Select(g => g.Id).Concat(expected.Keys).Where(id => guideId is null || id == guideId).Distinct().Order();
        Assert.Equal(expectedIds, report.Guides.Select(r => r.GuideId).Order());
        foreach (var row in report.Guides)
        {
            if (!expected.TryGetValue(row.GuideId, out var use))
            {
                Assert.Equal(new GuideUseRow(row.GuideId, fixture.Catalog.Title(row.GuideId), 0, 0, 0, null, null, 0, false), row);
                continue;
            }
            Assert.Equal(fixture.Expected.Suppress(use.Users), row.Suppressed);
            if (row.Suppressed)
            {
                Assert.Equal(new GuideUseRow(row.GuideId, row.Title, null, null, null, null, null, null, true), row);
                continue;
            }
            Assert.Equal((use.Opened, use.Completed, use.Abandoned, use.Users), (row.Opened!.Value, row.Completed!.Value, row.Abandoned!.Value, row.Users!.Value));
            Assert.Equal((double)use.Completed / use.Opened, row.CompletionRate!.Value, Tolerance);
            Assert.Equal(use.MedianSeconds is null, row.MedianSecondsToComplete is null);
            Assert.Equal(use.MedianSeconds ?? 0, row.MedianSecondsToComplete ?? 0, Tolerance);
        }
        Assert.Equal(role, report.Role);
        Assert.Equal(app, report.App);
        Assert.Equal(guideId, report.GuideId);
    }

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task UseOverTime_generated_month_equals_independent_count_per_local_week(string? role, string? app, string? guideId)
    {
        var filter = AnalyticsFixture.Month with { Role = role, App = app, GuideId = guideId };
        var report = await fixture.Analytics().UseOverTimeAsync(filter, Ct);
        var expected = fixture.Expected.UseOverTime(filter);

        // 1 to 30 November 2026 is Sunday to Monday: the weeks of Monday 26 October to Sunday 6 December.
        Assert.Equal(6, report.Weeks.Count);
        Assert.Equal((new DateOnly(2026, 10, 26), new DateOnly(2026, 11, 1), "2026-W44"), (report.Weeks[0].From, report.Weeks[0].To, report.Weeks[0].Week));
        Assert.Equal((new DateOnly(2026, 11, 30), new DateOnly(2026, 12, 6), "2026-W49"), (report.Weeks[^1].From, report.Weeks[^1].To, report.Weeks[^1].Week));
        Assert.Equal((new DateOnly(2026, 10, 26), new DateOnly(2026, 12, 6)), (report.Period.From, report.Period.To));
        Assert.Equal(role != "backoffice", expected.Values.Any(d => d.Opened > 0));
        foreach (var row in report.Weeks)
        {
            var week = expected.GetValueOrDefault(row.From) ?? new ExpectedAnalytics.Day(0, 0, 0, 0);
            Assert.Equal(fixture.Expected.Suppress(week.RowUsers), row.Suppressed);
            Assert.Equal(row.Suppressed ? row with { Opened = null, Completed = null, Users = null } : row with { Opened = week.Opened, Completed = week.Completed, Users = week.Users },
                row);
        }
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("baliemedewerker", null)]
    [InlineData(null, "burgerzaken")]
    public async Task Funnel_every_guide_equals_independent_count(string? role, string? app)
    {
        var filter = AnalyticsFixture.Month with { Role = role, App = app };
        var shown = 0;
        foreach (var guide in fixture.Catalog.Guides)
        {
            var report = await fixture.Analytics().FunnelAsync(guide.Id, filter, Ct);
            var (runs, completed, users, steps) = fixture.Expected.Funnel(guide.Id, filter);

            Assert.Equal(guide.Id, report.GuideId);
            Assert.Equal(guide.Title, report.Title);
            Assert.Equal(fixture.Expected.Suppress(users), report.Suppressed);
            Assert.Equal(report.Suppressed ? (null, null) : (runs, completed), (report.Runs, report.Completed));
            Assert.Equal(guide.Steps.Select(s => s.Id), report.Steps.Take(guide.Steps.Count).Select(s => s.StepId));
            foreach (var step in report.Steps)
            {
                var e = steps.GetValueOrDefault(step.StepId) ?? new ExpectedAnalytics.StepFunnel(0, 0, 0);
                Assert.Equal(fixture.Expected.Suppress(e.Users), step.Suppressed);
                Assert.Equal(guide.Position(step.StepId), step.Position);
                if (step.Suppressed)
                {
                    Assert.Equal((null, null, null), (step.Reached, step.LeftHere, step.DropOffRate));
                    continue;
                }
                shown++;
                Assert.Equal((e.Reached, e.LeftHere), (step.Reached!.Value, step.LeftHere!.Value));
                Assert.Equal(e.Reached == 0 ? null : (double)e.LeftHere / e.Reached, step.DropOffRate);
            }
            Assert.Equal(steps.Keys.Order(), report.Steps.Where(s => s.Reached != 0 || s.Suppressed).Select(s => s.StepId).Order());
        }
        Assert.True(shown > 10, "some funnel steps rest on enough users to show");
    }

    [Fact]
    public async Task Funnel_runs_left_somewhere_unless_completed()
    {
        var report = await fixture.Analytics().FunnelAsync("paspoort-aanvragen", AnalyticsFixture.Month, Ct);

        Assert.False(report.Suppressed);
        Assert.Contains(report.Steps, s => s.LeftHere > 0);
        // Every run that viewed a step and did not complete left at exactly one step.
        Assert.True(report.Steps.Sum(s => s.LeftHere ?? 0) <= report.Runs - report.Completed);
    }

    [Fact]
    public async Task Decisions_every_guide_equal_independent_count_with_labels_from_the_catalogue()
    {
        var labelled = 0;
        foreach (var guide in fixture.Catalog.Guides)
        {
            var report = await fixture.Analytics().DecisionsAsync(guide.Id, AnalyticsFixture.Month, Ct);
            var expected = fixture.Expected.Decisions(guide.Id, AnalyticsFixture.Month);

            Assert.Equal(expected.Keys.Order(), report.Decisions.Select(d => (d.StepId, d.ToStepId, d.ToGuideId)).Order());
            foreach (var row in report.Decisions)
            {
                var e = expected[(row.StepId, row.ToStepId, row.ToGuideId)];
                Assert.Equal(fixture.Expected.Suppress(e.Users), row.Suppressed);
                Assert.Equal(row.Suppressed ? null : e.Count, row.Count);
                Assert.Equal(row.Suppressed ? 0 : e.Share, row.Share ?? 0, Tolerance);
                var option = guide.FindStep(row.StepId)!.Options.FirstOrDefault(o => o.ToStepId == row.ToStepId && o.ToGuideId == row.ToGuideId);
                Assert.Equal(option?.Label, row.Label);
                labelled += row.Label is null ? 0 : 1;
            }
        }
        Assert.True(labelled > 10);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(null, "burgerzaken")]
    public async Task Searches_equal_independent_count_by_normalised_query(string? role, string? app)
    {
        var filter = AnalyticsFixture.Month with { Role = role, App = app, GuideId = "paspoort-aanvragen" };
        var report = await fixture.Analytics().SearchesAsync(filter, Ct);

        Assert.Null(report.GuideId);
        foreach (var (rows, noHits) in new[] { (report.NoHits, true), (report.NotOpened, false) })
        {
            var (shown, anySuppressed) = fixture.Expected.Searches(filter with { GuideId = null }, noHits);
            Assert.NotEmpty(shown);
            Assert.Equal(shown.Keys.Order(), rows.Where(r => !r.Suppressed).Select(r => r.Query!).Order());
            foreach (var row in rows.Where(r => !r.Suppressed))
            {
                var e = shown[row.Query!];
                Assert.Equal((e.Count, e.Users, e.LastSeen), (row.Count!.Value, row.Users!.Value, row.LastSeen!.Value));
            }
            Assert.Equal(anySuppressed ? 1 : 0, rows.Count(r => r.Suppressed));
            Assert.All(rows.Where(r => r.Suppressed), r => Assert.Equal(new SearchRow(null, null, null, null, true), r));
            Assert.Equal(rows.Where(r => !r.Suppressed).OrderByDescending(r => r.Count).Select(r => r.Count), rows.Where(r => !r.Suppressed).Select(r => r.Count));
        }
        // "Apostille" and "apostille" are one query.
        Assert.Contains(report.NoHits, r => r.Query == "apostille");
        Assert.DoesNotContain(report.NoHits, r => r.Query == "Apostille");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("identiteit-vaststellen-aanvraag")]
    public async Task Flags_equal_independent_count_by_status(string? guideId)
    {
        var filter = AnalyticsFixture.Month with { GuideId = guideId };
        var report = await fixture.Analytics(minimumGroupSize: 2).FlagsAsync(filter, Ct);
        var expected = new ExpectedAnalytics(fixture.Usage.Events, fixture.Usage.Flags, 2).Flags(filter);

        Assert.NotEmpty(expected);
        Assert.Equal(expected.Keys.Order(), report.Flags.Select(f => (f.GuideId, f.StepId)).Order());
        foreach (var row in report.Flags)
        {
            var e = expected[(row.GuideId, row.StepId)];
            Assert.Equal(e.Users < 2, row.Suppressed);
            Assert.Equal(row.Suppressed ? (null, null, null) : (e.Open, e.Answered, e.Closed), (row.Open, row.Answered, row.Closed));
            Assert.Equal(fixture.Catalog.Title(row.GuideId), row.Title);
        }
        Assert.Contains(report.Flags, f => !f.Suppressed);
    }

    [Fact]
    public async Task TargetsMissing_equal_independent_count_with_status_and_pages()
    {
        var report = await fixture.Analytics().TargetsMissingAsync(AnalyticsFixture.Month, Ct);
        var expected = fixture.Expected.TargetsMissing(AnalyticsFixture.Month);

        Assert.NotEmpty(expected);
        Assert.Equal(expected.Keys.Order(), report.Targets.Select(t => (t.GuideId, t.StepId, t.Selector)).Order());
        foreach (var row in report.Targets)
        {
            var e = expected[(row.GuideId, row.StepId, row.Selector)];
            Assert.Equal(fixture.Expected.Suppress(e.Users), row.Suppressed);
            Assert.Equal(e.Status, row.TargetStatus);
            if (!row.Suppressed)
            {
                Assert.Equal((e.Count, e.Users, e.LastSeen), (row.Count!.Value, row.Users!.Value, row.LastSeen!.Value));
                Assert.Equal(e.Pages, row.Pages);
                Assert.Equal(fixture.Catalog.Find(row.GuideId)!.FindStep(row.StepId)!.Title, row.StepTitle);
            }
        }
        Assert.Contains(report.Targets, t => !t.Suppressed);
    }

    [Fact]
    public async Task Health_lists_equal_independent_computation()
    {
        var settings = new HealthSettings(NotOpenedDays: 7, DropOffThreshold: 0.4);
        var report = await fixture.Analytics().HealthAsync(AnalyticsFixture.Month, settings, Ct);
        var today = ExpectedAnalytics.LocalDay(AnalyticsFixture.Now);

        Assert.Equal(fixture.Catalog.Guides.Where(g => g.ReviewBy < today).Select(g => g.Id).Order(), report.Outdated.Select(g => g.GuideId).Order());
        var lastOpened = fixture.Expected.LastOpened(AnalyticsFixture.Now);
        var notOpened = fixture.Catalog.Guides
            .Where(g => !lastOpened.TryGetValue(g.Id, out var at) || at < AnalyticsFixture.Now.AddDays(-7)).Select(g => g.Id).Order().ToList();
        Assert.Equal(notOpened, report.NotOpened.Select(g => g.GuideId).Order());
        Assert.All(report.NotOpened, g => Assert.Equal(lastOpened.TryGetValue(g.GuideId, out var at) ? at : null, g.LastOpened));

        var use = fixture.Expected.GuideUse(AnalyticsFixture.Month);
        var high = use.Where(u => !fixture.Expected.Suppress(u.Value.Users) && 1 - (double)u.Value.Completed / u.Value.Opened > 0.4)
            .Select(u => u.Key).Order().ToList();
        Assert.NotEmpty(high);
        Assert.Equal(high, report.HighDropOff.Select(g => g.GuideId).Order());
        Assert.All(report.HighDropOff, g => Assert.Equal((double)use[g.GuideId].Completed / use[g.GuideId].Opened, g.CompletionRate, Tolerance));

        Assert.Equal(fixture.Expected.OpenFlags().OrderBy(kv => kv.Key), report.OpenFlags.Select(g => KeyValuePair.Create(g.GuideId, g.Open)).OrderBy(kv => kv.Key));
        Assert.All(report.OpenFlags, g => Assert.Equal(g.Open is null, g.Suppressed));
    }

    [Fact]
    public async Task Filter_with_end_before_start_is_refused_in_Dutch()
    {
        var filter = new AnalyticsFilter(AnalyticsFixture.End, AnalyticsFixture.End.AddDays(-1));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => fixture.Analytics().GuideUseAsync(filter, Ct));

        Assert.Contains("einddatum", error.Message, StringComparison.Ordinal);
        Assert.NotNull(fixture.Analytics().Problem(new AnalyticsFilter(AnalyticsFixture.End.AddDays(-400), AnalyticsFixture.End)));
        Assert.Null(fixture.Analytics().Problem(new AnalyticsFilter(AnalyticsFixture.End.AddDays(-399), AnalyticsFixture.End)));
    }
}

public sealed class AnalyticsReportTestsOnSqlite(SqliteAnalyticsFixture fixture) : AnalyticsReportTests<SqliteAnalyticsFixture>(fixture);

public sealed class AnalyticsReportTestsOnPostgreSql(PostgreSqlAnalyticsFixture fixture) : AnalyticsReportTests<PostgreSqlAnalyticsFixture>(fixture);
