using Epss.Testing.Xapi;
using System.Text.Json;
using Epss.Usage;
using Epss.Xapi.Tests.Support;

namespace Epss.Xapi.Tests;

/// <summary>Usage events as xAPI statements: ids, actor, verbs, objects, context; every generated statement validates.</summary>
public sealed class XapiStatementFactoryTests
{
    private const string HomePage = "https://epss.gemeente.example";
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
    private static readonly XapiStatementFactory Factory = new(HomePage + "/", Titles, XapiFreeText.ShowAll);

    [Fact]
    public void Statements_of_generated_events_of_every_type_all_validate()
    {
        var events = UsageEventSets.Runs(Start, 60);
        events.Add(UsageEventSets.FlagEvent(Start, "paspoort-aanvragen", "betalen", null));
        events.Add(UsageEventSets.FlagEvent(Start, "paspoort-aanvragen", null, null));
        events.Add(UsageEventSets.FlagEvent(Start, null, null, "naturalisatie ceremonie"));

        var statements = events.Select(Factory.Create).ToList();

        Assert.Equal(XapiVocabulary.Verbs.Select(v => v.EventType).Order(), events.Select(e => e.Type).Distinct().Order());
        foreach (var (statement, e) in statements.Zip(events))
        {
            var problems = XapiValidator.Validate(statement);
            Assert.True(problems.Count == 0, $"{e.Type} {e.Id}: {string.Join("; ", problems)}\n{Json(statement)}");
        }
        Assert.Equal(events.Count, statements.Select(s => s.Id).Distinct().Count());
    }

    [Fact]
    public void Statement_id_is_a_version_5_uuid_of_the_event_id_alone()
    {
        var e = UsageEventSets.Runs(Start, 1)[1];
        var other = new XapiStatementFactory("https://elders.example", null, XapiFreeText.ShowAll);

        var id = Factory.Create(e).Id;

        Assert.Equal(id, Factory.Create(e).Id);
        Assert.Equal(id, other.Create(e with { UserPseudonym = UsageEventSets.Pseudonym(2) }).Id);
        Assert.NotEqual(id, Factory.Create(e with { Id = Guid.NewGuid().ToString() }).Id);
        Assert.Equal('5', id.ToString()[14]);
        Assert.Contains(id.ToString()[19], "89ab");
    }

