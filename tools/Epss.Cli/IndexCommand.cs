using System.CommandLine;
using Epss.Search;
using Microsoft.Extensions.Logging.Abstractions;

namespace Epss.Cli;

/// <summary>
/// <c>index</c>: builds or brings up to date the search index in a data folder offline, so that a server started on
/// that folder is ready at once. Only guides whose version changed are re-indexed, unless <c>--rebuild</c>.
/// </summary>
internal static class IndexCommand
{
    public static Command Create()
    {
        var content = CommonOptions.ContentOption();
        var data = new Option<DirectoryInfo>("--data", "-d")
        {
            Description = "De datamap van de server (Epss:DataPath); de index komt in de submap 'index'.",
            Required = true,
        };
        var rebuild = new Option<bool>("--rebuild") { Description = "Bouw de index helemaal opnieuw op." };
        var command = new Command("index", "Bouw of werk de zoekindex bij in een datamap, zonder server.")
        {
            content, data, rebuild,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            using var library = CommonOptions.LoadLibrary(parse.GetValue(content)!, error);
            if (library is null)
            {
                return EpssCommandLine.UsageError;
            }
            var options = new SearchOptions { DataPath = parse.GetValue(data)!.FullName };
            try
            {
                using var index = Epss.Search.Indexing.GuideIndex.Open(options, NullLogger.Instance);
                var result = index.Synchronize([.. library.Current.Guides.Values], parse.GetValue(rebuild));
                output.WriteLine(
                    $"Index in {index.Location}: {result.GuideCount} {(result.GuideCount == 1 ? "gids" : "gidsen")}, {result.Updated} bijgewerkt, {result.Removed} verwijderd ({result.Elapsed.TotalMilliseconds:0} ms).");
            }
            catch (InvalidOperationException e)
            {
                error.WriteLine(e.Message);
                return EpssCommandLine.UsageError;
            }
            var errors = library.Current.ErrorCount;
            if (errors > 0)
            {
                error.WriteLine($"{errors} {(errors == 1 ? "fout" : "fouten")} in de gidsen; zie 'epss lint'. Gidsen die niet getoond worden, staan ook niet in de index.");
                return EpssCommandLine.ContentErrors;
            }
            return EpssCommandLine.Success;
        });
        return command;
    }
}
