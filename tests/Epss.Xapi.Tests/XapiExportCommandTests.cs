using Epss.Testing.Xapi;
using System.Globalization;
using System.Text.Json;
using Epss.Cli;
using Epss.Testing;
using Epss.Xapi.Tests.Support;

namespace Epss.Xapi.Tests;

/// <summary><c>epss xapi export</c>, run in-process as tests/Epss.Cli.Tests runs the command line.</summary>
public sealed class XapiExportCommandTests : IAsyncLifetime
{
    private readonly TestLog _log = new();
    private readonly TempDataFolder _out = new("epss-xapi-out-");
    private UsageDatabase _db = null!;

    public async ValueTask InitializeAsync() => _db = await UsageDatabase.StartAsync(_log);

    public async ValueTask DisposeAsync()
    {
        await _db.DisposeAsync();
        _out.Dispose();
        _log.Dispose();
    }

    [Fact]
    public async Task Xapi_export_writes_the_events_of_the_period_as_statements_the_validator_accepts()
    {
        // Three days of events, one run per 4 hours, at noon-ish local times; the export asks for the middle day only.
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam"); // the command's default
        var firstDay = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-4));
        var events = new List<Epss.Usage.UsageEvent>();
        for (var d = 0; d < 3; d++)
        {
            var (dayStart, _) = XapiExport.DayRange(firstDay.AddDays(d), firstDay.AddDays(d), zone);
            for (var h = 1; h < 24; h += 4)
            {
                events.AddRange(UsageEventSets.Runs(dayStart.AddHours(h), 1, seed: d * 100 + h));
            }
        }
        await _db.RecordAsync(events);
        var middle = firstDay.AddDays(1);
        var (start, end) = XapiExport.DayRange(middle, middle, zone);
        var expected = events.Where(e => e.OccurredAt >= start && e.OccurredAt < end).ToList();
        var file = _out.FullPath("statements.json");

        var result = Run("xapi", "export", "--data", _db.Folder.Path, "--from", Day(middle), "--to", Day(middle), "--out", file,
            "--home-page", "https://epss.gemeente.example");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains($"{expected.Count} statements", result.Output, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken));
        Assert.Empty(XapiValidator.ValidateArray(json.RootElement));
        Assert.Equal(
            expected.Select(e => XapiStatementFactory.StatementId(e.Id)).Order(),
            json.RootElement.EnumerateArray().Select(s => s.GetProperty("id").GetGuid()).Order());
        Assert.All(json.RootElement.EnumerateArray(), s =>
            Assert.Equal("https://epss.gemeente.example", s.GetProperty("actor").GetProperty("account").GetProperty("homePage").GetString()));
        Assert.True(expected.Count > 10 && expected.Count < events.Count);
        Assert.False(File.Exists(file + ".tmp"));
    }

    [Theory]
    [InlineData("30-11-2026", "2026-11-30", "jjjj-mm-dd")]
    [InlineData("2026-11-30", "2026-11-01", "vóór")]
    public void Xapi_export_with_bad_dates_is_a_usage_error(string from, string to, string message)
    {
        var file = _out.FullPath("x.json");

        var result = Run("xapi", "export", "--data", _db.Folder.Path, "--from", from, "--to", to, "--out", file);

        Assert.Equal(EpssCommandLine.UsageError, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public void Xapi_export_with_an_unknown_time_zone_is_a_usage_error()
    {
        var result = Run("xapi", "export", "--data", _db.Folder.Path, "--from", "2026-11-01", "--to", "2026-11-30", "--out", _out.FullPath("x.json"),
            "--time-zone", "Europe/Nergensland");

        Assert.Equal(EpssCommandLine.UsageError, result.ExitCode);
        Assert.Contains("tijdzone", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Xapi_export_of_a_folder_without_usage_database_says_so_and_creates_none()
    {
        using var empty = new TempDataFolder();

        var result = Run("xapi", "export", "--data", empty.Path, "--from", "2026-11-01", "--to", "2026-11-30", "--out", _out.FullPath("x.json"));

        Assert.Equal(EpssCommandLine.UsageError, result.ExitCode);
        Assert.Contains("geen gebruiksdatabase", result.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(empty.Path));
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = EpssCommandLine.Run(args, output, error, new CommandInput(new StringReader(""), IsTerminal: false));
        return (exitCode, output.ToString(), error.ToString());
    }
}
