using System.Text.Json;
using Epss.Usage.Analytics;

namespace Epss.Usage.Tests;

public sealed class AnalyticsCsvTests
{
    private static readonly AnalyticsPeriod Period = new(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), "Europe/Amsterdam");

    private static GuideUseReport Report(params GuideUseRow[] rows) => new(rows) { Period = Period, MinimumGroupSize = 5 };

    [Fact]
    public void GuideUse_csv_starts_with_a_BOM_and_uses_semicolons_CRLF_and_Dutch_headers()
    {
        var csv = AnalyticsCsv.GuideUse(Report(new GuideUseRow("paspoort-aanvragen", "Paspoort aanvragen", 12, 9, 2, 0.75, 312.5, 7, false)));

        Assert.Equal([0xEF, 0xBB, 0xBF], csv.Take(3));
        Assert.Equal(
            "Gids;Titel;Geopend;Voltooid;Afgebroken;Voltooiingsgraad;Mediaan seconden tot voltooid;Gebruikers;Onderdrukt\r\n" +
            "paspoort-aanvragen;Paspoort aanvragen;12;9;2;0,75;312,5;7;\r\n",
            AnalyticsCsv.Text(csv));
    }

    [Fact]
    public void Csv_header_does_not_start_with_ID_which_Excel_takes_for_a_SYLK_file()
    {
        foreach (var csv in new[]
        {
            AnalyticsCsv.GuideUse(Report()),
            AnalyticsCsv.Flags(new FlagReport([]) { Period = Period, MinimumGroupSize = 5 }),
            AnalyticsCsv.Health(new HealthReport([], [], [], []) { Period = Period, MinimumGroupSize = 5 }, AnalyticsCsv.Tables.Outdated),
        })
        {
            Assert.False(AnalyticsCsv.Text(csv).StartsWith("ID", StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public void Suppressed_row_has_empty_number_cells_and_ja_in_Onderdrukt()
    {
        var csv = AnalyticsCsv.Text(AnalyticsCsv.GuideUse(Report(new GuideUseRow("spoedaanvraag", "Spoedaanvraag", null, null, null, null, null, null, true))));

        Assert.EndsWith("spoedaanvraag;Spoedaanvraag;;;;;;;ja\r\n", csv, StringComparison.Ordinal);
    }

    [Fact]
    public void Fields_with_semicolons_quotes_or_line_breaks_are_quoted_as_RFC_4180()
    {
        var report = new SearchReport(
            [
                new SearchRow("paspoort; spoed", 9, 6, new DateTimeOffset(2026, 11, 3, 14, 5, 0, TimeSpan.FromHours(1)), false),
                new SearchRow("\"apostille\"", 8, 5, new DateTimeOffset(2026, 11, 4, 9, 0, 0, TimeSpan.FromHours(1)), false),
                new SearchRow("=HYPERLINK(\"x\")", 7, 5, new DateTimeOffset(2026, 11, 5, 9, 0, 0, TimeSpan.FromHours(1)), false),
                new SearchRow(null, null, null, null, true),
            ], [])
        { Period = Period, MinimumGroupSize = 5 };

        var lines = AnalyticsCsv.Text(AnalyticsCsv.Searches(report, AnalyticsCsv.Tables.NoHits)).Split("\r\n");

        Assert.Equal("Zoekvraag;Aantal;Gebruikers;Laatst gezien;Onderdrukt", lines[0]);
        Assert.Equal("\"paspoort; spoed\";9;6;2026-11-03 14:05:00;", lines[1]);
        Assert.Equal("\"\"\"apostille\"\"\";8;5;2026-11-04 09:00:00;", lines[2]);
        // A typed formula is shown as text, never run by the spreadsheet.
        Assert.Equal("\"'=HYPERLINK(\"\"x\"\")\";7;5;2026-11-05 09:00:00;", lines[3]);
        Assert.Equal(";;;;ja", lines[4]);
        Assert.Equal("", lines[5]);
    }

    [Fact]
    public void Unknown_table_is_refused_with_the_known_names()
    {
        var report = new SearchReport([], []) { Period = Period, MinimumGroupSize = 5 };

        var error = Assert.Throws<ArgumentException>(() => AnalyticsCsv.Searches(report, "alles"));

        Assert.Contains("no-hits, not-opened", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Funnel_csv_writes_decimal_comma_for_rates_and_empty_position_for_a_step_no_longer_in_the_guide()
    {
        var report = new FunnelReport("Paspoort aanvragen", 40, 30, false,
            [new FunnelStep("starten", "Aanvraag starten", 1, 40, 2, 0.05, false), new FunnelStep("oud", "oud", null, 6, 6, 1, false)])
        { Period = Period, MinimumGroupSize = 5, GuideId = "paspoort-aanvragen" };

        Assert.Equal(
            "Positie;Stap;Titel;Bereikt;Hier gestopt;Uitval;Onderdrukt\r\n1;starten;Aanvraag starten;40;2;0,05;\r\n;oud;oud;6;6;1;\r\n",
            AnalyticsCsv.Text(AnalyticsCsv.Funnel(report)));
    }

    [Fact]
    public void Report_json_has_the_contract_shape_with_nulls_for_suppressed_numbers_and_no_absent_filters()
    {
        var report = Report(new GuideUseRow("spoedaanvraag", "Spoedaanvraag", null, null, null, null, null, null, true)) with { Role = "baliemedewerker" };

        var json = JsonSerializer.Serialize(report, JsonSerializerOptions.Web);

        Assert.Equal(
            """{"guides":[{"guideId":"spoedaanvraag","title":"Spoedaanvraag","opened":null,"completed":null,"abandoned":null,"completionRate":null,"medianSecondsToComplete":null,"users":null,"suppressed":true}],"period":{"from":"2026-11-01","to":"2026-11-30","timeZone":"Europe/Amsterdam","firstWeek":"2026-W44","lastWeek":"2026-W49"},"minimumGroupSize":5,"role":"baliemedewerker"}""",
            json);
    }

    [Fact]
    public void Decision_json_leaves_out_an_absent_target_and_label()
    {
        var row = new DecisionRow("identiteit", "Identiteit", null, "twijfel-aan-identiteit", null, 6, 0.5, false);

        var json = JsonSerializer.Serialize(row, JsonSerializerOptions.Web);

        Assert.Equal("""{"stepId":"identiteit","stepTitle":"Identiteit","toGuideId":"twijfel-aan-identiteit","count":6,"share":0.5,"suppressed":false}""", json);
    }
}
