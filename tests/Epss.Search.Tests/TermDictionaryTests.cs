using Epss.Search.Indexing;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Store;

namespace Epss.Search.Tests;

/// <summary>
/// The dictionary that query words are looked up in, completed from and corrected against, on a real Lucene index:
/// it must choose what Lucene's prefix scan and <c>FuzzyQuery</c> chose before it.
/// </summary>
public sealed class TermDictionaryTests
{
    [Theory]
    [InlineData("paspoort", "paspoort", 0)]
    [InlineData("paspoort", "paspoot", 1)] // a letter left out
    [InlineData("paspoort", "paspoortt", 1)] // a letter too many
    [InlineData("paspoort", "paspoart", 1)] // a wrong letter
    [InlineData("kwijt", "kwjit", 1)] // two neighbours swapped: one edit, as in FuzzyQuery with transpositions
    [InlineData("paspoort", "pasopotr", 2)]
    [InlineData("paspoort", "rijbewijs", 4)] // more than the bound: bound + 1
    [InlineData("", "ab", 2)]
    [InlineData("ab", "", 2)]
    [InlineData("abc", "ca", 3)] // optimal string alignment: a transposed pair is not edited again
    public void EditDistance_counts_insertions_deletions_substitutions_and_neighbour_swaps(string a, string b, int expected)
    {
        Assert.Equal(expected, EditDistance.Bounded(a, b, bound: 3));
        Assert.Equal(expected, EditDistance.Bounded(b, a, bound: 3));
    }

    [Fact]
    public void EditDistance_gives_bound_plus_one_as_soon_as_the_bound_is_passed()
    {
        Assert.Equal(2, EditDistance.Bounded("vingerafdrukken", "paspoort", 1));
        Assert.Equal(1, EditDistance.Bounded("kwijt", "kwjit", 1));
        Assert.Equal(2, EditDistance.Bounded("pasfoto", "pasfotoos", 1));
    }

    [Fact]
    public void Read_gives_every_term_once_with_the_documents_it_is_in_across_segments()
    {
        var dictionary = Build(["paspoort aanvraag", "paspoort kwijt"], ["paspoort paspoort", "rijbewijs"]);

        Assert.Equal(4, dictionary.Count);
        Assert.Equal(3, dictionary.DocFreq("paspoort"));
        Assert.Equal(1, dictionary.DocFreq("kwijt"));
        Assert.Equal(0, dictionary.DocFreq("pas"));
        Assert.Equal(0, dictionary.DocFreq("zzz"));
    }

    [Fact]
    public void Completions_are_the_most_frequent_then_the_shortest_then_in_term_order_and_leave_out_the_word_itself()
    {
        var dictionary = Build(["paspoort pasfoto paspoortfoto", "paspoort pasfoto pas", "paspoort passen", "pasje"]);
        Span<int> best = stackalloc int[3];

        var count = dictionary.Completions("pas", except: "pas", scanLimit: 100, best);

        // paspoort (3 documents), pasfoto (2), then of the words in one document the shortest: pasje before passen.
        Assert.Equal(["paspoort", "pasfoto", "pasje"], Terms(dictionary, best[..count]));
        Assert.Equal(0, dictionary.Completions("xyz", null, 100, best));
    }

    [Fact]
    public void Completions_look_at_no_more_terms_than_the_scan_limit()
    {
        var dictionary = Build(["pasa pasb pasc pasd", "pasd"]);
        Span<int> best = stackalloc int[4];

        var count = dictionary.Completions("pas", null, scanLimit: 2, best);

        Assert.Equal(["pasa", "pasb"], Terms(dictionary, best[..count]));
    }

    [Fact]
    public void Nearest_are_the_most_similar_within_the_edits_in_term_order_and_their_similarity_as_FuzzyQuery_gives_it()
    {
        var dictionary = Build(["paspoort paspoorten pasfoto", "kwijt kwijtraken", "vingerafdrukken"]);
        Span<(int Index, float Similarity)> best = stackalloc (int, float)[6];

        var count = dictionary.Nearest("paspoot", 2, best);

        // paspoort: 1 edit, 1 - 1/7; paspoorten: 3 edits, too far; pasfoto: 2 edits, 1 - 2/7.
        Assert.Equal([("pasfoto", 1 - (2f / 7)), ("paspoort", 1 - (1f / 7))], Nearest(dictionary, best[..count]));
        Assert.Equal([("kwijt", 1 - (1f / 5))], Nearest(dictionary, best[..dictionary.Nearest("kwjit", 1, best)]));
        Assert.Empty(Nearest(dictionary, best[..dictionary.Nearest("paspoortje", 1, best)]));
    }

    [Fact]
    public void Nearest_keeps_the_most_similar_when_more_are_near()
    {
        var dictionary = Build(["kaat kaas kaak kaal kaan kaap kaar kast"]);
        Span<(int Index, float Similarity)> best = stackalloc (int, float)[3];

        var count = dictionary.Nearest("kaas", 1, best);

        // kaas itself (similarity 1) first, then the nearest in term order.
        Assert.Equal(["kaak", "kaal", "kaas"], Nearest(dictionary, best[..count]).Select(n => n.Term));
    }

    private static TermDictionary Build(params string[][] segments)
    {
        using var directory = new RAMDirectory();
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(Analysis.GuideAnalyzer.Version, new WhitespaceAnalyzer(Analysis.GuideAnalyzer.Version))))
        {
            foreach (var segment in segments)
            {
                foreach (var text in segment)
                {
                    writer.AddDocument([new TextField(IndexFields.All, text, Field.Store.NO)]);
                }
                writer.Commit();
            }
        }
        using var reader = DirectoryReader.Open(directory);
        Assert.Equal(segments.Length, reader.Leaves.Count);
        return TermDictionary.Read(reader, IndexFields.All);
    }

    private static string[] Terms(TermDictionary dictionary, ReadOnlySpan<int> indexes)
    {
        var terms = new string[indexes.Length];
        for (var i = 0; i < indexes.Length; i++)
        {
            terms[i] = dictionary[indexes[i]];
        }
        return terms;
    }

    private static (string Term, float Similarity)[] Nearest(TermDictionary dictionary, ReadOnlySpan<(int Index, float Similarity)> nearest)
    {
        var terms = new (string, float)[nearest.Length];
        for (var i = 0; i < nearest.Length; i++)
        {
            terms[i] = (dictionary[nearest[i].Index], nearest[i].Similarity);
        }
        return terms;
    }
}
