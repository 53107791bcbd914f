using Epss.Testing.Xapi;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Epss.Xapi.Tests;

/// <summary>The validator accepts a full valid statement and catches each broken rule of xAPI 1.0.3, at its place.</summary>
public sealed class XapiValidatorTests
{
    /// <summary>Uses every part the rules below break: result with score and duration, context with all its kinds.</summary>
    private const string Valid = """
        {
          "id": "3f2b8c1e-9d4a-4e7b-8c2d-1a5f6b7c8d9e",
          "actor": { "objectType": "Agent", "account": { "homePage": "https://epss.gemeente.example", "name": "p_0000000000000000000001" } },
          "verb": { "id": "http://adlnet.gov/expapi/verbs/answered", "display": { "nl-NL": "beantwoordde", "en-US": "answered" } },
          "object": {
            "objectType": "Activity",
            "id": "https://epss.gemeente.example/xapi/guides/paspoort/steps/soort",
            "definition": { "type": "http://adlnet.gov/expapi/activities/cmi.interaction", "name": { "nl-NL": "Soort aanvraag" }, "interactionType": "choice",
                            "choices": [ { "id": "eerste", "description": { "nl-NL": "Eerste aanvraag" } }, { "id": "verlenging" } ] }
          },
          "result": { "score": { "scaled": 0.5, "raw": 5, "min": 0, "max": 10 }, "success": true, "completion": false, "response": "eerste", "duration": "PT1M30S",
                      "extensions": { "https://epss.gemeente.example/xapi/extensions/hit-count": 3 } },
          "context": {
            "registration": "0b6c2a4e-5f7d-4e1a-9b3c-8d2e1f0a7b6c",
            "contextActivities": { "parent": [ { "id": "https://epss.gemeente.example/xapi/guides/paspoort" } ], "grouping": { "id": "https://epss.gemeente.example/xapi" } },
            "revision": "2026.11.1",
            "platform": "Epss",
            "language": "nl-NL",
            "statement": { "objectType": "StatementRef", "id": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d" },
            "extensions": { "https://epss.gemeente.example/xapi/extensions/guide-version": "2026.11.1" }
          },
          "timestamp": "2026-11-30T09:15:00.123+01:00",
          "version": "1.0.3"
        }
        """;

    private static readonly Dictionary<string, Action<JsonObject>> Breakages = new()
    {
        ["id is not a uuid"] = s => s["id"] = "stap-1",
        ["actor has two identifiers"] = s => s["actor"]!["mbox"] = "mailto:jan@gemeente.example",
        ["actor has no identifier"] = s => s["actor"]!.AsObject().Remove("account"),
        ["account lacks its home page"] = s => s["actor"]!["account"]!.AsObject().Remove("homePage"),
        ["account home page is not an IRL"] = s => s["actor"]!["account"]!["homePage"] = "epss.gemeente.example",
        ["account lacks its name"] = s => s["actor"]!["account"]!.AsObject().Remove("name"),
        ["mbox is not a mailto IRI"] = s => s["actor"] = new JsonObject { ["mbox"] = "jan@gemeente.example" },
        ["mbox_sha1sum is not a sha1"] = s => s["actor"] = new JsonObject { ["mbox_sha1sum"] = "abc" },
        ["anonymous group has no members"] = s => s["actor"] = new JsonObject { ["objectType"] = "Group" },
        ["verb is missing"] = s => s.Remove("verb"),
        ["verb id is not an IRI"] = s => s["verb"]!["id"] = "answered",
        ["verb display has a bad language tag"] = s => s["verb"]!["display"]!["nederlands!"] = "beantwoordde",
        ["object id is not an IRI"] = s => s["object"]!["id"] = "paspoort/soort",
        ["object type is unknown"] = s => s["object"]!["objectType"] = "Thing",
        ["interaction type is unknown"] = s => s["object"]!["definition"]!["interactionType"] = "multiple-choice",
        ["interaction components repeat an id"] = s => s["object"]!["definition"]!["choices"]![1]!["id"] = "eerste",
        ["statement ref id is not a uuid"] = s => s["object"] = new JsonObject { ["objectType"] = "StatementRef", ["id"] = "x" },
        ["scaled score is above 1"] = s => s["result"]!["score"]!["scaled"] = 1.5,
        ["raw score is above max"] = s => s["result"]!["score"]!["raw"] = 11,
        ["min score is not below max"] = s => s["result"]!["score"]!["min"] = 10,
        ["success is not a boolean"] = s => s["result"]!["success"] = "ja",
        ["duration is not iso 8601"] = s => s["result"]!["duration"] = "90 seconden",
        ["result extension key is not an IRI"] = s => s["result"]!["extensions"]!["hit-count"] = 3,
        ["registration is not a uuid"] = s => s["context"]!["registration"] = "run-7",
        ["context activities parent is not an activity"] = s => s["context"]!["contextActivities"]!["parent"] = "paspoort",
        ["context activities has an unknown kind"] = s => s["context"]!["contextActivities"]!["children"] = new JsonArray(),
        ["context activity id is not an IRI"] = s => s["context"]!["contextActivities"]!["parent"]![0]!["id"] = "paspoort",
        ["context extension key is not an IRI"] = s => s["context"]!["extensions"]!["guide-version"] = "1",
        ["context language is not a language tag"] = s => s["context"]!["language"] = "nederlands",
        ["platform is used with an agent as object"] = s => s["object"] = new JsonObject
        {
            ["objectType"] = "Agent",
            ["account"] = new JsonObject { ["homePage"] = "https://epss.gemeente.example", ["name"] = "p_2" },
        },
        ["timestamp has no time zone"] = s => s["timestamp"] = "2026-11-30T09:15:00",
        ["timestamp is not iso 8601"] = s => s["timestamp"] = "30-11-2026 09:15",
        ["timestamp has offset -00:00"] = s => s["timestamp"] = "2026-11-30T09:15:00-00:00",
        ["top-level property is unknown"] = s => s["epss"] = "extra",
        ["a property is null"] = s => s["result"] = null,
        ["version is not 1.0.x"] = s => s["version"] = "2.0.0",
    };

