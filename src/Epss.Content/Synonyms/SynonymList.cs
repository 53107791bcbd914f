using System.Collections.Immutable;
using Epss.Content.Diagnostics;
using Epss.Content.Text;

namespace Epss.Content.Synonyms;

/// <summary>
/// The shared synonym list (<c>synoniemen.txt</c> in the content folder): groups of words and short phrases
/// that front-desk staff use for the same thing. Search treats the members of a group as equivalent.
/// </summary>
public sealed record SynonymList(ImmutableArray<ImmutableArray<string>> Groups)
{
    public const string FileName = "synoniemen.txt";

    public static SynonymList Empty { get; } = new([]);

    /// <summary>
    /// One group per line, members separated by commas; <c>#</c> starts a comment. Members are compared
    /// folded (lowercase, without diacritics).
    /// </summary>
    public static (SynonymList List, ImmutableArray<ContentDiagnostic> Diagnostics) Parse(string file, string text)
    {
        var diagnostics = new DiagnosticBag(file);
        var groups = ImmutableArray.CreateBuilder<ImmutableArray<string>>();
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var comment = line.IndexOf('#', StringComparison.Ordinal);
            if (comment >= 0)
            {
                line = line[..comment];
            }
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            var members = line.Split(',').Select(m => string.Join(' ', Slug.Fold(m).Split(' ', StringSplitOptions.RemoveEmptyEntries))).ToList();
            if (members.Any(m => m.Length == 0))
            {
                diagnostics.Warning(DiagnosticCodes.SynonymLineInvalid, i + 1, 1, "Lege term in de synoniemenregel (twee komma's achter elkaar?).");
            }
            var distinct = members.Where(m => m.Length > 0).Distinct(StringComparer.Ordinal).ToImmutableArray();
            if (distinct.Length < 2)
            {
                diagnostics.Warning(DiagnosticCodes.SynonymLineInvalid, i + 1, 1,
                    "Een synoniemenregel heeft ten minste twee termen nodig, gescheiden door komma's, zoals: paspoort, reispas.");
                continue;
            }
            groups.Add(distinct);
        }
        return (new SynonymList(groups.ToImmutable()), diagnostics.ToImmutable());
    }
}
