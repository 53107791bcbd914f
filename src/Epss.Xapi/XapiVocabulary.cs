using Epss.Usage;

namespace Epss.Xapi;

/// <summary>The verb of one kind of usage event, with its display in Dutch and English.</summary>
public sealed record XapiVerbMapping(string EventType, string VerbId, string Dutch, string English)
{
    public XapiVerb ToVerb() => new(VerbId, new Dictionary<string, string>
    {
        [XapiVocabulary.Dutch] = Dutch,
        [XapiVocabulary.English] = English,
    });
}

/// <summary>
/// The IRIs Epss uses in statements. Verbs come from the ADL vocabulary where one fits; where none does, from the Epss
/// vocabulary under <see cref="EpssVocabularyBase"/>, the same for every server so that statements of several
/// municipalities can be compared. Activities and extensions live under the server's own home page.
/// </summary>
/// <remarks>These IRIs are an interface: a statement sent to an LRS keeps them forever, so they are never changed.</remarks>
public static class XapiVocabulary
{
    public const string Dutch = "nl-NL";
    public const string English = "en-US";
    public const string Platform = "Epss";

    /// <summary>Verbs and activity types Epss defines itself (no ADL verb fits a search, a flag or a missing target).</summary>
    public const string EpssVocabularyBase = "https://epss.example/xapi/";

    public const string GuideActivityType = "http://adlnet.gov/expapi/activities/module";
    public const string StepActivityType = "http://adlnet.gov/expapi/activities/lesson";

    /// <summary>A check is an interaction (ticked or not); the spec wants this type on activities with an interactionType.</summary>
    public const string CheckActivityType = "http://adlnet.gov/expapi/activities/cmi.interaction";

    public const string SearchActivityType = EpssVocabularyBase + "activities/search";

    /// <summary>The one table of verbs: every event type has exactly one.</summary>
    public static IReadOnlyList<XapiVerbMapping> Verbs { get; } =
    [
        new(UsageEventTypes.GuideOpened, "http://adlnet.gov/expapi/verbs/launched", "startte", "launched"),
        new(UsageEventTypes.StepViewed, "http://adlnet.gov/expapi/verbs/progressed", "ging verder met", "progressed"),
        new(UsageEventTypes.CheckTicked, "http://adlnet.gov/expapi/verbs/interacted", "had interactie met", "interacted"),
        new(UsageEventTypes.DecisionTaken, "http://adlnet.gov/expapi/verbs/answered", "beantwoordde", "answered"),
        new(UsageEventTypes.GuideCompleted, "http://adlnet.gov/expapi/verbs/completed", "voltooide", "completed"),
        new(UsageEventTypes.GuideAbandoned, "https://w3id.org/xapi/adl/verbs/abandoned", "brak af", "abandoned"),
        new(UsageEventTypes.Search, EpssVocabularyBase + "verbs/searched", "zocht", "searched"),
        new(UsageEventTypes.Flag, EpssVocabularyBase + "verbs/flagged", "meldde een probleem bij", "flagged"),
        new(UsageEventTypes.TargetMissing, EpssVocabularyBase + "verbs/missed-target", "vond het veld niet bij", "missed the target of"),
    ];

    private static readonly Dictionary<string, XapiVerb> VerbsByType = Verbs.ToDictionary(v => v.EventType, v => v.ToVerb(), StringComparer.Ordinal);

    /// <summary>The verb of an event type; an unknown type (from a newer Epss) gets an Epss verb named after it.</summary>
    public static XapiVerb VerbFor(string eventType) =>
        VerbsByType.TryGetValue(eventType, out var verb)
            ? verb
            : new XapiVerb(EpssVocabularyBase + "verbs/" + Uri.EscapeDataString(eventType), new Dictionary<string, string>
            {
                [Dutch] = eventType,
                [English] = eventType,
            });

    /// <summary>The extension names (the last part of <c>{homePage}/xapi/extensions/{name}</c>).</summary>
    public static class Extensions
    {
        public const string GuideVersion = "guide-version";
        public const string Role = "role";
        public const string App = "app";
        public const string Via = "via";
        public const string HitCount = "hit-count";
        public const string OpenedGuide = "opened-guide";
        public const string OpenedRank = "opened-rank";
        public const string Selector = "selector";
        public const string PageUrl = "page-url";
        public const string TargetStatus = "target-status";
    }
}
