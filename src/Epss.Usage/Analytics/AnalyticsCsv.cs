using System.Globalization;
using System.Text;

namespace Epss.Usage.Analytics;

/// <summary>
/// The reports as CSV for a spreadsheet: UTF-8 with BOM (so Excel reads accents right), ';' between fields and a
/// decimal comma (what Dutch Excel expects), CRLF line ends, quoting as RFC 4180 with ';' as the separator, Dutch
/// headers. A suppressed row has empty number cells and "ja" in "Onderdrukt". One table per file.
/// </summary>
public static class AnalyticsCsv
{
    public const string ContentType = "text/csv; charset=utf-8";

    /// <summary>Table names for <c>?table=</c>, per report that has several.</summary>
    public static class Tables
    {
        public const string NoHits = "no-hits";
        public const string NotOpened = "not-opened";
        public const string Outdated = "outdated";
        public const string HighDropOff = "high-drop-off";
        public const string OpenFlags = "open-flags";

        public static IReadOnlyList<string> Search { get; } = [NoHits, NotOpened];
        public static IReadOnlyList<string> Health { get; } = [Outdated, NotOpened, HighDropOff, OpenFlags];
    }

    /// <summary>
    /// Why a request for a report cannot be answered in <paramref name="format"/> (null, json or csv) and
    /// <paramref name="table"/> (one of <paramref name="tables"/>, for a report with several), in Dutch; null when it can.
    /// </summary>
    public static string? FormatProblem(string? format, string? table, IReadOnlyList<string>? tables) =>
        format is not (null or "json" or "csv") ? "format is json of csv."
        : format == "csv" && tables is not null && table is not null && !tables.Contains(table) ? $"table is een van: {string.Join(", ", tables)}."
        : null;

    /// <summary>The download's name: the report and the period, e.g. <c>epss-gidsgebruik-2026-11-01-2026-11-30.csv</c>.</summary>
    public static string FileName(string report, AnalyticsFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return string.Create(CultureInfo.InvariantCulture, $"epss-{report}-{filter.From:yyyy-MM-dd}-{filter.To:yyyy-MM-dd}.csv");
    }

    private static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");
    private static readonly UTF8Encoding Utf8WithBom = new(encoderShouldEmitUTF8Identifier: true);

    public static byte[] GuideUse(GuideUseReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return Write(["Gids", "Titel", "Geopend", "Voltooid", "Afgebroken", "Voltooiingsgraad", "Mediaan seconden tot voltooid", "Gebruikers", "Onderdrukt"],
            report.Guides.Select(r => Row(r.GuideId, r.Title, r.Opened, r.Completed, r.Abandoned, r.CompletionRate, r.MedianSecondsToComplete, r.Users,
                Suppressed(r.Suppressed))));
    }

    public static byte[] UseOverTime(UseOverTimeReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return Write(["Week", "Van", "Tot en met", "Geopend", "Voltooid", "Gebruikers", "Onderdrukt"],
            report.Weeks.Select(r => Row(r.Week, r.From, r.To, r.Opened, r.Completed, r.Users, Suppressed(r.Suppressed))));
    }

    public static byte[] Funnel(FunnelReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return Write(["Positie", "Stap", "Titel", "Bereikt", "Hier gestopt", "Uitval", "Onderdrukt"],
            report.Steps.Select(r => Row(r.Position, r.StepId, r.Title, r.Reached, r.LeftHere, r.DropOffRate, Suppressed(r.Suppressed))));
    }

    public static byte[] Decisions(DecisionReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return Write(["Stap", "Titel van de stap", "Naar stap", "Naar gids", "Keuze", "Aantal", "Aandeel", "Onderdrukt"],
            report.Decisions.Select(r => Row(r.StepId, r.StepTitle, r.ToStepId, r.ToGuideId, r.Label, r.Count, r.Share, Suppressed(r.Suppressed))));
    }

    /// <summary><paramref name="table"/>: <see cref="Tables.NoHits"/> or <see cref="Tables.NotOpened"/>.</summary>
    public static byte[] Searches(SearchReport report, string table)
    {
        ArgumentNullException.ThrowIfNull(report);
        var rows = table switch
        {
            Tables.NoHits => report.NoHits,
            Tables.NotOpened => report.NotOpened,
            _ => throw UnknownTable(table, Tables.Search),
        };
        return Write(["Zoekvraag", "Aantal", "Gebruikers", "Laatst gezien", "Onderdrukt"],
            rows.Select(r => Row(r.Query, r.Count, r.Users, r.LastSeen, Suppressed(r.Suppressed))));
    }

