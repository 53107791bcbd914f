using System.Net;
using System.Text.RegularExpressions;
using Epss.Content.Model;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Util;

namespace Epss.Search.Indexing;

/// <summary>
/// Turns a guide into its index documents: the guide document (title, synonyms, tags, summary, intro) first,
/// then one document per step (step title and text). A search scores the guide as a whole and each step
/// separately, so it can tell whether the guide or one of its steps is what was looked for. Texts are indexed,
/// not stored: hits are shown from the guide library, which has them already.
/// </summary>
internal static partial class GuideDocuments
{
    public static IEnumerable<IEnumerable<IIndexableField>> For(Guide guide)
    {
        var synonyms = string.Join(" ; ", guide.Synonyms);
        var tags = string.Join(" ; ", guide.Tags);
        var intro = TextOf(guide.IntroHtml);

        yield return
        [
            .. Identity(guide.Id, IndexFields.KindGuide),
            new StringField(IndexFields.Version, guide.Version, Field.Store.YES),
            new TextField(IndexFields.Title, guide.Title, Field.Store.NO),
            new TextField(IndexFields.Synonyms, synonyms, Field.Store.NO),
            new TextField(IndexFields.Tags, tags, Field.Store.NO),
            new TextField(IndexFields.Summary, guide.Summary, Field.Store.NO),
            new TextField(IndexFields.Body, intro, Field.Store.NO),
            .. Dictionary(string.Join('\n', guide.Title, synonyms, tags, guide.Summary, intro)),
        ];

        foreach (var step in guide.Steps)
        {
            yield return
            [
                .. Identity(guide.Id, IndexFields.KindStep),
                new StringField(IndexFields.Step, step.Id, Field.Store.NO),
                new SortedDocValuesField(IndexFields.Step, new BytesRef(step.Id)),
                new TextField(IndexFields.StepTitle, step.Title, Field.Store.NO),
                new TextField(IndexFields.Body, step.Text, Field.Store.NO),
                .. Dictionary(string.Join('\n', step.Title, step.Text)),
            ];
        }
    }

    public static Term TermFor(string guideId) => new(IndexFields.Guide, guideId);

    /// <summary>All of a document's text, stemmed and as written: what query words are expanded against.</summary>
    private static IEnumerable<IIndexableField> Dictionary(string text) =>
    [
        new TextField(IndexFields.All, text, Field.Store.NO),
        new TextField(IndexFields.Words, text, Field.Store.NO),
    ];

    private static IEnumerable<IIndexableField> Identity(string guideId, string kind) =>
    [
        new StringField(IndexFields.Guide, guideId, Field.Store.YES),
        new SortedDocValuesField(IndexFields.Guide, new BytesRef(guideId)),
        new StringField(IndexFields.Kind, kind, Field.Store.NO),
        new NumericDocValuesField(IndexFields.IsStep, kind == IndexFields.KindStep ? 1 : 0),
    ];

    /// <summary>The text of the guide's own safe HTML (tags only ever come from the renderer, so stripping them is exact).</summary>
    public static string TextOf(string html) =>
        html.Length == 0 ? string.Empty : WebUtility.HtmlDecode(Tags().Replace(html, " ")).Trim();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();
}