    [Fact]
    public void Validate_full_valid_statement_finds_nothing() =>
        Assert.Empty(XapiValidator.Validate(JsonDocument.Parse(Valid).RootElement));

    [Theory]
    [InlineData("id is not a uuid", "$.id")]
    [InlineData("actor has two identifiers", "$.actor")]
    [InlineData("actor has no identifier", "$.actor")]
    [InlineData("account lacks its home page", "$.actor.account.homePage")]
    [InlineData("account home page is not an IRL", "$.actor.account.homePage")]
    [InlineData("account lacks its name", "$.actor.account.name")]
    [InlineData("mbox is not a mailto IRI", "$.actor.mbox")]
    [InlineData("mbox_sha1sum is not a sha1", "$.actor.mbox_sha1sum")]
    [InlineData("anonymous group has no members", "$.actor.member")]
    [InlineData("verb is missing", "$.verb")]
    [InlineData("verb id is not an IRI", "$.verb.id")]
    [InlineData("verb display has a bad language tag", "$.verb.display['nederlands!']")]
    [InlineData("object id is not an IRI", "$.object.id")]
    [InlineData("object type is unknown", "$.object.objectType")]
    [InlineData("interaction type is unknown", "$.object.definition.interactionType")]
    [InlineData("interaction components repeat an id", "$.object.definition.choices[1].id")]
    [InlineData("statement ref id is not a uuid", "$.object.id")]
    [InlineData("scaled score is above 1", "$.result.score.scaled")]
    [InlineData("raw score is above max", "$.result.score.raw")]
    [InlineData("min score is not below max", "$.result.score.min")]
    [InlineData("success is not a boolean", "$.result.success")]
    [InlineData("duration is not iso 8601", "$.result.duration")]
    [InlineData("result extension key is not an IRI", "$.result.extensions['hit-count']")]
    [InlineData("registration is not a uuid", "$.context.registration")]
    [InlineData("context activities parent is not an activity", "$.context.contextActivities.parent")]
    [InlineData("context activities has an unknown kind", "$.context.contextActivities.children")]
    [InlineData("context activity id is not an IRI", "$.context.contextActivities.parent[0].id")]
    [InlineData("context extension key is not an IRI", "$.context.extensions['guide-version']")]
    [InlineData("context language is not a language tag", "$.context.language")]
    [InlineData("platform is used with an agent as object", "$.context.platform")]
    [InlineData("timestamp has no time zone", "$.timestamp")]
    [InlineData("timestamp is not iso 8601", "$.timestamp")]
    [InlineData("timestamp has offset -00:00", "$.timestamp")]
    [InlineData("top-level property is unknown", "$.epss")]
    [InlineData("a property is null", "$.result")]
    [InlineData("version is not 1.0.x", "$.version")]
    public void Validate_statement_breaking_a_rule_reports_it_at_its_place(string rule, string path)
    {
        var statement = JsonNode.Parse(Valid)!.AsObject();
        Breakages[rule](statement);

        var problems = XapiValidator.Validate(JsonSerializer.SerializeToElement(statement));

        Assert.Contains(problems, p => p.Path == path);
    }

    [Theory]
    [InlineData("nl")]
    [InlineData("nl-NL")]
    [InlineData("zh-Hant-TW")]
    [InlineData("es-419")]
    [InlineData("de-CH-1901")]
    [InlineData("x-epss")]
    [InlineData("en-US-x-twain")]
    public void Validate_accepts_well_formed_language_tags(string tag)
    {
        var statement = JsonNode.Parse(Valid)!.AsObject();
        statement["context"]!["language"] = tag;

        Assert.Empty(XapiValidator.Validate(JsonSerializer.SerializeToElement(statement)));
    }

    [Fact]
    public void ValidateArray_reports_the_index_of_the_broken_statement()
    {
        var broken = JsonNode.Parse(Valid)!.AsObject();
        broken["version"] = "0.95";
        var array = new JsonArray(JsonNode.Parse(Valid), broken);

        var problems = XapiValidator.ValidateArray(JsonSerializer.SerializeToElement(array));

        Assert.Equal("$[1].version", Assert.Single(problems).Path);
    }
}
