using Epss.Usage;

namespace Epss.Xapi.Tests.Support;

/// <summary>
/// Usage events of every type, made here (not by the usage generator tool) so that each test owns its data: runs
/// through a guide with steps, checks, decisions (to a step, to another guide), completions and abandonments,
/// searches with and without hits, missing targets, and run ids that are not UUIDs.
/// </summary>
internal static class UsageEventSets
{
    public static readonly string[] Guides = ["paspoort-aanvragen", "verhuizing-doorgeven", "rijbewijs-verlengen"];

    /// <summary>A valid pseudonym ("p_" and 22 characters) for user number <paramref name="n"/>.</summary>
    public static string Pseudonym(int n) => "p_" + n.ToString("D22", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// <paramref name="runs"/> runs, one second apart from <paramref name="start"/>, each of several events; received
    /// at the time they occurred (plus a few ms), so received order is occurred order.
    /// </summary>
    public static List<UsageEvent> Runs(DateTimeOffset start, int runs, int seed = 7)
    {
        var random = new Random(seed);
        var events = new List<UsageEvent>();
        var time = Truncate(start);
        for (var r = 0; r < runs; r++)
        {
            var user = Pseudonym(random.Next(1, 40));
            var guide = Guides[r % Guides.Length];
            // Every fifth run has an id that is not a UUID (an older panel): no registration then.
            var runId = r % 5 == 4 ? $"run-{r}" : NewGuid(random).ToString();
            var role = r % 3 == 0 ? null : "baliemedewerker";
            var app = r % 2 == 0 ? "Burgerzaken Demo" : null;
            UsageEvent Make(string type, string? step = null, UsageDetails? details = null, string? guideId = "", string? run = "")
            {
                time = time.AddMilliseconds(random.Next(200, 3_000));
                return new UsageEvent(NewGuid(random).ToString(), type, time, time.AddMilliseconds(random.Next(1, 50)), user, role, app,
                    run == "" ? runId : run, guideId == "" ? guide : guideId, guideId is null ? null : "2026.11." + (r % 4), step, details ?? UsageDetails.None);
            }

            events.Add(Make(UsageEventTypes.Search, guideId: null, run: null, details: r % 4 == 0
                ? new UsageDetails(Query: "naturalisatie ceremonie", HitCount: 0)
                : new UsageDetails(Query: "paspoort kind", HitCount: 3, OpenedGuideId: guide, OpenedRank: 1 + (r % 3))));
            events.Add(Make(UsageEventTypes.GuideOpened, details: new UsageDetails(Via: OpenedVia.All.ElementAt(r % OpenedVia.All.Count))));
            events.Add(Make(UsageEventTypes.StepViewed, "identiteit-controleren"));
            events.Add(Make(UsageEventTypes.CheckTicked, "identiteit-controleren", new UsageDetails(CheckId: "pasfoto-gecontroleerd", Checked: r % 2 == 0)));
            events.Add(Make(UsageEventTypes.StepViewed, "soort-aanvraag"));
            events.Add(Make(UsageEventTypes.DecisionTaken, "soort-aanvraag", r % 3 == 2
                ? new UsageDetails(ToGuideId: "rijbewijs-verlengen")
                : new UsageDetails(ToStepId: "betalen")));
            if (r % 7 == 3)
            {
                events.Add(Make(UsageEventTypes.TargetMissing, "betalen", new UsageDetails(
                    Selector: "#betaal-knop", PageUrl: "https://burgerzaken.example/aanvraag", TargetStatus: TargetStatuses.All.ElementAt(r % 3))));
            }
            events.Add(r % 4 == 1
                ? Make(UsageEventTypes.GuideAbandoned, "betalen")
                : Make(UsageEventTypes.GuideCompleted));
        }
        return events;
    }

    /// <summary>A flag's usage event, as the recorder stores it with a flag (on a step, or on a search without hits).</summary>
    public static UsageEvent FlagEvent(DateTimeOffset at, string? guideId, string? stepId, string? query) => new(
        UsageRecorder.FlagEventId(Guid.NewGuid().ToString()), UsageEventTypes.Flag, Truncate(at), Truncate(at), Pseudonym(1), "baliemedewerker", null,
        RunId: null, guideId, guideId is null ? null : "2026.11.1", stepId, new UsageDetails(Query: query));

    /// <summary>Times as the store keeps them: whole milliseconds.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset time) => DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());

    private static Guid NewGuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4 (the Guid's little-endian layout)
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }
}
