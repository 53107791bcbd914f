using System.Collections.Frozen;
using System.Collections.Immutable;
using Epss.Content.Diagnostics;
using Epss.Content.Model;
using Epss.Content.Synonyms;

namespace Epss.Content.Library;

/// <summary>
/// The library at one moment: the guides that are served, every current problem, and the shared synonym list.
/// Immutable; a change produces a new snapshot.
/// </summary>
public sealed record GuideLibrarySnapshot(
    ImmutableSortedDictionary<string, Guide> Guides,
    ImmutableArray<ContentDiagnostic> Diagnostics,
    SynonymList Synonyms,
    long Generation)
{
    public static GuideLibrarySnapshot Empty { get; } =
        new(ImmutableSortedDictionary.Create<string, Guide>(StringComparer.Ordinal), [], SynonymList.Empty, 0);

    // Lookups by id happen for every search hit; the sorted dictionary is for listing in order.
    private readonly FrozenDictionary<string, Guide> _byId = Guides.ToFrozenDictionary(StringComparer.Ordinal);

    public Guide? Find(string id) => _byId.GetValueOrDefault(id);

    public int ErrorCount => Diagnostics.Count(d => d.IsError);

    public int WarningCount => Diagnostics.Length - ErrorCount;
}

/// <summary>
/// What one update of the library changed in what is served: guides added or changed, guides no longer served.
/// </summary>
public sealed record GuideLibraryChange(
    ImmutableArray<Guide> Upserted,
    ImmutableArray<string> Removed,
    bool SynonymsChanged,
    GuideLibrarySnapshot Snapshot)
{
    public bool IsEmpty => Upserted.IsEmpty && Removed.IsEmpty && !SynonymsChanged;
}

/// <summary>
/// A text a guide file has just been read with: its path in the content folder, the version of these bytes, the id
/// its front matter names (when it could be read), the bytes, and whether it has errors (then it is not served).
/// </summary>
public sealed record GuideFileText(string Path, string Version, string? GuideId, byte[] Bytes, bool HasErrors);
