using System.Security.Cryptography;
using System.Text;
using Epss.Usage;

namespace Epss.Xapi;

/// <summary>The title of a guide (<paramref name="stepId"/> null) or of one of its steps, or null when unknown.</summary>
public delegate string? XapiTitleLookup(string guideId, string? stepId);

/// <summary>
/// Turns stored usage events into xAPI 1.0.3 statements. Built once per home page; thread-safe. The same event always
/// gives the same statement (id included), so an LRS that receives it again stores it once.
/// </summary>
public sealed class XapiStatementFactory
{
    /// <summary>
    /// The namespace of Epss statement ids (UUID version 5, RFC 4122 §4.3): a fixed random UUID, never changed, or
    /// every statement would get a new id and be stored twice.
    /// </summary>
    public static readonly Guid StatementIdNamespace = new("7c1d3f0a-5b8e-4e2a-9d6c-3a1f0b7e5c42");

    private readonly string _homePage;
    private readonly XapiTitleLookup? _titles;
    private readonly XapiFreeText _freeText;
    private readonly XapiActivity _searchActivity;
    private readonly XapiActivity _serverActivity;

    /// <param name="homePage">The server's public base URL (Epss:Xapi:HomePage), such as https://epss.gemeente.example.</param>
    /// <param name="titles">Names the guides and steps in Dutch; without it activities carry no name.</param>
    /// <param name="freeText">Which typed queries may leave as they were typed (<see cref="XapiFreeText.ReadAsync"/>); the others become a marker.</param>
    public XapiStatementFactory(string homePage, XapiTitleLookup? titles, XapiFreeText freeText)
    {
        ArgumentNullException.ThrowIfNull(freeText);
        _freeText = freeText;
        HomePage = XapiOptions.NormalizeHomePage(homePage)
            ?? throw new ArgumentException("The home page must be an absolute http(s) URL without query or fragment.", nameof(homePage));
        _homePage = HomePage;
        _titles = titles;
        _searchActivity = new XapiActivity(_homePage + "/xapi/search", new XapiActivityDefinition(
            XapiVocabulary.SearchActivityType, Names("Zoeken in de gidsen")));
        _serverActivity = new XapiActivity(_homePage + "/xapi", new XapiActivityDefinition(
            XapiVocabulary.GuideActivityType, Names("Epss")));
    }

    /// <summary>The home page as used in statements: without a trailing slash.</summary>
    public string HomePage { get; }

    public string GuideIri(string guideId) => $"{_homePage}/xapi/guides/{Uri.EscapeDataString(guideId)}";

    public string StepIri(string guideId, string stepId) => $"{GuideIri(guideId)}/steps/{Uri.EscapeDataString(stepId)}";

    public string CheckIri(string guideId, string stepId, string checkId) => $"{StepIri(guideId, stepId)}/checks/{Uri.EscapeDataString(checkId)}";

    public string ExtensionIri(string name) => $"{_homePage}/xapi/extensions/{name}";

    /// <summary>The statement id of an event: a name-based UUID (version 5) of the event id in <see cref="StatementIdNamespace"/>.</summary>
    public static Guid StatementId(string eventId) => NameBasedUuid(StatementIdNamespace, eventId);

    /// <summary>A version 5 UUID (RFC 4122 §4.3): SHA-1 of the namespace (network byte order) and the UTF-8 name.</summary>
    internal static Guid NameBasedUuid(Guid namespaceId, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var input = new byte[16 + Encoding.UTF8.GetByteCount(name)];
        namespaceId.TryWriteBytes(input, bigEndian: true, out _);
        Encoding.UTF8.GetBytes(name, input.AsSpan(16));
        Span<byte> hash = stackalloc byte[20];
#pragma warning disable CA5350 // SHA-1 is what RFC 4122 prescribes for version 5 UUIDs; it makes an id, it protects nothing.
        SHA1.HashData(input, hash);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }

