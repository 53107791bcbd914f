using Epss.Content;
using Microsoft.Extensions.Options;

namespace Epss.Server.Hosting;

/// <summary>
/// Makes <c>Epss:ContentPath</c> absolute. A relative path is taken from the working folder; when that does not
/// exist and the setting is the default, the content folder of the checkout the server was built from is used,
/// so that <c>dotnet run --project src/Epss.Server</c> works from any folder of the repository.
/// </summary>
internal sealed class ContentPathResolver : IPostConfigureOptions<ContentOptions>
{
    private const string DefaultContentPath = "content";

    public void PostConfigure(string? name, ContentOptions options)
    {
        if (Path.IsPathRooted(options.ContentPath))
        {
            return;
        }
        var fromWorkingFolder = Path.GetFullPath(options.ContentPath);
        if (Directory.Exists(fromWorkingFolder) || options.ContentPath != DefaultContentPath)
        {
            options.ContentPath = fromWorkingFolder;
            return;
        }
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, DefaultContentPath);
            if (File.Exists(Path.Combine(folder.FullName, "Epss.sln")) && Directory.Exists(candidate))
            {
                options.ContentPath = candidate;
                return;
            }
        }
        options.ContentPath = fromWorkingFolder;
    }
}
