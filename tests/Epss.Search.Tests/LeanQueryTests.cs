using Epss.Search.Indexing;
using Epss.Search.Querying;
using Epss.Search.Tests.Support;
using Epss.Testing;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using Microsoft.Extensions.Logging.Abstractions;

namespace Epss.Search.Tests;

/// <summary>
/// The queries that read through pooled enumerators must find and score exactly what Lucene's own TermQuery and
/// PhraseQuery find and score (to the bit: ranking ties are broken by these scores), on a real index of the sample
/// guides in several segments with deleted documents; and the pool must hand its enumerators out again.
/// </summary>
public sealed class LeanQueryTests : IAsyncLifetime
{
    private readonly TempContentFolder _content = new TempContentFolder().WithSampleContent();
    private readonly TempDataFolder _data = new();
    private readonly TestLog _log = new();
    private SearchSession? _session;
    private GuideIndex? _index;

    public async ValueTask InitializeAsync()
    {
        _session = await SearchSession.StartAsync(_content.Path, _data.Path, _log, inMemory: true);
        var guides = _session.Library.Current.Guides.Values.ToList();
        // A second version of some guides: their new documents go into a new segment, the old ones stay as deleted.
        _index = GuideIndex.Open(new SearchOptions { InMemoryIndex = true }, NullLogger.Instance);
        _index.Synchronize(guides);
        _index.Synchronize([.. guides.Select((g, i) => i % 3 == 0 ? g with { Version = g.Version + "-2" } : g)]);
    }

    [Fact]
    public void The_index_has_several_segments_and_deleted_documents() =>
        _index!.Search((GuideSearcher s) =>
        {
            Assert.True(s.IndexReader.Leaves.Count > 1);
            Assert.True(s.IndexReader.NumDeletedDocs > 0);
            return 0;
        });

    [Fact]
    public void FieldTermQuery_finds_and_scores_as_TermQuery_in_every_field() =>
        Searching((searcher, postings) =>
        {
            var compared = 0;
            for (var i = 0; i < searcher.Stems.Count; i += 3)
            {
                var stem = searcher.Stems[i];
                foreach (var (field, boost) in IndexFields.Weighted)
                {
                    var expected = Scores(searcher, new TermQuery(new Term(field, stem)) { Boost = boost * 0.85f });
                    var actual = Scores(searcher, new FieldTermQuery(field, new BytesRef(stem), postings) { Boost = boost * 0.85f });
                    Assert.Equal(expected, actual);
                    compared += expected.Count;
                }
            }
            Assert.True(compared > 500, $"only {compared} matches compared");
        });

    [Fact]
    public void FieldPhraseQuery_finds_and_scores_as_a_sloppy_PhraseQuery_in_every_field()
    {
        // Phrases as they stand in the guides, the same words the other way round and one word apart, and the synonym list's.
        var texts = _session!.Library.Current.Guides.Values.SelectMany(g => g.Steps.Select(s => s.Title + "\n" + s.Text)).Take(40);
        var phrases = new List<string[]>();
        foreach (var stems in texts.Select(t => TextTokens.Of(t).Stems))
        {
            for (var i = 0; i + 3 < stems.Length; i += 4)
            {
                phrases.Add([stems[i], stems[i + 1]]);
                phrases.Add([stems[i + 1], stems[i]]);
                phrases.Add([stems[i], stems[i + 2]]);
                phrases.Add([stems[i], stems[i + 1], stems[i + 2]]);
            }
        }
        Searching((searcher, postings) =>
        {
            var compared = 0;
            foreach (var phrase in phrases.Where(p => p.Distinct().Count() == p.Length))
            {
                foreach (var (field, boost) in IndexFields.Weighted)
                {
                    var lucene = new PhraseQuery { Slop = 1, Boost = boost * 0.8f };
                    foreach (var stem in phrase)
                    {
                        lucene.Add(new Term(field, stem));
                    }
                    var lean = FieldPhraseQuery.For(field, [.. phrase.Select(s => new BytesRef(s))], 1, postings);
                    lean.Boost = boost * 0.8f;
                    Assert.IsType<FieldPhraseQuery>(lean);
                    var expected = Scores(searcher, lucene);
                    Assert.Equal(expected, Scores(searcher, lean));
                    compared += expected.Count;
                }
            }
            Assert.True(compared > 200, $"only {compared} matches compared");
        });
    }

