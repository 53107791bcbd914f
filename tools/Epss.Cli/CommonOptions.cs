using System.CommandLine;
using Epss.Content;
using Epss.Content.Library;
using Epss.Content.Parsing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Epss.Cli;

/// <summary>Options and helpers that several commands share.</summary>
internal static class CommonOptions
{
    public static Option<DirectoryInfo> ContentOption() => new("--content", "-c")
    {
        Description = "De map met gidsen (standaard: content).",
        DefaultValueFactory = _ => new DirectoryInfo("content"),
    };

    /// <summary>Loads a content folder once, without watching it; null (and a message) when the folder does not exist.</summary>
    /// <param name="time">The clock review-by dates and sources are judged by (the system's unless a command says otherwise).</param>
    public static GuideLibrary? LoadLibrary(DirectoryInfo folder, TextWriter error, TimeProvider? time = null)
    {
        if (!folder.Exists)
        {
            error.WriteLine($"De map '{folder.FullName}' bestaat niet.");
            return null;
        }
        var library = new GuideLibrary(
            Options.Create(new ContentOptions { ContentPath = folder.FullName, WatchContent = false }),
            new GuideParser(new GuideParserOptions(), time ?? TimeProvider.System),
            NullLogger<GuideLibrary>.Instance);
        library.LoadAsync(CancellationToken.None).GetAwaiter().GetResult();
        return library;
    }
}