    public XapiStatement Create(UsageEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var d = e.Details;
        var guide = e.GuideId is { } guideId ? Guide(guideId) : null;
        var step = e.GuideId is { } g && e.StepId is { } s ? Step(g, s) : null;
        XapiActivity target;
        XapiResult? result = null;
        IReadOnlyList<XapiActivity>? parent = null;
        IReadOnlyList<XapiActivity>? grouping = null;
        IReadOnlyList<XapiActivity>? other = null;
        var contextExtensions = new Dictionary<string, object>(StringComparer.Ordinal);

        switch (e.Type)
        {
            case UsageEventTypes.CheckTicked when step is not null && d.CheckId is { } checkId:
                target = new XapiActivity(CheckIri(e.GuideId!, e.StepId!, checkId),
                    new XapiActivityDefinition(XapiVocabulary.CheckActivityType, InteractionType: "true-false"));
                result = d.Checked is { } ticked ? new XapiResult(Response: ticked ? "true" : "false") : null;
                parent = [step];
                grouping = [guide!];
                break;
            case UsageEventTypes.DecisionTaken when step is not null:
                target = step;
                parent = [guide!];
                result = new XapiResult(Response: DecisionTarget(e.GuideId!, d));
                break;
            case UsageEventTypes.GuideCompleted when guide is not null:
                target = guide;
                result = new XapiResult(Completion: true);
                break;
            case UsageEventTypes.GuideAbandoned when guide is not null:
                // Where the official left: the step, beside the guide.
                target = guide;
                result = new XapiResult(Completion: false);
                other = step is null ? null : [step];
                break;
            case UsageEventTypes.Search:
                target = _searchActivity;
                result = SearchResult(d);
                break;
            case UsageEventTypes.TargetMissing:
                target = step ?? guide ?? _serverActivity;
                parent = step is null || guide is null ? null : [guide];
                result = d.TargetStatus is null ? null : new XapiResult(Extensions: new Dictionary<string, object>(StringComparer.Ordinal)
                {
                    [ExtensionIri(XapiVocabulary.Extensions.TargetStatus)] = d.TargetStatus,
                });
                Add(contextExtensions, XapiVocabulary.Extensions.Selector, d.Selector);
                Add(contextExtensions, XapiVocabulary.Extensions.PageUrl, d.PageUrl);
                break;
            case UsageEventTypes.Flag when step is null && guide is null:
                // A flag about a search that found nothing: the search, with the query.
                target = _searchActivity;
                result = d.Query is null ? null : new XapiResult(Response: _freeText.Show(d.Query));
                break;
            default:
                // guide-opened, step-viewed, a flag on a guide or step, and any type a newer Epss adds.
                target = step ?? guide ?? _serverActivity;
                parent = step is null || guide is null ? null : [guide];
                Add(contextExtensions, XapiVocabulary.Extensions.Via, d.Via);
                break;
        }

        Add(contextExtensions, XapiVocabulary.Extensions.GuideVersion, e.GuideVersion);
        Add(contextExtensions, XapiVocabulary.Extensions.Role, e.Role);
        Add(contextExtensions, XapiVocabulary.Extensions.App, e.App);
        var activities = parent is null && grouping is null && other is null ? null : new XapiContextActivities(parent, grouping, other);
        var context = new XapiContext(
            Registration(e.RunId),
            activities,
            Revision: e.GuideVersion,
            XapiVocabulary.Platform,
            XapiVocabulary.Dutch,
            contextExtensions.Count == 0 ? null : contextExtensions);

        return new XapiStatement(
            StatementId(e.Id),
            new XapiAgent(new XapiAccount(_homePage, e.UserPseudonym)),
            XapiVocabulary.VerbFor(e.Type),
            target,
            result,
            context,
            e.OccurredAt,
            XapiStatement.SpecVersion);
    }

    private XapiActivity Guide(string guideId) => new(GuideIri(guideId),
        new XapiActivityDefinition(XapiVocabulary.GuideActivityType, Names(_titles?.Invoke(guideId, null))));

    private XapiActivity Step(string guideId, string stepId) => new(StepIri(guideId, stepId),
        new XapiActivityDefinition(XapiVocabulary.StepActivityType, Names(_titles?.Invoke(guideId, stepId))));

    /// <summary>Where a decision led, as the IRI of that step or guide: unambiguous also when it leads to another guide.</summary>
    private string? DecisionTarget(string guideId, UsageDetails d) => (d.ToGuideId, d.ToStepId) switch
    {
        ({ } toGuide, { } toStep) => StepIri(toGuide, toStep),
        ({ } toGuide, null) => GuideIri(toGuide),
        (null, { } toStep) => StepIri(guideId, toStep),
        _ => null,
    };

    private XapiResult SearchResult(UsageDetails d)
    {
        var extensions = new Dictionary<string, object>(StringComparer.Ordinal);
        if (d.HitCount is { } hits)
        {
            extensions[ExtensionIri(XapiVocabulary.Extensions.HitCount)] = hits;
        }
        if (d.OpenedGuideId is { } opened)
        {
            extensions[ExtensionIri(XapiVocabulary.Extensions.OpenedGuide)] = GuideIri(opened);
        }
        if (d.OpenedRank is { } rank)
        {
            extensions[ExtensionIri(XapiVocabulary.Extensions.OpenedRank)] = rank;
        }
        return new XapiResult(
            Success: d.HitCount is { } count ? count > 0 : null,
            Response: _freeText.Show(d.Query),
            Extensions: extensions.Count == 0 ? null : extensions);
    }

    private void Add(Dictionary<string, object> extensions, string name, string? value)
    {
        if (value is not null)
        {
            extensions[ExtensionIri(name)] = value;
        }
    }

    /// <summary>The run id as registration when it is a UUID (what the panel makes); xAPI allows nothing else there.</summary>
    private static Guid? Registration(string? runId) =>
        runId is not null && Guid.TryParseExact(runId, "D", out var registration) ? registration : null;

    /// <summary>Guides are written in Dutch only, so names are too.</summary>
    private static Dictionary<string, string>? Names(string? dutch) =>
        string.IsNullOrWhiteSpace(dutch) ? null : new Dictionary<string, string>(StringComparer.Ordinal) { [XapiVocabulary.Dutch] = dutch };
}
