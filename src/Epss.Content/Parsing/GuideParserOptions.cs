namespace Epss.Content.Parsing;

public sealed record GuideParserOptions
{
    /// <summary>A guide file larger than this is refused; a real guide is a few kilobytes.</summary>
    public int MaximumFileBytes { get; init; } = 1024 * 1024;

    /// <summary>The audiences a guide's <c>roles</c> may name; others are reported.</summary>
    public IReadOnlySet<string> KnownRoles { get; init; } = new HashSet<string>(StringComparer.Ordinal) { "baliemedewerker", "backoffice" };
}