    [Fact]
    public void FieldPhraseQuery_leaves_a_phrase_with_a_repeated_word_to_PhraseQuery() =>
        Searching((_, postings) =>
            Assert.IsType<PhraseQuery>(FieldPhraseQuery.For(IndexFields.Body, [new BytesRef("over"), new BytesRef("over")], 1, postings)));

    [Fact]
    public void PostingsPool_hands_the_same_enumerators_out_again_after_a_lease_and_keeps_those_of_segments_a_new_reader_shares()
    {
        var stem = _index!.Search((GuideSearcher s) => s.Stems[s.Stems.Count / 2]);
        var (terms, postings, segmentCore) = _index.Search((GuideSearcher s) =>
        {
            var segment = s.IndexReader.Leaves[0];
            using var pool = PostingsPool.Rent(s.IndexReader);
            var termsEnum = pool.Terms(segment, IndexFields.Body)!;
            Assert.True(termsEnum.SeekExact(new BytesRef(stem)));
            return (termsEnum, pool.Postings(segment, termsEnum, null), segment.AtomicReader.CoreCacheKey);
        });

        _index.Search((GuideSearcher s) =>
        {
            var segment = s.IndexReader.Leaves[0];
            using var pool = PostingsPool.Rent(s.IndexReader);
            var again = pool.Terms(segment, IndexFields.Body)!;
            Assert.Same(terms, again);
            Assert.True(again.SeekExact(new BytesRef(stem)));
            var reused = pool.Postings(segment, again, null);
            Assert.Same(postings, reused);
            // Within one lease every term gets an enumerator of its own.
            Assert.NotSame(reused, pool.Postings(segment, again, null));
            return 0;
        });

        // A new reader (a guide saved) keeps the first segment: its enumerators are kept too.
        var guide = _session!.Library.Current.Guides.Values.First();
        _index.Synchronize([.. _session.Library.Current.Guides.Values.Select(g => g.Id == guide.Id ? g with { Version = g.Version + "-3" } : g)]);
        _index.Search((GuideSearcher s) =>
        {
            var segment = s.IndexReader.Leaves.Single(l => ReferenceEquals(l.AtomicReader.CoreCacheKey, segmentCore));
            using var pool = PostingsPool.Rent(s.IndexReader);
            Assert.Same(terms, pool.Terms(segment, IndexFields.Body));
            return 0;
        });
    }

    [Fact]
    public void SegmentDocuments_give_each_document_its_guide_ordinal_and_kind_as_the_doc_values_do() =>
        Searching((searcher, _) =>
        {
            foreach (var segment in searcher.IndexReader.Leaves)
            {
                var documents = searcher.DocumentsOf(segment);
                var ids = segment.AtomicReader.GetSortedDocValues(IndexFields.Guide);
                var kinds = segment.AtomicReader.GetNumericDocValues(IndexFields.IsStep);
                for (var doc = 0; doc < segment.AtomicReader.MaxDoc; doc++)
                {
                    Assert.Equal(ids.GetOrd(doc), documents.Ordinal(doc));
                    Assert.Equal(kinds.Get(doc) == 1, documents.IsStep(doc));
                }
                Assert.Contains(Enumerable.Range(0, segment.AtomicReader.MaxDoc), documents.IsStep);
                Assert.Contains(Enumerable.Range(0, segment.AtomicReader.MaxDoc), d => !documents.IsStep(d));
            }
        });

    public ValueTask DisposeAsync()
    {
        _index?.Dispose();
        _session?.Dispose();
        _data.Dispose();
        _content.Dispose();
        _log.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Searching(Action<GuideSearcher, PostingsPool> test) => _index!.Search((GuideSearcher searcher) =>
    {
        using var postings = PostingsPool.Rent(searcher.IndexReader);
        test(searcher, postings);
        return 0;
    });

    /// <summary>Every matching document with its score, in document order (the whole index, segment by segment).</summary>
    private static List<(int Doc, float Score)> Scores(IndexSearcher searcher, Query query)
    {
        var collector = new AllScores();
        searcher.Search(query, collector);
        return collector.Scores;
    }

    private sealed class AllScores : ICollector
    {
        private Scorer? _scorer;
        private int _base;

        public List<(int Doc, float Score)> Scores { get; } = [];

        public bool AcceptsDocsOutOfOrder => false;

        public void SetScorer(Scorer scorer) => _scorer = scorer;

        public void SetNextReader(AtomicReaderContext context) => _base = context.DocBase;

        public void Collect(int doc) => Scores.Add((_base + doc, _scorer!.GetScore()));
    }
}
