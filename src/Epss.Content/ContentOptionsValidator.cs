using Microsoft.Extensions.Options;

namespace Epss.Content;

/// <summary>Refuses to start on a content folder that does not exist, rather than serve nothing without a word.</summary>
internal sealed class ContentOptionsValidator : IValidateOptions<ContentOptions>
{
    public ValidateOptionsResult Validate(string? name, ContentOptions options)
    {
        var path = Path.GetFullPath(options.ContentPath);
        return Directory.Exists(path)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"De map met gidsen bestaat niet: {path}. Zet Epss:ContentPath op de map met de .md-bestanden.");
    }
}
