using System.Collections.Immutable;
using Epss.Content.Model;

namespace Epss.Content.Parsing;

/// <summary>A value from the front matter with the place it was written (1-based file line and column).</summary>
public readonly record struct Located<T>(T Value, int Line, int Column);

/// <summary>The YAML front matter of a guide, as read; <see cref="FrontMatterReader"/> reports what is wrong with it.</summary>
public sealed record FrontMatter(
    Located<string>? Id,
    string? Title,
    string? Summary,
    ImmutableArray<string> Roles,
    ImmutableArray<string> Tags,
    ImmutableArray<string> Synonyms,
    GuideContext Context,
    string? Owner,
    DateOnly? ReviewBy,
    ImmutableArray<Located<string>> Related,
    ImmutableArray<Source> Sources)
{
    public static FrontMatter Empty { get; } = new(null, null, null, [], [], [], GuideContext.None, null, null, [], []);
}
