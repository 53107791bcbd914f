using Microsoft.Extensions.Options;

namespace Epss.Usage.Tests.Support;

/// <summary>Valid events and flags of every kind, made from a few parts, for tests to change one thing of.</summary>
internal static class UsageTestData
{
    /// <summary>The clock of every test: events happen a little before it.</summary>
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A pseudonym of the right shape (tests that need a real one use a <see cref="Pseudonymizer"/>).</summary>
    public const string User = "p_AAAAAAAAAAAAAAAAAAAAAA";

    public static string NewId() => Guid.NewGuid().ToString("N");

    public static UsageEvent Event(string type, string? id = null, string user = User, DateTimeOffset? at = null, UsageDetails? details = null,
        string? guideId = "paspoort-aanvragen", string? stepId = "identiteit") => new(
        id ?? NewId(), type, at ?? Now.AddMinutes(-1), Now, user, "baliemedewerker", "burgerzaken", "run-1", guideId, "0123456789abcdef", stepId,
        details ?? UsageDetails.None);

    public static UsageEvent StepViewed(string? id = null, string user = User, DateTimeOffset? at = null) =>
        Event(UsageEventTypes.StepViewed, id, user, at);

    public static UsageEvent GuideOpened(string via = OpenedVia.Suggestion) =>
        Event(UsageEventTypes.GuideOpened, details: new UsageDetails(Via: via), stepId: null);

    public static UsageEvent CheckTicked(string? checkId = "foto-lijkt-op-de-persoon") =>
        Event(UsageEventTypes.CheckTicked, details: new UsageDetails(CheckId: checkId, Checked: true));

    public static UsageEvent DecisionTaken(string? toStepId = "verwerken", string? toGuideId = null) =>
        Event(UsageEventTypes.DecisionTaken, details: new UsageDetails(ToStepId: toStepId, ToGuideId: toGuideId));

    public static UsageEvent Search(string? query = "paspoort verlopen", int? hitCount = 3, string? openedGuideId = "paspoort-aanvragen", int? openedRank = 1) =>
        Event(UsageEventTypes.Search, details: new UsageDetails(Query: query, HitCount: hitCount, OpenedGuideId: openedGuideId, OpenedRank: openedRank),
            guideId: null, stepId: null);

    public static UsageEvent TargetMissing(string? selector = "#documentnummer", string? pageUrl = "https://bz.example/reisdocument/aanvragen",
        string? status = TargetStatuses.Missing) =>
        Event(UsageEventTypes.TargetMissing, details: new UsageDetails(Selector: selector, PageUrl: pageUrl, TargetStatus: status));

    public static StepFlag Flag(string? id = null, string text = "Deze stap klopt niet meer.", string user = User, string? guideId = "paspoort-aanvragen",
        string? stepId = "identiteit", string? query = null) => new(
        id ?? NewId(), guideId, stepId, guideId is null ? null : "0123456789abcdef", query, text, user, "baliemedewerker", "burgerzaken",
        Now.AddSeconds(-5), StepFlag.StatusOpen);

    public static UsageOptions Options(string dataPath) => new() { DataPath = dataPath };

    public static IOptions<UsageOptions> Wrap(UsageOptions options) => Microsoft.Extensions.Options.Options.Create(options);
}
