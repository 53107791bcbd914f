using System.Text.Json.Serialization;

namespace Epss.Xapi;

/// <summary>
/// An xAPI 1.0.3 statement as Epss writes it: only the parts Epss fills. Property names are spelled out so that any
/// serializer settings (the server's web defaults, the CLI's) give the same JSON, and absent parts are left out
/// rather than written as null, which xAPI does not allow.
/// </summary>
public sealed record XapiStatement(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("actor")] XapiAgent Actor,
    [property: JsonPropertyName("verb")] XapiVerb Verb,
    [property: JsonPropertyName("object")] XapiActivity Object,
    [property: JsonPropertyName("result"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] XapiResult? Result,
    [property: JsonPropertyName("context"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] XapiContext? Context,
    [property: JsonPropertyName("timestamp")] DateTimeOffset Timestamp,
    [property: JsonPropertyName("version")] string Version)
{
    public const string SpecVersion = "1.0.3";
}

/// <summary>An official, known to the LRS only by their pseudonym in an account of the Epss server.</summary>
public sealed record XapiAgent([property: JsonPropertyName("account")] XapiAccount Account)
{
    [JsonPropertyName("objectType")]
    [JsonPropertyOrder(-1)]
    public string ObjectType => "Agent";
}

public sealed record XapiAccount(
    [property: JsonPropertyName("homePage")] string HomePage,
    [property: JsonPropertyName("name")] string Name);

public sealed record XapiVerb(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("display")] IReadOnlyDictionary<string, string> Display);

public sealed record XapiActivity(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("definition"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] XapiActivityDefinition? Definition)
{
    [JsonPropertyName("objectType")]
    [JsonPropertyOrder(-1)]
    public string ObjectType => "Activity";
}

public sealed record XapiActivityDefinition(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("name"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? Name = null,
    [property: JsonPropertyName("interactionType"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? InteractionType = null);

/// <summary>Extension values are strings, numbers or booleans (what the usage events hold).</summary>
public sealed record XapiResult(
    [property: JsonPropertyName("success"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Success = null,
    [property: JsonPropertyName("completion"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Completion = null,
    [property: JsonPropertyName("response"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Response = null,
    [property: JsonPropertyName("extensions"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, object>? Extensions = null);

public sealed record XapiContext(
    [property: JsonPropertyName("registration"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? Registration,
    [property: JsonPropertyName("contextActivities"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] XapiContextActivities? ContextActivities,
    [property: JsonPropertyName("revision"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Revision,
    [property: JsonPropertyName("platform")] string Platform,
    [property: JsonPropertyName("language")] string Language,
    [property: JsonPropertyName("extensions"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, object>? Extensions);

public sealed record XapiContextActivities(
    [property: JsonPropertyName("parent"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<XapiActivity>? Parent = null,
    [property: JsonPropertyName("grouping"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<XapiActivity>? Grouping = null,
    [property: JsonPropertyName("other"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<XapiActivity>? Other = null);
