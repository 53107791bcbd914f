using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Epss.Usage;

namespace Epss.UsageGenerator;

/// <summary>What to generate: <see cref="Days"/> calendar days ending on <see cref="End"/> (inclusive, local).</summary>
/// <param name="Events">Exactly this many events when set (spread over the working days); otherwise a busy front desk's own pace.</param>
public sealed record GeneratorSettings(DateOnly End, int Days = 30, long? Events = null, int Seed = 1, int Officials = 40, int Counters = 4,
    string TimeZone = "Europe/Amsterdam");

/// <summary>Generated usage: the events (oldest first) and the flags, exactly as they are written.</summary>
public sealed record GeneratedUsage(IReadOnlyList<UsageEvent> Events, IReadOnlyList<StepFlag> Flags);

/// <summary>
/// A realistic stretch of a busy Burgerzaken front desk, deterministic for a seed: officials at counters during opening
/// hours (Thursday evening too), serving one citizen after another; guides opened from a suggestion, a search or a
/// link; steps viewed, checks ticked, decisions taken along the guide's own options; runs that complete, are abandoned
/// or just stop, more often at hard steps; searches with typos, some without hits and some whose hits are not opened;
/// a few steps whose highlighted field is missing from the host page; now and then a flag.
/// </summary>
public sealed class UsageGenerator
{
    public const string GuideVersion = "v1";
    public const string ExpertName = "inhoudsdeskundige";

    /// <summary>Steps where officials hesitate: more time, more drop-off, more flags.</summary>
    private static readonly HashSet<string> HardSteps = new(StringComparer.Ordinal)
    {
        "vingerafdrukken", "rps", "gezag", "toestemming", "id-desk", "camera", "extra-bronnen", "scanner", "vingerafdruk", "reisdocumentinformatie",
    };

    /// <summary>How often each guide is the citizen's errand; guides not named here are rare (weight 1).</summary>
    private static readonly Dictionary<string, int> Popularity = new(StringComparer.Ordinal)
    {
        ["paspoort-aanvragen"] = 30, ["identiteitskaart-aanvragen"] = 26, ["reisdocument-uitreiken"] = 22, ["identiteit-vaststellen-aanvraag"] = 14,
        ["rijbewijs-aanvragen"] = 12, ["rijbewijs-uitreiken"] = 9, ["identiteit-vaststellen-uitreiking"] = 6, ["aanvraag-minderjarige"] = 6,
        ["pasfoto-beoordelen"] = 5, ["vermissing-melden"] = 3, ["geen-geldig-identiteitsbewijs"] = 2, ["twijfel-aan-identiteit"] = 2,
        ["spoedaanvraag"] = 2, ["vingerafdrukken-afnemen"] = 1, ["echtheid-document-controleren"] = 1, ["gezichtsvergelijking"] = 1,
        ["signalering-register"] = 0,
    };

    /// <summary>Steps whose field the host application moved: target-missing now and then.</summary>
    private static readonly HashSet<(string Guide, string Step)> BrokenTargets =
    [
        ("paspoort-aanvragen", "vingerafdrukken"), ("identiteitskaart-aanvragen", "handtekening"), ("reisdocument-uitreiken", "oude-documenten"),
    ];

    private static readonly string[] NoHitQueries =
    [
        "apostille", "Apostille", "legalisatie akte", "dubbele nationaliteit", "verklaring omtrent gedrag", "naamgebruik partner",
        "uittreksel  engels", "emigratie formulier", "kentekenbewijs", "paspoort voor huisdier", "gehandicaptenparkeerkaart",
    ];

    private static readonly string[] NotOpenedQueries =
    [
        "aanvraag", "document", "formulier", "controle", "Identiteit", "foto", "spoed kosten", "kind",
    ];

    private readonly GeneratorSettings _settings;
    private readonly IReadOnlyList<SampleGuide> _guides;
    private readonly Dictionary<string, SampleGuide> _byId;
    private readonly TimeZoneInfo _zone;
    private readonly Random _random;
    private readonly (string Pseudonym, string Role, string App)[] _officials;
    private readonly List<StepFlag> _flags = [];
    private readonly HashSet<string> _emittedFlagEvents = new(StringComparer.Ordinal);
    private long _eventNumber;
    private long _runNumber;

