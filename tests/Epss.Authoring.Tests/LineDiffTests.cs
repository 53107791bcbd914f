
namespace Epss.Authoring.Tests;

public sealed class LineDiffTests
{
    [Fact]
    public void Compute_same_texts_gives_only_same_lines_numbered_in_both()
    {
        var diff = LineDiff.Compute("a\nb\nc\n", "a\nb\nc\n");

        Assert.Equal([DiffLine.Same, DiffLine.Same, DiffLine.Same], diff.Select(d => d.Kind));
        Assert.Equal([1, 2, 3], diff.Select(d => d.OldNumber!.Value));
        Assert.Equal([1, 2, 3], diff.Select(d => d.NewNumber!.Value));
    }

    [Fact]
    public void Compute_line_inserted_in_the_middle_is_one_added_line()
    {
        var diff = LineDiff.Compute("a\nb\nc", "a\nb\nnieuw\nc");

        Assert.Equal(
            [new DiffLine("same", "a", 1, 1), new DiffLine("same", "b", 2, 2), new DiffLine("added", "nieuw", null, 3), new DiffLine("same", "c", 3, 4)],
            diff);
    }

    [Fact]
    public void Compute_changed_line_is_removed_then_added()
    {
        var diff = LineDiff.Compute("a\noud\nc", "a\nnieuw\nc");

        Assert.Equal(
            [new DiffLine("same", "a", 1, 1), new DiffLine("removed", "oud", 2, null), new DiffLine("added", "nieuw", null, 2), new DiffLine("same", "c", 3, 3)],
            diff);
    }

    [Fact]
    public void Compute_from_or_to_empty_text_is_all_added_or_all_removed()
    {
        Assert.All(LineDiff.Compute("", "a\nb"), d => Assert.Equal(DiffLine.Added, d.Kind));
        Assert.All(LineDiff.Compute("a\nb", ""), d => Assert.Equal(DiffLine.Removed, d.Kind));
        Assert.Empty(LineDiff.Compute("", ""));
    }

    [Fact]
    public void Compute_line_endings_do_not_count_as_changes()
    {
        Assert.All(LineDiff.Compute("a\r\nb\r\n", "a\nb"), d => Assert.Equal(DiffLine.Same, d.Kind));
    }

    [Fact]
    public void Compute_classic_example_needs_the_shortest_edit_script()
    {
        // Myers' paper: ABCABBA -> CBABAC has an edit distance of 5 (LCS of 4).
        var diff = LineDiff.Compute(string.Join('\n', "ABCABBA".ToCharArray()), string.Join('\n', "CBABAC".ToCharArray()));

        Assert.Equal(4, diff.Count(d => d.Kind == DiffLine.Same));
        Assert.Equal(5, diff.Count(d => d.Kind != DiffLine.Same));
        AssertRebuilds("ABCABBA", "CBABAC", diff);
    }

    [Fact]
    public void Compute_random_texts_rebuild_both_sides_and_keep_a_longest_common_subsequence()
    {
        var random = new Random(20261201);
        for (var round = 0; round < 300; round++)
        {
            var a = new string([.. Enumerable.Range(0, random.Next(0, 25)).Select(_ => (char)('a' + random.Next(4)))]);
            var b = new string([.. Enumerable.Range(0, random.Next(0, 25)).Select(_ => (char)('a' + random.Next(4)))]);

            var diff = LineDiff.Compute(string.Join('\n', a.ToCharArray()), string.Join('\n', b.ToCharArray()));

            AssertRebuilds(a, b, diff);
            Assert.Equal(Lcs(a, b), diff.Count(d => d.Kind == DiffLine.Same));
        }
    }

    private static void AssertRebuilds(string a, string b, IReadOnlyList<DiffLine> diff)
    {
        Assert.Equal(a, string.Concat(diff.Where(d => d.Kind != DiffLine.Added).Select(d => d.Line)));
        Assert.Equal(b, string.Concat(diff.Where(d => d.Kind != DiffLine.Removed).Select(d => d.Line)));
        Assert.Equal(Enumerable.Range(1, a.Length), diff.Where(d => d.OldNumber is not null).Select(d => d.OldNumber!.Value));
        Assert.Equal(Enumerable.Range(1, b.Length), diff.Where(d => d.NewNumber is not null).Select(d => d.NewNumber!.Value));
    }

    private static int Lcs(string a, string b)
    {
        var table = new int[a.Length + 1, b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                table[i, j] = a[i - 1] == b[j - 1] ? table[i - 1, j - 1] + 1 : Math.Max(table[i - 1, j], table[i, j - 1]);
            }
        }
        return table[a.Length, b.Length];
    }
}
