using System.Diagnostics;
using System.Globalization;
using Epss.UsageGenerator;

// dotnet run --project tools/Epss.UsageGenerator -- --data DIR [--days 30] [--events N] [--seed S] [--end yyyy-MM-dd] [--content DIR]
var settings = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 0; i < args.Length; i++)
{
    if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
    {
        return Usage($"Onbekend of onvolledig argument: {args[i]}");
    }
    settings[args[i][2..]] = args[++i];
}
if (!settings.TryGetValue("data", out var data))
{
    return Usage("--data ontbreekt: de datamap waarin usage.db komt.");
}
var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");
var end = settings.TryGetValue("end", out var endText)
    ? DateOnly.ParseExact(endText, "yyyy-MM-dd", CultureInfo.InvariantCulture)
    : DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).DateTime);
var content = settings.GetValueOrDefault("content") ?? FindContent();
var guides = SampleGuides.Load(content);
if (guides.Count == 0)
{
    return Usage($"Geen gidsen gevonden in {content}; geef --content DIR.");
}
var generator = new UsageGenerator(new GeneratorSettings(
    end,
    Days: settings.TryGetValue("days", out var days) ? int.Parse(days, CultureInfo.InvariantCulture) : 30,
    Events: settings.TryGetValue("events", out var events) ? long.Parse(events, CultureInfo.InvariantCulture) : null,
    Seed: settings.TryGetValue("seed", out var seed) ? int.Parse(seed, CultureInfo.InvariantCulture) : 1), guides);

var stopwatch = Stopwatch.StartNew();
var written = await UsageDatabaseWriter.WriteAsync(data, generator.Generate(), () => generator.Flags, CancellationToken.None);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{written:N0} events and {generator.Flags.Count:N0} flags for {guides.Count} guides written to {Path.GetFullPath(data)} in {stopwatch.Elapsed.TotalSeconds:F1} s"));
return 0;

static int Usage(string problem)
{
    Console.Error.WriteLine(problem);
    Console.Error.WriteLine("Gebruik: --data DIR [--days 30] [--events N] [--seed 1] [--end yyyy-MM-dd] [--content DIR]");
    return 2;
}

static string FindContent()
{
    for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
    {
        var candidate = Path.Combine(dir.FullName, "content");
        if (File.Exists(Path.Combine(dir.FullName, "Epss.sln")) && Directory.Exists(candidate))
        {
            return candidate;
        }
    }
    return "content";
}
