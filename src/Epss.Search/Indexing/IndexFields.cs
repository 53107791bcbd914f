namespace Epss.Search.Indexing;

/// <summary>
/// The fields of the index. Every guide has one guide document (title, synonyms, tags, summary, intro) and one
/// document per step (step title, step text). Both kinds carry the guide id for grouping.
/// </summary>
internal static class IndexFields
{
    /// <summary>Guide id: indexed as one term (to update or delete a guide), stored, and as doc values for grouping.</summary>
    public const string Guide = "guide";
    public const string Kind = "kind";
    public const string Step = "step";
    public const string Version = "version";

    /// <summary>Doc values: 1 on step documents, 0 on the guide document.</summary>
    public const string IsStep = "isstep";

    public const string Title = "title";
    public const string Synonyms = "synonyms";
    public const string Tags = "tags";
    public const string Summary = "summary";
    public const string StepTitle = "steptitle";
    public const string Body = "body";

    /// <summary>Everything searchable in one field: the dictionary that prefix and typo expansion look words up in.</summary>
    public const string All = "all";

    /// <summary>Everything searchable as written (lowercase, no diacritics, not stemmed): for typos that change a word's stem.</summary>
    public const string Words = "words";

    public const string KindGuide = "guide";
    public const string KindStep = "step";

    /// <summary>Search fields and their weight: title over synonyms over step text.</summary>
    public static readonly (string Field, float Boost)[] Weighted =
    [
        (Title, 6f),
        (Synonyms, 4f),
        (StepTitle, 2.5f),
        (Tags, 2f),
        (Summary, 1.5f),
        (Body, 1f),
    ];
}
