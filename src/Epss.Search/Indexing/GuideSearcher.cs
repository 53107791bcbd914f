using Epss.Content.Library;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Epss.Search.Indexing;

/// <summary>
/// A searcher that knows which library snapshot its index reader holds, and the reader's dictionaries of words:
/// everything a search plans with belongs to the same moment of the index.
/// </summary>
internal sealed class GuideSearcher(IndexReader reader, GuideLibrarySnapshot guides) : IndexSearcher(reader)
{
    public GuideLibrarySnapshot Guides { get; set; } = guides;

    /// <summary>Every stem the guides contain (<see cref="IndexFields.All"/>).</summary>
    public TermDictionary Stems { get; } = TermDictionary.Read(reader, IndexFields.All);

    /// <summary>Every word as written in the guides (<see cref="IndexFields.Words"/>).</summary>
    public TermDictionary Words { get; } = TermDictionary.Read(reader, IndexFields.Words);
}
