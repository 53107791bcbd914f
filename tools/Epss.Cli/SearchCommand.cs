using System.CommandLine;
using System.Net;
using Epss.Search;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Epss.Cli;

/// <summary><c>search "query"</c>: the ranked hits as the panel would get them, with the best step and a snippet.</summary>
internal static class SearchCommand
{
    public static Command Create()
    {
        var query = new Argument<string>("zoekvraag") { Description = "Wat je zoekt, zoals een baliemedewerker het typt." };
        var content = CommonOptions.ContentOption();
        var limit = new Option<int>("--limit", "-n") { Description = "Hoeveel treffers (1–50).", DefaultValueFactory = _ => 10 };
        var url = new Option<string?>("--url") { Description = "Adres van de pagina waarop de medewerker zit (gidsen die erbij passen komen hoger)." };
        var title = new Option<string?>("--title") { Description = "Titel van die pagina." };
        var app = new Option<string?>("--app") { Description = "Naam van de applicatie." };
        var data = new Option<DirectoryInfo?>("--data")
        {
            Description = "Gebruik (en werk bij) de zoekindex in deze datamap in plaats van een tijdelijke index in het geheugen.",
        };
        var command = new Command("search", "Zoek in de gidsen en toon de treffers op volgorde.")
        {
            query, content, limit, url, title, app, data,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var text = parse.GetValue(query) ?? string.Empty;
            var count = parse.GetValue(limit);
            if (string.IsNullOrWhiteSpace(text) || text.Length > SearchRequest.MaximumQueryLength || count is < 1 or > SearchRequest.MaximumLimit)
            {
                error.WriteLine($"Geef een zoekvraag van 1 tot {SearchRequest.MaximumQueryLength} tekens en een --limit van 1 tot {SearchRequest.MaximumLimit}.");
                return EpssCommandLine.UsageError;
            }
            using var library = CommonOptions.LoadLibrary(parse.GetValue(content)!, error);
            if (library is null)
            {
                return EpssCommandLine.UsageError;
            }
            var dataFolder = parse.GetValue(data);
            var options = new SearchOptions { InMemoryIndex = dataFolder is null, DataPath = dataFolder?.FullName ?? SearchOptions.DefaultDataPath() };
            using var search = new GuideSearch(Options.Create(options), library, NullLogger<GuideSearch>.Instance);
            search.InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();

            var context = new PageContext(parse.GetValue(url), parse.GetValue(title), parse.GetValue(app));
            var result = search.Search(new SearchRequest(text, count, context.IsEmpty ? null : context));
            if (result.Total == 0)
            {
                output.WriteLine($"Niets gevonden voor \"{result.Query}\".");
                return EpssCommandLine.Success;
            }
            output.WriteLine($"{result.Total} gidsen voor \"{result.Query}\":");
            var rank = 0;
            foreach (var hit in result.Hits)
            {
                output.WriteLine();
                output.WriteLine($"{++rank,2}. {hit.Title}  [{hit.Id}{(hit.StepId is null ? "" : "#" + hit.StepId)}]  score {hit.Score:0.00}");
                if (hit.StepTitle is not null)
                {
                    output.WriteLine($"    stap: {hit.StepTitle}");
                }
                output.WriteLine($"    {Plain(hit.Snippet)}");
            }
            return EpssCommandLine.Success;
        });
        return command;
    }

    /// <summary>The snippet for a terminal: marked words between asterisks, entities decoded.</summary>
    private static string Plain(string snippet) =>
        WebUtility.HtmlDecode(snippet.Replace("<mark>", "*", StringComparison.Ordinal).Replace("</mark>", "*", StringComparison.Ordinal));
}
