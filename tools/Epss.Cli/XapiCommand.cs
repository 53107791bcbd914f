using System.CommandLine;
using System.Globalization;
using Epss.Usage;
using Epss.Xapi;

namespace Epss.Cli;

/// <summary>
/// <c>xapi export</c>: the usage events of a period as a JSON file of xAPI 1.0.3 statements, read from the usage
/// database in a server's data folder (also while the server runs). Officials appear only as their pseudonym.
/// </summary>
internal static class XapiCommand
{
    /// <summary>The server's default address: the accounts' home page when --home-page is not given.</summary>
    public const string DefaultHomePage = "http://localhost:5080";

    public static Command Create() => new("xapi", "Exporteer gebruiksgegevens als xAPI-statements (voor een Learning Record Store).")
    {
        Export(),
    };

    private static Command Export()
    {
        var data = new Option<DirectoryInfo>("--data", "-d")
        {
            Description = "De datamap van de server (Epss:DataPath); de gebeurtenissen staan in usage.db daarin.",
            Required = true,
        };
        var from = new Option<string>("--from") { Description = "De eerste dag, jjjj-mm-dd (telt mee).", Required = true };
        var to = new Option<string>("--to") { Description = "De laatste dag, jjjj-mm-dd (telt mee).", Required = true };
        var output = new Option<FileInfo>("--out", "-o") { Description = "Het JSON-bestand dat wordt geschreven (een array van statements).", Required = true };
        var homePage = new Option<string?>("--home-page")
        {
            Description = $"Het openbare adres van de server (Epss:Xapi:HomePage), zoals https://epss.gemeente.example (standaard {DefaultHomePage}).",
        };
        var content = new Option<DirectoryInfo?>("--content", "-c")
        {
            Description = "De map met gidsen: geeft gidsen en stappen hun titel in de statements (zonder: geen titels).",
        };
        var timeZone = new Option<string>("--time-zone")
        {
            Description = "De tijdzone van de dagen (Epss:Analytics:TimeZone van de server, standaard Europe/Amsterdam).",
            DefaultValueFactory = _ => "Europe/Amsterdam",
        };
        var command = new Command("export", "Schrijf de gebeurtenissen van een periode als JSON-array van xAPI 1.0.3-statements.")
        {
            data, from, to, output, homePage, content, timeZone,
        };
        command.SetAction(async (parse, ct) =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (!XapiExport.TryParseDay(parse.GetValue(from), out var first) || !XapiExport.TryParseDay(parse.GetValue(to), out var last))
            {
                error.WriteLine("Geef --from en --to als datum in de vorm jjjj-mm-dd, bijvoorbeeld --from 2026-11-01 --to 2026-11-30.");
                return EpssCommandLine.UsageError;
            }
            if (last < first)
            {
                error.WriteLine("--to ligt vóór --from. Beide dagen tellen mee; voor één dag geef je twee keer dezelfde datum.");
                return EpssCommandLine.UsageError;
            }
            var home = parse.GetValue(homePage) ?? DefaultHomePage;
            if (XapiOptions.NormalizeHomePage(home) is null)
            {
                error.WriteLine("--home-page is het openbare adres van de server, zoals https://epss.gemeente.example (http of https, zonder ? of #).");
                return EpssCommandLine.UsageError;
            }
            if (!TryFindZone(parse.GetValue(timeZone), out var zone))
            {
                error.WriteLine($"De tijdzone '{parse.GetValue(timeZone)}' is onbekend. Geef een IANA-naam, zoals Europe/Amsterdam.");
                return EpssCommandLine.UsageError;
            }
            var options = new UsageOptions { DataPath = parse.GetValue(data)!.FullName };
            if (!File.Exists(options.DatabasePath))
            {
                // Opening would create an empty database: a mistyped folder must not look like a period without events.
                error.WriteLine($"Er is geen gebruiksdatabase {options.DatabaseFileName} in '{options.DataPath}'. Is dit de datamap van de server (Epss:DataPath)?");
                return EpssCommandLine.UsageError;
            }
            Epss.Content.Library.GuideLibrary? library = null;
            if (parse.GetValue(content) is { } folder && (library = CommonOptions.LoadLibrary(folder, error)) is null)
            {
                return EpssCommandLine.UsageError;
            }
            using (library)
            {
                var (start, end) = XapiExport.DayRange(first, last, zone);
                var target = parse.GetValue(output)!;
                var temporary = target.FullName + ".tmp";
                try
                {
                    using var store = await UsageStore.OpenAsync(options, null, ct);
                    // The server's rule for typed text (the analyses' default threshold): a rare query leaves as a marker.
                    var freeText = await XapiFreeText.ReadAsync(store, new Epss.Usage.Analytics.AnalyticsOptions().MinimumGroupSize, ct);
                    var factory = new XapiStatementFactory(home, library is null ? null : Titles(library), freeText);
                    long count;
                    await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
                    {
                        count = await XapiExport.WriteAsync(store, factory, start, end, stream, ct);
                    }
                    // Renamed only when complete: a file at --out is always a whole export.
                    File.Move(temporary, target.FullName, overwrite: true);
                    // Like the server's export, an administrator's action in the audit log (beside the data).
                    using (var audit = AuditCommand.Open(options.DataPath))
                    {
                        await audit.RecordAsync(new Epss.Audit.AuditEntry(Epss.Audit.AuditActions.Exported, null, AuditCommand.Operator, null,
                            string.Create(CultureInfo.InvariantCulture, $"xAPI {first:yyyy-MM-dd} t/m {last:yyyy-MM-dd}"),
                            string.Create(CultureInfo.InvariantCulture, $"{count} statements naar {target.Name}")), CancellationToken.None);
                    }
                    stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{count} statements van {first:yyyy-MM-dd} tot en met {last:yyyy-MM-dd} geschreven naar {target.FullName}."));
                    return EpssCommandLine.Success;
                }
                catch (Exception e) when (e is InvalidOperationException or Microsoft.Data.Sqlite.SqliteException or IOException or UnauthorizedAccessException)
                {
                    File.Delete(temporary);
                    error.WriteLine($"De export is niet gelukt: {e.Message}");
                    return EpssCommandLine.UsageError;
                }
            }
        });
        return command;
    }

    private static XapiTitleLookup Titles(Epss.Content.Library.GuideLibrary library) =>
        (guideId, stepId) => library.Current.Find(guideId) is not { } guide
            ? null
            : stepId is null ? guide.Title : guide.Steps.FirstOrDefault(s => s.Id == stepId)?.Title;

    private static bool TryFindZone(string? id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id ?? "");
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }
}
