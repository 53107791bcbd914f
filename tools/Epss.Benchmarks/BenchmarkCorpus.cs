using Epss.Content;
using Epss.Content.Library;
using Epss.Content.Parsing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Epss.Benchmarks;

/// <summary>
/// The content the measurements run on: the sample guides of the checkout plus generated guides of realistic
/// size, written once per process into a temporary folder.
/// </summary>
public static class BenchmarkCorpus
{
    public const int GeneratedGuides = 1000;

    private static readonly Lazy<string> Folder = new(Create);

    public static string ContentPath => Folder.Value;

    public static string SampleContentPath
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Epss.sln")))
                {
                    return Path.Combine(dir.FullName, "content");
                }
            }
            throw new InvalidOperationException("Run the benchmarks from the Epss checkout: Epss.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static IReadOnlyList<string> Vocabulary { get; } = GuideGenerator.VocabularyOf(SampleContentPath);

    public static GuideLibrary LoadLibrary(string? contentPath = null, bool watch = false)
    {
        var library = new GuideLibrary(
            Options.Create(new ContentOptions { ContentPath = contentPath ?? ContentPath, WatchContent = watch }),
            new GuideParser(),
            NullLogger<GuideLibrary>.Instance);
        library.LoadAsync(CancellationToken.None).GetAwaiter().GetResult();
        return library;
    }

    private static readonly System.Collections.Concurrent.ConcurrentBag<string> TempFolders = [];

    static BenchmarkCorpus() => AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteTempFolders();

    /// <summary>A temporary folder, removed when the process ends (BenchmarkDotNet runs each benchmark in a process of its own).</summary>
    public static string NewTempFolder(string name)
    {
        var folder = Directory.CreateTempSubdirectory($"epss-bench-{name}-").FullName;
        TempFolders.Add(folder);
        return folder;
    }

    public static void DeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Still in use; the process exit or the OS cleans it up.
        }
    }

    private static void DeleteTempFolders()
    {
        foreach (var folder in TempFolders)
        {
            if (Directory.Exists(folder))
            {
                DeleteFolder(folder);
            }
        }
    }

    private static string Create()
    {
        var folder = NewTempFolder("content");
        foreach (var file in Directory.EnumerateFiles(SampleContentPath))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }
        new GuideGenerator(Vocabulary).WriteGuides(folder, GeneratedGuides);
        return folder;
    }
}