    public static byte[] Flags(FlagReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return Write(["Gids", "Titel", "Stap", "Titel van de stap", "Open", "Beantwoord", "Gesloten", "Onderdrukt"],
            report.Flags.Select(r => Row(r.GuideId, r.Title, r.StepId, r.StepTitle, r.Open, r.Answered, r.Closed, Suppressed(r.Suppressed))));
    }

    public static byte[] TargetsMissing(TargetMissingReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return Write(["Gids", "Titel", "Stap", "Titel van de stap", "Selector", "Soort", "Aantal", "Gebruikers", "Laatst gezien", "Pagina's", "Onderdrukt"],
            report.Targets.Select(r => Row(r.GuideId, r.Title, r.StepId, r.StepTitle, r.Selector, r.TargetStatus, r.Count, r.Users, r.LastSeen,
                string.Join(' ', r.Pages), Suppressed(r.Suppressed))));
    }

    /// <summary>
    /// <paramref name="table"/>: one of <see cref="Tables.Health"/>. These name guides, not people, so they have no
    /// "Onderdrukt" column (guides whose drop-off would rest on too few users are not listed at all).
    /// </summary>
    public static byte[] Health(HealthReport report, string table)
    {
        ArgumentNullException.ThrowIfNull(report);
        return table switch
        {
            Tables.Outdated => Write(["Gids", "Titel", "Eigenaar", "Herzien voor"],
                report.Outdated.Select(r => Row(r.GuideId, r.Title, r.Owner, r.ReviewBy))),
            Tables.NotOpened => Write(["Gids", "Titel", "Eigenaar", "Laatst geopend"],
                report.NotOpened.Select(r => Row(r.GuideId, r.Title, r.Owner, r.LastOpened))),
            Tables.HighDropOff => Write(["Gids", "Titel", "Doorlopen", "Voltooiingsgraad"],
                report.HighDropOff.Select(r => Row(r.GuideId, r.Title, r.Runs, r.CompletionRate))),
            Tables.OpenFlags => Write(["Gids", "Titel", "Open meldingen", "Onderdrukt"],
                report.OpenFlags.Select(r => Row(r.GuideId, r.Title, r.Open, Suppressed(r.Suppressed)))),
            _ => throw UnknownTable(table, Tables.Health),
        };
    }

    /// <summary>The file's text without the BOM (for tests and previews).</summary>
    public static string Text(byte[] csv)
    {
        ArgumentNullException.ThrowIfNull(csv);
        var preamble = Utf8WithBom.Preamble.Length;
        return Encoding.UTF8.GetString(csv, preamble, csv.Length - preamble);
    }

    /// <summary>One field as written: numbers with a decimal comma, times in local time without offset (Excel reads them).</summary>
    public static string Field(object? value) => value switch
    {
        null => "",
        string s => Quote(Defuse(s)),
        double d => d.ToString("0.######", Dutch),
        long or int => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        _ => Quote(Defuse(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "")),
    };

    private static object?[] Row(params object?[] fields) => fields;

    private static string? Suppressed(bool suppressed) => suppressed ? "ja" : null;

    private static byte[] Write(IReadOnlyList<string> headers, IEnumerable<object?[]> rows)
    {
        var text = new StringBuilder();
        text.Append(string.Join(';', headers.Select(Field))).Append("\r\n");
        foreach (var row in rows)
        {
            text.Append(string.Join(';', row.Select(Field))).Append("\r\n");
        }
        return [.. Utf8WithBom.Preamble, .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(";\"\r\n") >= 0 || value.StartsWith(' ') || value.EndsWith(' ')
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;

    /// <summary>
    /// A typed search query may start with '=', '+', '-' or '@', which a spreadsheet would run as a formula: such text
    /// gets a leading apostrophe, so it is shown, never evaluated.
    /// </summary>
    private static string Defuse(string value) => value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;

    private static ArgumentException UnknownTable(string table, IReadOnlyList<string> known) =>
        new($"Onbekende tabel '{table}'. Kies uit: {string.Join(", ", known)}.", nameof(table));
}