    public UsageGenerator(GeneratorSettings settings, IReadOnlyList<SampleGuide> guides)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(guides);
        if (guides.Count == 0 || settings.Days < 1 || settings.Officials < 1 || settings.Counters < 1)
        {
            throw new ArgumentException("At least one guide, one day, one official and one counter.", nameof(settings));
        }
        _settings = settings;
        _guides = guides;
        _byId = guides.ToDictionary(g => g.Info.Id, StringComparer.Ordinal);
        _zone = TimeZoneInfo.FindSystemTimeZoneById(settings.TimeZone);
        _random = new Random(settings.Seed);
        // Counters 1..n-1 work in the Burgerzaken application, the last one is the driving licence counter; a few are back office.
        _officials = [.. Enumerable.Range(1, settings.Officials).Select(i => (
            Pseudonym(i),
            i % 7 == 0 ? "backoffice" : "baliemedewerker",
            (i - 1) % settings.Counters == settings.Counters - 1 ? "rijbewijzen" : "burgerzaken"))];
    }

    /// <summary>The flags raised so far (complete once <see cref="Generate"/> has been enumerated to the end).</summary>
    /// <remarks>Only flags whose event was emitted: an event limit may cut off the last one.</remarks>
    public IReadOnlyList<StepFlag> Flags => [.. _flags.Where(f => _emittedFlagEvents.Contains(UsageRecorder.FlagEventId(f.Id)))];

    /// <summary>Everything at once (tests); for a million events use <see cref="Generate"/> and write as it goes.</summary>
    public static GeneratedUsage GenerateAll(GeneratorSettings settings, IReadOnlyList<SampleGuide> guides)
    {
        var generator = new UsageGenerator(settings, guides);
        var events = generator.Generate().ToList();
        return new GeneratedUsage(events, [.. generator.Flags]);
    }

    /// <summary>The events, day by day, oldest first.</summary>
    public IEnumerable<UsageEvent> Generate()
    {
        var first = _settings.End.AddDays(1 - _settings.Days);
        var workdays = Enumerable.Range(0, _settings.Days).Select(first.AddDays).Where(IsOpen).ToList();
        long produced = 0;
        var eventsPerVisit = 10.0;
        for (var i = 0; i < workdays.Count; i++)
        {
            var day = workdays[i];
            // With a target, the visits per day follow what is left over the days left, learning the events per visit as it goes;
            // the last day plans a margin, since what it makes past the target is cut and what it falls short is not made up.
            var margin = i == workdays.Count - 1 ? 1.5 : 1.03;
            int visits = _settings.Events is { } target
                ? (int)Math.Ceiling(Math.Max(0, target - produced) / (double)(workdays.Count - i) / eventsPerVisit * margin)
                : _settings.Officials * 18;
            var events = Day(day, visits);
            if (visits > 0 && events.Count > 0)
            {
                eventsPerVisit = 0.7 * eventsPerVisit + 0.3 * (events.Count / (double)visits);
            }
            foreach (var e in events)
            {
                if (_settings.Events is { } limit && produced >= limit)
                {
                    yield break;
                }
                produced++;
                if (e.Type == UsageEventTypes.Flag)
                {
                    _emittedFlagEvents.Add(e.Id);
                }
                yield return e;
            }
        }
    }

    private static bool IsOpen(DateOnly day) => day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    private List<UsageEvent> Day(DateOnly day, int visits)
    {
        var events = new List<UsageEvent>();
        var closing = day.DayOfWeek == DayOfWeek.Thursday ? new TimeOnly(20, 0) : new TimeOnly(17, 0);
        var opening = new TimeOnly(8, 30);
        var onDuty = _officials.Where(_ => _random.NextDouble() < 0.8).ToList();
        if (onDuty.Count == 0 || visits == 0)
        {
            return events;
        }
        // The visits are shared evenly, so that on a quiet day every official on duty still serves someone.
        var minutes = (closing - opening).TotalMinutes;
        for (var k = 0; k < onDuty.Count; k++)
        {
            var mine = visits / onDuty.Count + (k < visits % onDuty.Count ? 1 : 0);
            var slot = minutes / Math.Max(1, mine);
            for (var v = 0; v < mine; v++)
            {
                var start = Utc(day, opening.AddMinutes(v * slot + _random.NextDouble() * slot * 0.3));
                Visit(onDuty[k], start, TimeSpan.FromMinutes(slot * 0.9), events);
            }
        }
        events.Sort((a, b) => a.OccurredAt != b.OccurredAt ? a.OccurredAt.CompareTo(b.OccurredAt) : string.CompareOrdinal(a.Id, b.Id));
        return events;
    }

    /// <summary>One citizen at the counter: maybe a search first, then the errand's guide (and where it links to).</summary>
    private void Visit((string Pseudonym, string Role, string App) who, DateTimeOffset at, TimeSpan budget, List<UsageEvent> events)
    {
        var end = at + budget;
        var guide = PickGuide(who.App);
        var via = OpenedVia.Suggestion;
        if (_random.NextDouble() < 0.3)
        {
            var roll = _random.NextDouble();
            if (roll < 0.55)
            {
                var query = Typo(guide.Info.Title);
                var hits = _random.Next(1, 13);
                events.Add(Event(UsageEventTypes.Search, who, at, null, null, null,
                    new UsageDetails(Query: UsageValidation.ScrubQuery(query), HitCount: hits, OpenedGuideId: guide.Info.Id, OpenedRank: _random.Next(1, Math.Min(3, hits) + 1))));
                via = OpenedVia.Search;
            }
            else if (roll < 0.75)
            {
                var query = NotOpenedQueries[_random.Next(NotOpenedQueries.Length)];
                events.Add(Event(UsageEventTypes.Search, who, at, null, null, null,
                    new UsageDetails(Query: UsageValidation.ScrubQuery(query), HitCount: _random.Next(3, 21))));
            }
            else
            {
                var query = NoHitQueries[_random.Next(NoHitQueries.Length)];
                events.Add(Event(UsageEventTypes.Search, who, at, null, null, null,
                    new UsageDetails(Query: UsageValidation.ScrubQuery(query), HitCount: 0)));
                if (_random.NextDouble() < 0.03)
                {
                    AddFlag(who, at.AddSeconds(20), null, null, query, events);
                }
                return;
            }
            at = at.AddSeconds(_random.Next(5, 30));
        }
        Run(who, guide, null, via, at, end, depth: 0, events);
    }

    private DateTimeOffset Run((string Pseudonym, string Role, string App) who, SampleGuide guide, string? startStep, string via, DateTimeOffset at,
        DateTimeOffset end, int depth, List<UsageEvent> events)
    {
        var steps = guide.Info.Steps;
        if (steps.Count == 0)
        {
            return at;
        }
        var run = $"r{_settings.Seed:x}-{++_runNumber:x}";
        var id = guide.Info.Id;
        events.Add(Event(UsageEventTypes.GuideOpened, who, at, run, id, null, new UsageDetails(Via: via)));
        var index = startStep is null ? 0 : Math.Max(0, IndexOf(steps, startStep));
        var seen = 0;
        while (true)
        {
            var step = steps[index];
            var hard = HardSteps.Contains(step.Id) || step.Options.Count >= 3;
            at = at.AddSeconds(_random.Next(4, 15));
            events.Add(Event(UsageEventTypes.StepViewed, who, at, run, id, step.Id, UsageDetails.None));
            if (guide.Targets.TryGetValue(step.Id, out var selector) && BrokenTargets.Contains((id, step.Id)) && _random.NextDouble() < 0.35)
            {
                events.Add(Event(UsageEventTypes.TargetMissing, who, at.AddMilliseconds(400), run, id, step.Id, new UsageDetails(
                    Selector: selector, PageUrl: PageUrl(id), TargetStatus: _random.NextDouble() < 0.85 ? TargetStatuses.Missing : TargetStatuses.Ambiguous)));
            }
            at = at.AddSeconds(_random.Next(10, hard ? 150 : 60));
            if (_random.NextDouble() < 0.5)
            {
                events.Add(Event(UsageEventTypes.CheckTicked, who, at, run, id, step.Id, new UsageDetails(CheckId: "controle-" + _random.Next(1, 4), Checked: true)));
            }
            if (_random.NextDouble() < (hard ? 0.012 : 0.002))
            {
                AddFlag(who, at, id, step.Id, null, events);
            }
            // Leaving: the citizen's errand changes, the official knows the rest, or a hard step stops them.
            if (++seen > 40 || at > end.AddMinutes(10) || _random.NextDouble() < (hard ? 0.11 : 0.025))
            {
                if (_random.NextDouble() < 0.5)
                {
                    events.Add(Event(UsageEventTypes.GuideAbandoned, who, at.AddSeconds(2), run, id, step.Id, UsageDetails.None));
                }
                return at;
            }
            if (step.Options.Count > 0)
            {
                var option = step.Options[_random.NextDouble() < 0.72 ? 0 : _random.Next(step.Options.Count)];
                at = at.AddSeconds(_random.Next(2, 10));
                events.Add(Event(UsageEventTypes.DecisionTaken, who, at, run, id, step.Id,
                    new UsageDetails(ToStepId: option.ToStepId, ToGuideId: option.ToGuideId)));
                if (option.ToGuideId is not null)
                {
                    // To another guide: this run ends here (not completed); often the linked guide is followed.
                    if (depth < 2 && _byId.TryGetValue(option.ToGuideId, out var next) && _random.NextDouble() < 0.7)
                    {
                        return Run(who, next, option.ToStepId, OpenedVia.Link, at.AddSeconds(1), end, depth + 1, events);
                    }
                    return at;
                }
                var target = option.ToStepId is null ? -1 : IndexOf(steps, option.ToStepId);
                if (target >= 0)
                {
                    index = target;
                    continue;
                }
            }
            if (guide.EndSteps.Contains(step.Id) || index == steps.Count - 1)
            {
                at = at.AddSeconds(_random.Next(2, 20));
                events.Add(Event(UsageEventTypes.GuideCompleted, who, at, run, id, step.Id, UsageDetails.None));
                return at;
            }
            index++;
        }
    }

    private void AddFlag((string Pseudonym, string Role, string App) who, DateTimeOffset at, string? guideId, string? stepId, string? query,
        List<UsageEvent> events)
    {
        var id = $"f{_settings.Seed:x}-{_flags.Count + 1:x}";
        var roll = _random.NextDouble();
        var status = roll < 0.45 ? StepFlag.StatusOpen : roll < 0.85 ? StepFlag.StatusAnswered : StepFlag.StatusClosed;
        var created = Millis(at);
        var answeredAt = status == StepFlag.StatusOpen ? (DateTimeOffset?)null : created.AddHours(_random.Next(2, 72));
        var flag = new StepFlag(id, guideId, stepId, guideId is null ? null : GuideVersion, query,
            query is null ? "Deze stap klopt niet meer met het scherm." : "Ik vond hier niets over.", who.Pseudonym, who.Role, who.App, created, status,
            Answer: status == StepFlag.StatusAnswered ? "Dank je, de stap is aangepast." : null,
            AnsweredBy: answeredAt is null ? null : ExpertName, AnsweredAt: answeredAt, FixedInVersion: null);
        _flags.Add(flag);
        // As the recorder stores it: a flag event with the flag, no run.
        events.Add(new UsageEvent(UsageRecorder.FlagEventId(id), UsageEventTypes.Flag, created, created.AddMilliseconds(300), who.Pseudonym, who.Role,
            who.App, null, guideId, guideId is null ? null : GuideVersion, stepId, new UsageDetails(Query: query)));
    }

    private UsageEvent Event(string type, (string Pseudonym, string Role, string App) who, DateTimeOffset at, string? run, string? guideId,
        string? stepId, UsageDetails details)
    {
        var occurred = Millis(at);
        return new UsageEvent($"e{_settings.Seed:x}-{++_eventNumber:x}", type, occurred, occurred.AddMilliseconds(_random.Next(50, 2000)),
            who.Pseudonym, who.Role, who.App, run, guideId, guideId is null ? null : GuideVersion, stepId, details);
    }

    private SampleGuide PickGuide(string app)
    {
        // The driving licence counter mostly does driving licences.
        var weights = _guides.Select(g => (Guide: g, Weight: Weight(g.Info.Id, app))).Where(x => x.Weight > 0).ToList();
        var total = weights.Sum(x => x.Weight);
        var roll = _random.Next(total);
        foreach (var (guide, weight) in weights)
        {
            if (roll < weight)
            {
                return guide;
            }
            roll -= weight;
        }
        return weights[^1].Guide;
    }

    private static int Weight(string guideId, string app)
    {
        var weight = Popularity.GetValueOrDefault(guideId, 1);
        return app == "rijbewijzen" && guideId.StartsWith("rijbewijs", StringComparison.Ordinal) ? weight * 6 : weight;
    }

    /// <summary>How officials type a title: lower case mostly, sometimes two letters swapped or a letter dropped.</summary>
    private string Typo(string title)
    {
        var words = title.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var query = string.Join(' ', words.Take(_random.Next(1, Math.Min(3, words.Length) + 1)));
        query = _random.NextDouble() < 0.8 ? query.ToLowerInvariant() : query;
        var roll = _random.NextDouble();
        if (roll < 0.15 && query.Length > 4)
        {
            var i = _random.Next(1, query.Length - 2);
            query = string.Concat(query.AsSpan(0, i), query.AsSpan(i + 1, 1), query.AsSpan(i, 1), query.AsSpan(i + 2));
        }
        else if (roll < 0.25 && query.Length > 4)
        {
            query = query.Remove(_random.Next(1, query.Length - 1), 1);
        }
        else if (roll < 0.3)
        {
            query = "  " + query.ToUpperInvariant() + " ";
        }
        return query;
    }

    private static string PageUrl(string guideId) => guideId switch
    {
        "reisdocument-uitreiken" => "https://burgerzaken.gemeente.example/reisdocument/uitreiken",
        _ => "https://burgerzaken.gemeente.example/reisdocument/aanvragen",
    };

    private DateTimeOffset Utc(DateOnly day, TimeOnly time)
    {
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, _zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>Whole milliseconds, as the store keeps them, so generated and read-back events are equal.</summary>
    private static DateTimeOffset Millis(DateTimeOffset at) => DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds());

    private static int IndexOf(IReadOnlyList<Epss.Usage.Analytics.StepInfo> steps, string stepId)
    {
        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i].Id == stepId)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>The shape <see cref="Pseudonymizer"/> gives, from a fixed name per official (no key needed, nobody real).</summary>
    public static string Pseudonym(int official)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"generated-official-{official}"));
        return "p_" + Base64Url.EncodeToString(hash.AsSpan(0, 16));
    }
}
