using System.Globalization;
using System.Text;
using Epss.Accounts;
using Epss.EndToEnd.Tests.Support;
using Epss.Usage;
using Epss.UsageGenerator;
using Microsoft.Playwright;

namespace Epss.EndToEnd.Tests;

/// <summary>
/// The L&amp;D dashboard in Chromium on a month of a busy front desk made by tools/Epss.UsageGenerator: an analyst signs
/// in, sees the use per guide (checked against the generated events, counted here independently), a funnel and the
/// failed searches, and downloads a table as CSV for a Dutch spreadsheet.
/// </summary>
public sealed class DashboardTests(Chromium chromium) : IClassFixture<Chromium>
{
    private const string GuideId = "paspoort-aanvragen";
    private static readonly TimeZoneInfo Amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Analyst_sees_use_funnel_and_failed_searches_of_a_generated_month_and_downloads_csv()
    {
        await using var server = await PanelServer.StartAsync(Ct);
        await server.AddUserWithTokenAsync("lena", Ct, EpssRoles.Analyst);
        await server.StopAsync();
        var end = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Amsterdam).DateTime).AddDays(-1);
        var from = end.AddDays(-29);
        var usage = Epss.UsageGenerator.UsageGenerator.GenerateAll(new GeneratorSettings(end, Days: 30, Seed: 11), SampleGuides.Load(server.Content.Path));
        await UsageDatabaseWriter.WriteAsync(server.DataPath, usage.Events, () => usage.Flags, Ct);
        await server.StartAgainAsync(Ct);
        var inPeriod = usage.Events.Where(e => Day(e.OccurredAt) >= from && Day(e.OccurredAt) <= end).ToList();
        // The figures leave out every week of a role and application in which fewer than five officials made them
        // (issue 16); the generated events all lie within the whole weeks the period is widened to.
        var openings = Large(inPeriod.Where(e => e.Type == UsageEventTypes.GuideOpened && e.GuideId == GuideId));
        var completedRuns = inPeriod.Where(e => e.Type == UsageEventTypes.GuideCompleted && e.GuideId == GuideId).Select(e => e.RunId).ToHashSet();
        var opened = openings.Count;
        var completed = openings.Count(e => completedRuns.Contains(e.RunId));
        Assert.True(opened > 20, "the generated month uses the guide");

        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 }, Locale = "nl-NL", AcceptDownloads = true });
        await using var _ = context;
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add($"{message.Text} ({message.Location})");
            }
        };
        var period = $"from={from:yyyy-MM-dd}&to={end:yyyy-MM-dd}";
        await page.GotoAsync(new Uri(server.Address, "/dashboard?" + period).ToString());
        await page.Locator("input[name=name]").FillAsync("lena");
        await page.Locator("input[name=password]").FillAsync(Editor.EditorSession.Password);
        await page.Locator("form button[type=submit]").First.ClickAsync();

        // Use per guide: the guide's row says what the events say.
        var useTable = page.GetByRole(AriaRole.Table, new() { Name = "Gebruik per gids" });
        var row = useTable.GetByRole(AriaRole.Row).Filter(new() { HasText = "Paspoort aanvragen" }).First;
        await Assertions.Expect(row).ToBeVisibleAsync(new() { Timeout = 15_000 });
        var cells = await row.Locator("td").AllTextContentsAsync();
        Assert.Contains(Number(opened), cells);
        Assert.Contains(Number(completed), cells);
        await Assertions.Expect(page.Locator("canvas").First).ToBeVisibleAsync();

        // The CSV of that table: UTF-8 with BOM, semicolons, the same number.
        var download = await page.RunAndWaitForDownloadAsync(() => useTable.Locator("xpath=ancestor::*[.//a[contains(., 'Download CSV')]][1]")
            .GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Download CSV") }).First.ClickAsync());
        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!, Ct);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var csvRow = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n").Single(l => l.Contains(GuideId, StringComparison.Ordinal) || l.Contains("Paspoort aanvragen", StringComparison.Ordinal));
        Assert.Contains(opened.ToString(CultureInfo.InvariantCulture), csvRow.Split(';'));

        // The guide's funnel: its steps in order, the first reached by the runs that opened it.
        await page.GotoAsync(new Uri(server.Address, $"/dashboard?{period}&view=trechter&funnel={GuideId}").ToString());
        var funnel = page.GetByRole(AriaRole.Table, new() { Name = "Stappen van Paspoort aanvragen" });
        await Assertions.Expect(funnel).ToBeVisibleAsync(new() { Timeout = 15_000 });
        Assert.True(await funnel.Locator("tbody tr").CountAsync() >= 3);

        // Failed searches: the queries nobody found anything for, each typed by enough officials to be shown.
        await page.GotoAsync(new Uri(server.Address, $"/dashboard?{period}&view=zoekopdrachten").ToString());
        var noHits = page.GetByRole(AriaRole.Table, new() { Name = "Zoekopdrachten zonder resultaten" });
        await Assertions.Expect(noHits).ToBeVisibleAsync(new() { Timeout = 15_000 });
        var expectedQueries = inPeriod.Where(e => e.Type == UsageEventTypes.Search && e.Details.HitCount == 0)
            .GroupBy(e => Epss.Usage.Analytics.UsageAnalytics.NormaliseQuery(e.Details.Query!))
            .Where(g => Large(g).Select(e => e.UserPseudonym).Distinct().Count() >= 5)
            .Select(g => g.Key).ToList();
        Assert.NotEmpty(expectedQueries);
        await Assertions.Expect(noHits).ToContainTextAsync(expectedQueries[0]);

        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    private static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Amsterdam).DateTime);

    /// <summary>The events of the parts (week, role, application) made by at least five officials.</summary>
    private static List<UsageEvent> Large(IEnumerable<UsageEvent> events) =>
        [.. events.GroupBy(e => (Week: Epss.Usage.Analytics.AnalyticsFilter.Monday(Day(e.OccurredAt)), e.Role, e.App))
            .Where(g => g.Select(e => e.UserPseudonym).Distinct().Count() >= 5).SelectMany(g => g)];

    private static string Number(int value) => value.ToString("N0", CultureInfo.GetCultureInfo("nl-NL"));
}