    [Fact]
    public void Statement_id_follows_rfc_4122_version_5()
    {
        // Python's uuid.uuid5(uuid.NAMESPACE_DNS, "python.org"), the example of its documentation.
        var dns = new Guid("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

        Assert.Equal(new Guid("886313e1-3b8a-5372-9b90-0c9aee199e5d"), XapiStatementFactory.NameBasedUuid(dns, "python.org"));
    }

    [Fact]
    public void Actor_is_an_account_on_the_home_page_with_the_pseudonym_and_nothing_else()
    {
        var e = UsageEventSets.Runs(Start, 1)[1];

        var actor = Json(Factory.Create(e)).GetProperty("actor");

        Assert.Equal(["objectType", "account"], actor.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Agent", actor.GetProperty("objectType").GetString());
        Assert.Equal(HomePage, actor.GetProperty("account").GetProperty("homePage").GetString());
        Assert.Equal(e.UserPseudonym, actor.GetProperty("account").GetProperty("name").GetString());
    }

    [Fact]
    public void Step_viewed_is_progressed_on_the_step_with_the_guide_as_parent_and_the_version_in_context()
    {
        var e = UsageEventSets.Runs(Start, 1).First(e => e.Type == UsageEventTypes.StepViewed);

        var json = Json(Factory.Create(e));

        Assert.Equal("http://adlnet.gov/expapi/verbs/progressed", json.GetProperty("verb").GetProperty("id").GetString());
        Assert.Equal("ging verder met", json.GetProperty("verb").GetProperty("display").GetProperty("nl-NL").GetString());
        Assert.Equal("progressed", json.GetProperty("verb").GetProperty("display").GetProperty("en-US").GetString());
        var target = json.GetProperty("object");
        Assert.Equal($"{HomePage}/xapi/guides/{e.GuideId}/steps/{e.StepId}", target.GetProperty("id").GetString());
        Assert.Equal(XapiVocabulary.StepActivityType, target.GetProperty("definition").GetProperty("type").GetString());
        Assert.Equal($"Stap {e.StepId}", target.GetProperty("definition").GetProperty("name").GetProperty("nl-NL").GetString());
        var context = json.GetProperty("context");
        var parent = Assert.Single(context.GetProperty("contextActivities").GetProperty("parent").EnumerateArray());
        Assert.Equal($"{HomePage}/xapi/guides/{e.GuideId}", parent.GetProperty("id").GetString());
        Assert.Equal(XapiVocabulary.GuideActivityType, parent.GetProperty("definition").GetProperty("type").GetString());
        Assert.Equal(e.GuideVersion, context.GetProperty("extensions").GetProperty($"{HomePage}/xapi/extensions/guide-version").GetString());
        Assert.Equal(e.GuideVersion, context.GetProperty("revision").GetString());
        Assert.Equal("Epss", context.GetProperty("platform").GetString());
        Assert.Equal("nl-NL", context.GetProperty("language").GetString());
    }

    [Fact]
    public void Guide_opened_is_launched_on_the_guide_named_by_its_title()
    {
        var e = UsageEventSets.Runs(Start, 1).First(e => e.Type == UsageEventTypes.GuideOpened);

        var json = Json(Factory.Create(e));

        Assert.Equal("http://adlnet.gov/expapi/verbs/launched", json.GetProperty("verb").GetProperty("id").GetString());
        Assert.Equal($"{HomePage}/xapi/guides/{e.GuideId}", json.GetProperty("object").GetProperty("id").GetString());
        Assert.Equal("Paspoort aanvragen", json.GetProperty("object").GetProperty("definition").GetProperty("name").GetProperty("nl-NL").GetString());
        Assert.Equal(e.Details.Via, json.GetProperty("context").GetProperty("extensions").GetProperty($"{HomePage}/xapi/extensions/via").GetString());
    }

    [Fact]
    public void Decision_is_answered_with_where_it_led_as_the_response()
    {
        var events = UsageEventSets.Runs(Start, 3).Where(e => e.Type == UsageEventTypes.DecisionTaken).ToList();

        var toStep = Json(Factory.Create(events.First(e => e.Details.ToStepId is not null)));
        var toGuide = Json(Factory.Create(events.First(e => e.Details.ToGuideId is not null)));

        Assert.Equal("http://adlnet.gov/expapi/verbs/answered", toStep.GetProperty("verb").GetProperty("id").GetString());
        Assert.EndsWith("/xapi/guides/paspoort-aanvragen/steps/betalen", toStep.GetProperty("result").GetProperty("response").GetString(), StringComparison.Ordinal);
        Assert.Equal($"{HomePage}/xapi/guides/rijbewijs-verlengen", toGuide.GetProperty("result").GetProperty("response").GetString());
    }

    [Fact]
    public void Check_ticked_is_interacted_with_a_true_false_interaction_below_the_step()
    {
        var e = UsageEventSets.Runs(Start, 1).First(e => e.Type == UsageEventTypes.CheckTicked);

        var json = Json(Factory.Create(e));

        Assert.Equal("http://adlnet.gov/expapi/verbs/interacted", json.GetProperty("verb").GetProperty("id").GetString());
        Assert.Equal($"{HomePage}/xapi/guides/{e.GuideId}/steps/{e.StepId}/checks/{e.Details.CheckId}", json.GetProperty("object").GetProperty("id").GetString());
        Assert.Equal("true-false", json.GetProperty("object").GetProperty("definition").GetProperty("interactionType").GetString());
        Assert.Equal(e.Details.Checked == true ? "true" : "false", json.GetProperty("result").GetProperty("response").GetString());
        Assert.EndsWith($"/steps/{e.StepId}", json.GetProperty("context").GetProperty("contextActivities").GetProperty("parent")[0].GetProperty("id").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Search_is_searched_on_the_servers_search_with_the_query_and_hit_count()
    {
        var events = UsageEventSets.Runs(Start, 2).Where(e => e.Type == UsageEventTypes.Search).ToList();

        var none = Json(Factory.Create(events[0]));
        var found = Json(Factory.Create(events[1]));

        Assert.Equal(XapiVocabulary.EpssVocabularyBase + "verbs/searched", none.GetProperty("verb").GetProperty("id").GetString());
        Assert.Equal($"{HomePage}/xapi/search", none.GetProperty("object").GetProperty("id").GetString());
        Assert.Equal("naturalisatie ceremonie", none.GetProperty("result").GetProperty("response").GetString());
        Assert.False(none.GetProperty("result").GetProperty("success").GetBoolean());
        Assert.Equal(0, none.GetProperty("result").GetProperty("extensions").GetProperty($"{HomePage}/xapi/extensions/hit-count").GetInt32());
        Assert.True(found.GetProperty("result").GetProperty("success").GetBoolean());
        Assert.Equal($"{HomePage}/xapi/guides/{events[1].Details.OpenedGuideId}",
            found.GetProperty("result").GetProperty("extensions").GetProperty($"{HomePage}/xapi/extensions/opened-guide").GetString());
    }

    [Fact]
    public void Completed_and_abandoned_say_so_in_the_result()
    {
        var events = UsageEventSets.Runs(Start, 2);

        var completed = Json(Factory.Create(events.First(e => e.Type == UsageEventTypes.GuideCompleted)));
        var abandoned = Json(Factory.Create(events.First(e => e.Type == UsageEventTypes.GuideAbandoned)));

        Assert.Equal("http://adlnet.gov/expapi/verbs/completed", completed.GetProperty("verb").GetProperty("id").GetString());
        Assert.True(completed.GetProperty("result").GetProperty("completion").GetBoolean());
        Assert.Equal("https://w3id.org/xapi/adl/verbs/abandoned", abandoned.GetProperty("verb").GetProperty("id").GetString());
        Assert.False(abandoned.GetProperty("result").GetProperty("completion").GetBoolean());
        Assert.EndsWith("/steps/betalen", abandoned.GetProperty("context").GetProperty("contextActivities").GetProperty("other")[0].GetProperty("id").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_id_is_the_registration_only_when_it_is_a_uuid()
    {
        var e = UsageEventSets.Runs(Start, 1)[1];
        var runId = Guid.NewGuid();

        var withUuid = Json(Factory.Create(e with { RunId = runId.ToString() }));
        var withOther = Json(Factory.Create(e with { RunId = "run-7" }));

        Assert.Equal(runId, withUuid.GetProperty("context").GetProperty("registration").GetGuid());
        Assert.False(withOther.GetProperty("context").TryGetProperty("registration", out _));
    }

    [Fact]
    public void Timestamp_is_when_it_occurred_with_its_offset_and_the_version_is_1_0_3()
    {
        var e = UsageEventSets.Runs(Start, 1)[1];

        var json = Json(Factory.Create(e));

        Assert.Equal(e.OccurredAt, DateTimeOffset.Parse(json.GetProperty("timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Matches(@"(Z|[+-]\d\d:\d\d)$", json.GetProperty("timestamp").GetString());
        Assert.Equal("1.0.3", json.GetProperty("version").GetString());
        Assert.False(json.TryGetProperty("stored", out _));
    }

    [Fact]
    public void Verb_table_has_one_verb_per_event_type_with_dutch_and_english_display()
    {
        var types = new[]
        {
            UsageEventTypes.GuideOpened, UsageEventTypes.StepViewed, UsageEventTypes.CheckTicked, UsageEventTypes.DecisionTaken,
            UsageEventTypes.GuideCompleted, UsageEventTypes.GuideAbandoned, UsageEventTypes.Search, UsageEventTypes.Flag, UsageEventTypes.TargetMissing,
        };

        Assert.Equal(types.Order(), XapiVocabulary.Verbs.Select(v => v.EventType).Order());
        Assert.All(XapiVocabulary.Verbs, v =>
        {
            Assert.True(Uri.IsWellFormedUriString(v.VerbId, UriKind.Absolute), v.VerbId);
            Assert.False(string.IsNullOrWhiteSpace(v.Dutch));
            Assert.False(string.IsNullOrWhiteSpace(v.English));
        });
        Assert.Equal(XapiVocabulary.Verbs.Count, XapiVocabulary.Verbs.Select(v => v.VerbId).Distinct().Count());
    }

    [Theory]
    [InlineData("epss.gemeente.example")]
    [InlineData("ftp://epss.gemeente.example")]
    [InlineData("https://epss.gemeente.example/?x=1")]
    public void Home_page_that_is_not_an_http_url_is_refused(string homePage) =>
        Assert.Throws<ArgumentException>(() => new XapiStatementFactory(homePage, null, XapiFreeText.ShowAll));

    private static string? Titles(string guideId, string? stepId) => stepId is null ? "Paspoort aanvragen" : "Stap " + stepId;

    private static JsonElement Json(XapiStatement statement) => JsonSerializer.SerializeToElement(statement, XapiJson.Options);
}
