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
/// <param name="Origin">Where the update came from: what the folder held, a publish through <see cref="GuideLibrary.Publish"/>, or another server's change.</param>
public sealed record GuideLibraryChange(
    ImmutableArray<Guide> Upserted,
    ImmutableArray<string> Removed,
    bool SynonymsChanged,
    GuideLibrarySnapshot Snapshot,
    GuideChangeOrigin Origin = GuideChangeOrigin.Folder)
{
    public bool IsEmpty => Upserted.IsEmpty && Removed.IsEmpty && !SynonymsChanged;
}

/// <summary>
/// A text a guide file has just been read with: its path in the content folder, the version of these bytes, the id
/// its front matter names (when it could be read), the bytes, whether it has errors (then it is not served), and where
/// the text came from.
/// </summary>
public sealed record GuideFileText(string Path, string Version, string? GuideId, byte[] Bytes, bool HasErrors, GuideChangeOrigin Origin = GuideChangeOrigin.Folder);

/// <summary>
/// Where a text or a change of the library came from. Whoever follows the library decides by this what is theirs to
/// do: the history records texts found in the folder (a publish was recorded by the one who published it), the change
/// feed tells other servers what this one found or wrote (not what they told it).
/// </summary>
public enum GuideChangeOrigin
{
    /// <summary>Read from the folder by this process: the first load, the watcher, a rescan or a refresh.</summary>
    Folder,

    /// <summary>Written by <see cref="GuideLibrary.Publish"/>: the library applied its own write, nobody had to discover it.</summary>
    Publish,

    /// <summary>Read again because another server said it changed these files (the change feed with several servers).</summary>
    Remote,
}

/// <summary>A guide file as it is in the folder now: the version of its bytes and its text (without a byte-order mark).</summary>
public sealed record GuideFileContent(string Version, string Text);
