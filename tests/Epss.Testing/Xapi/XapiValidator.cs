using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Epss.Xapi;

namespace Epss.Testing.Xapi;

/// <summary>One broken rule: where in the statement (a JSON path such as <c>$.actor.account.homePage</c>) and what.</summary>
public sealed record XapiProblem(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>
/// Checks statements against the rules of xAPI 1.0.3 (xAPI-Data.md, part two) that a Learning Record Store enforces:
/// ids, the actor's inverse functional identifier, verb and object IRIs, language maps, result and score, context,
/// timestamps, allowed properties and version. Works on the JSON itself, so that what is checked is what is sent.
/// </summary>
/// <remarks>
/// Stricter than the spec in one place: a timestamp must carry its time zone (the spec says SHOULD), since an LRS
/// otherwise guesses. Attachments and sub-statements, which Epss never writes, are checked only for their shape.
/// </remarks>
public static partial class XapiValidator
{
    private static readonly string[] StatementProperties = ["id", "actor", "verb", "object", "result", "context", "timestamp", "stored", "authority", "version", "attachments"];
    private static readonly string[] AgentProperties = ["objectType", "name", "mbox", "mbox_sha1sum", "openid", "account"];
    private static readonly string[] GroupProperties = ["objectType", "name", "mbox", "mbox_sha1sum", "openid", "account", "member"];
    private static readonly string[] InverseFunctionalIdentifiers = ["mbox", "mbox_sha1sum", "openid", "account"];
    private static readonly string[] VerbProperties = ["id", "display"];
    private static readonly string[] ActivityProperties = ["objectType", "id", "definition"];
    private static readonly string[] DefinitionProperties =
        ["name", "description", "type", "moreInfo", "extensions", "interactionType", "correctResponsesPattern", "choices", "scale", "source", "target", "steps"];
    private static readonly string[] InteractionComponentLists = ["choices", "scale", "source", "target", "steps"];
    private static readonly string[] InteractionTypes =
        ["true-false", "choice", "fill-in", "long-fill-in", "matching", "performance", "sequencing", "likert", "numeric", "other"];
    private static readonly string[] ResultProperties = ["score", "success", "completion", "response", "duration", "extensions"];
    private static readonly string[] ScoreProperties = ["scaled", "raw", "min", "max"];
    private static readonly string[] ContextProperties =
        ["registration", "instructor", "team", "contextActivities", "revision", "platform", "language", "statement", "extensions"];
    private static readonly string[] ContextActivityKinds = ["parent", "grouping", "category", "other"];
    private static readonly string[] AttachmentProperties = ["usageType", "display", "description", "contentType", "length", "sha2", "fileUrl"];

    /// <summary>Every broken rule of one statement; empty when it is valid.</summary>
    public static IReadOnlyList<XapiProblem> Validate(JsonElement statement)
    {
        var problems = new List<XapiProblem>();
        Statement(statement, "$", problems, isSubStatement: false);
        return problems;
    }

    /// <summary>Every broken rule of a JSON array of statements (an export file), with paths such as <c>$[3].verb.id</c>.</summary>
    public static IReadOnlyList<XapiProblem> ValidateArray(JsonElement statements)
    {
        var problems = new List<XapiProblem>();
        if (statements.ValueKind != JsonValueKind.Array)
        {
            problems.Add(new("$", "is geen JSON-array van statements"));
            return problems;
        }
        var i = 0;
        foreach (var statement in statements.EnumerateArray())
        {
            Statement(statement, $"$[{i++}]", problems, isSubStatement: false);
        }
        return problems;
    }

    /// <summary>Validates a statement as Epss serializes it.</summary>
    public static IReadOnlyList<XapiProblem> Validate(XapiStatement statement) =>
        Validate(JsonSerializer.SerializeToElement(statement, XapiJson.Options));

    private static void Statement(JsonElement s, string path, List<XapiProblem> problems, bool isSubStatement)
    {
        if (!IsObject(s, path, problems))
        {
            return;
        }
        var allowed = isSubStatement ? ["objectType", "actor", "verb", "object", "result", "context", "timestamp", "attachments"] : StatementProperties;
        OnlyKnown(s, path, allowed, problems);
        if (!isSubStatement && s.TryGetProperty("id", out var id))
        {
            Uuid(id, path + ".id", problems);
        }
        if (Required(s, "actor", path, problems) is { } actor)
        {
            AgentOrGroup(actor, path + ".actor", problems);
        }
        if (Required(s, "verb", path, problems) is { } verb)
        {
            Verb(verb, path + ".verb", problems);
        }
        string? objectType = null;
        if (Required(s, "object", path, problems) is { } target)
        {
            objectType = StatementObject(target, path + ".object", problems, isSubStatement);
        }
        if (s.TryGetProperty("result", out var result))
        {
            Result(result, path + ".result", problems);
        }
        if (s.TryGetProperty("context", out var context))
        {
            Context(context, path + ".context", objectType, problems);
        }
        if (s.TryGetProperty("timestamp", out var timestamp))
        {
            Timestamp(timestamp, path + ".timestamp", problems);
        }
        if (s.TryGetProperty("stored", out var stored))
        {
            Timestamp(stored, path + ".stored", problems);
        }
        if (s.TryGetProperty("authority", out var authority))
        {
            AgentOrGroup(authority, path + ".authority", problems);
        }
        if (s.TryGetProperty("version", out var version)
            && (version.ValueKind != JsonValueKind.String || !VersionPattern().IsMatch(version.GetString()!)))
        {
            problems.Add(new(path + ".version", "is geen xAPI-versie 1.0.x"));
        }
        if (s.TryGetProperty("attachments", out var attachments))
        {
            Attachments(attachments, path + ".attachments", problems);
        }
        if (isSubStatement && s.TryGetProperty("objectType", out var subType) && subType.ValueKind == JsonValueKind.String && subType.GetString() != "SubStatement")
        {
            problems.Add(new(path + ".objectType", "is 'SubStatement'"));
        }
    }

    private static void AgentOrGroup(JsonElement actor, string path, List<XapiProblem> problems)
    {
        if (!IsObject(actor, path, problems))
        {
            return;
        }
        if (ObjectType(actor, path, problems) == "Group")
        {
            Group(actor, path, problems);
        }
        else
        {
            Agent(actor, path, problems, requiredType: null);
        }
    }

    private static void Agent(JsonElement agent, string path, List<XapiProblem> problems, string? requiredType)
    {
        if (!IsObject(agent, path, problems))
        {
            return;
        }
        var type = ObjectType(agent, path, problems);
        if (type is not (null or "Agent"))
        {
            problems.Add(new(path + ".objectType", requiredType is null ? "is 'Agent' of 'Group'" : "is 'Agent' (een groep bevat alleen agents)"));
        }
        OnlyKnown(agent, path, AgentProperties, problems);
        if (agent.TryGetProperty("name", out var name) && name.ValueKind != JsonValueKind.String)
        {
            problems.Add(new(path + ".name", "is een tekst"));
        }
        var identifiers = Identifiers(agent, path, problems);
        if (identifiers != 1)
        {
            problems.Add(new(path, $"een agent heeft precies één identificatie (mbox, mbox_sha1sum, openid of account), niet {identifiers}"));
        }
    }

    private static void Group(JsonElement group, string path, List<XapiProblem> problems)
    {
        OnlyKnown(group, path, GroupProperties, problems);
        var identifiers = Identifiers(group, path, problems);
        if (identifiers > 1)
        {
            problems.Add(new(path, "een groep heeft hoogstens één identificatie (mbox, mbox_sha1sum, openid of account)"));
        }
        if (group.TryGetProperty("member", out var members))
        {
            if (members.ValueKind != JsonValueKind.Array)
            {
                problems.Add(new(path + ".member", "is een lijst van agents"));
            }
            else
            {
                var i = 0;
                foreach (var member in members.EnumerateArray())
                {
                    Agent(member, $"{path}.member[{i++}]", problems, requiredType: "Agent");
                }
            }
        }
        else if (identifiers == 0)
        {
            problems.Add(new(path + ".member", "een anonieme groep (zonder identificatie) heeft leden"));
        }
    }

    /// <summary>Checks each inverse functional identifier present; returns how many there are.</summary>
    private static int Identifiers(JsonElement agent, string path, List<XapiProblem> problems)
    {
        var count = 0;
        foreach (var ifi in InverseFunctionalIdentifiers)
        {
            if (!agent.TryGetProperty(ifi, out var value))
            {
                continue;
            }
            count++;
            var at = path + "." + ifi;
            switch (ifi)
            {
                case "mbox" when value.ValueKind != JsonValueKind.String || !MailtoPattern().IsMatch(value.GetString()!):
                    problems.Add(new(at, "is een mailto:-IRI met een e-mailadres"));
                    break;
                case "mbox_sha1sum" when value.ValueKind != JsonValueKind.String || !Sha1Pattern().IsMatch(value.GetString()!):
                    problems.Add(new(at, "is de SHA-1 van een mailto:-IRI, 40 hexadecimale tekens"));
                    break;
                case "openid" when !IsIri(value):
                    problems.Add(new(at, "is een URI"));
                    break;
                case "account":
                    Account(value, at, problems);
                    break;
            }
        }
        return count;
    }

    private static void Account(JsonElement account, string path, List<XapiProblem> problems)
    {
        if (!IsObject(account, path, problems))
        {
            return;
        }
        OnlyKnown(account, path, ["homePage", "name"], problems);
        if (Required(account, "homePage", path, problems) is { } homePage && !IsIrl(homePage))
        {
            problems.Add(new(path + ".homePage", "is een IRL (een absoluut http- of https-adres)"));
        }
        if (Required(account, "name", path, problems) is { } name && (name.ValueKind != JsonValueKind.String || name.GetString()!.Length == 0))
        {
            problems.Add(new(path + ".name", "is een niet-lege tekst"));
        }
    }

    private static void Verb(JsonElement verb, string path, List<XapiProblem> problems)
    {
        if (!IsObject(verb, path, problems))
        {
            return;
        }
        OnlyKnown(verb, path, VerbProperties, problems);
        if (Required(verb, "id", path, problems) is { } id && !IsIri(id))
        {
            problems.Add(new(path + ".id", "is een IRI"));
        }
        if (verb.TryGetProperty("display", out var display))
        {
            LanguageMap(display, path + ".display", problems);
        }
    }

    /// <summary>Checks the object by its objectType; returns that type (Activity when absent).</summary>
    private static string? StatementObject(JsonElement target, string path, List<XapiProblem> problems, bool isSubStatement)
    {
        if (!IsObject(target, path, problems))
        {
            return null;
        }
        var type = ObjectType(target, path, problems) ?? "Activity";
        switch (type)
        {
            case "Activity":
                Activity(target, path, problems);
                break;
            case "Agent":
                Agent(target, path, problems, requiredType: null);
                break;
            case "Group":
                Group(target, path, problems);
                break;
            case "StatementRef":
                OnlyKnown(target, path, ["objectType", "id"], problems);
                if (Required(target, "id", path, problems) is { } id)
                {
                    Uuid(id, path + ".id", problems);
                }
                break;
            case "SubStatement" when !isSubStatement:
                Statement(target, path, problems, isSubStatement: true);
                break;
            default:
                problems.Add(new(path + ".objectType", isSubStatement
                    ? "is Activity, Agent, Group of StatementRef (een SubStatement bevat geen SubStatement)"
                    : "is Activity, Agent, Group, StatementRef of SubStatement"));
                break;
        }
        return type;
    }

    private static void Activity(JsonElement activity, string path, List<XapiProblem> problems)
    {
        if (!IsObject(activity, path, problems))
        {
            return;
        }
        if (ObjectType(activity, path, problems) is not (null or "Activity"))
        {
            problems.Add(new(path + ".objectType", "is 'Activity'"));
        }
        OnlyKnown(activity, path, ActivityProperties, problems);
        if (Required(activity, "id", path, problems) is { } id && !IsIri(id))
        {
            problems.Add(new(path + ".id", "is een IRI"));
        }
        if (!activity.TryGetProperty("definition", out var definition) || !IsObject(definition, path + ".definition", problems))
        {
            return;
        }
        var at = path + ".definition";
        OnlyKnown(definition, at, DefinitionProperties, problems);
        if (definition.TryGetProperty("name", out var name))
        {
            LanguageMap(name, at + ".name", problems);
        }
        if (definition.TryGetProperty("description", out var description))
        {
            LanguageMap(description, at + ".description", problems);
        }
        if (definition.TryGetProperty("type", out var type) && !IsIri(type))
        {
            problems.Add(new(at + ".type", "is een IRI"));
        }
        if (definition.TryGetProperty("moreInfo", out var moreInfo) && !IsIrl(moreInfo))
        {
            problems.Add(new(at + ".moreInfo", "is een IRL (een absoluut http- of https-adres)"));
        }
        if (definition.TryGetProperty("extensions", out var extensions))
        {
            Extensions(extensions, at + ".extensions", problems);
        }
        var hasInteractionType = definition.TryGetProperty("interactionType", out var interactionType);
        if (hasInteractionType && (interactionType.ValueKind != JsonValueKind.String || !InteractionTypes.Contains(interactionType.GetString())))
        {
            problems.Add(new(at + ".interactionType", "is een van " + string.Join(", ", InteractionTypes)));
        }
        if (definition.TryGetProperty("correctResponsesPattern", out var pattern)
            && (pattern.ValueKind != JsonValueKind.Array || pattern.EnumerateArray().Any(p => p.ValueKind != JsonValueKind.String)))
        {
            problems.Add(new(at + ".correctResponsesPattern", "is een lijst van teksten"));
        }
        foreach (var list in InteractionComponentLists)
        {
            if (definition.TryGetProperty(list, out var components) && !hasInteractionType)
            {
                problems.Add(new($"{at}.{list}", "hoort alleen bij een activiteit met een interactionType"));
            }
            else if (definition.TryGetProperty(list, out components))
            {
                InteractionComponents(components, $"{at}.{list}", problems);
            }
        }
    }

    private static void InteractionComponents(JsonElement components, string path, List<XapiProblem> problems)
    {
        if (components.ValueKind != JsonValueKind.Array)
        {
            problems.Add(new(path, "is een lijst van interactiecomponenten"));
            return;
        }
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var component in components.EnumerateArray())
        {
            var at = $"{path}[{i++}]";
            if (!IsObject(component, at, problems))
            {
                continue;
            }
            OnlyKnown(component, at, ["id", "description"], problems);
            if (Required(component, "id", at, problems) is { } id && (id.ValueKind != JsonValueKind.String || !ids.Add(id.GetString()!)))
            {
                problems.Add(new(at + ".id", "is een tekst, uniek binnen de lijst"));
            }
            if (component.TryGetProperty("description", out var description))
            {
                LanguageMap(description, at + ".description", problems);
            }
        }
    }

    private static void Result(JsonElement result, string path, List<XapiProblem> problems)
    {
        if (!IsObject(result, path, problems))
        {
            return;
        }
        OnlyKnown(result, path, ResultProperties, problems);
        foreach (var flag in new[] { "success", "completion" })
        {
            if (result.TryGetProperty(flag, out var value) && value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                problems.Add(new($"{path}.{flag}", "is true of false"));
            }
        }
        if (result.TryGetProperty("response", out var response) && response.ValueKind != JsonValueKind.String)
        {
            problems.Add(new(path + ".response", "is een tekst"));
        }
        if (result.TryGetProperty("duration", out var duration)
            && (duration.ValueKind != JsonValueKind.String || !DurationPattern().IsMatch(duration.GetString()!) || duration.GetString() is "P" or "PT"))
        {
            problems.Add(new(path + ".duration", "is een ISO 8601-duur, zoals PT1M30S"));
        }
        if (result.TryGetProperty("extensions", out var extensions))
        {
            Extensions(extensions, path + ".extensions", problems);
        }
        if (result.TryGetProperty("score", out var score))
        {
            Score(score, path + ".score", problems);
        }
    }

    private static void Score(JsonElement score, string path, List<XapiProblem> problems)
    {
        if (!IsObject(score, path, problems))
        {
            return;
        }
        OnlyKnown(score, path, ScoreProperties, problems);
        double? Number(string name)
        {
            if (!score.TryGetProperty(name, out var value))
            {
                return null;
            }
            if (value.ValueKind != JsonValueKind.Number)
            {
                problems.Add(new($"{path}.{name}", "is een getal"));
                return null;
            }
            return value.GetDouble();
        }
        var scaled = Number("scaled");
        var raw = Number("raw");
        var min = Number("min");
        var max = Number("max");
        if (scaled is < -1 or > 1)
        {
            problems.Add(new(path + ".scaled", "ligt tussen -1 en 1"));
        }
        if (min is { } low && max is { } high && low >= high)
        {
            problems.Add(new(path + ".min", "is kleiner dan max"));
        }
        if (raw is { } r && ((min is { } mn && r < mn) || (max is { } mx && r > mx)))
        {
            problems.Add(new(path + ".raw", "ligt tussen min en max"));
        }
    }

    private static void Context(JsonElement context, string path, string? objectType, List<XapiProblem> problems)
    {
        if (!IsObject(context, path, problems))
        {
            return;
        }
        OnlyKnown(context, path, ContextProperties, problems);
        if (context.TryGetProperty("registration", out var registration))
        {
            Uuid(registration, path + ".registration", problems);
        }
        if (context.TryGetProperty("instructor", out var instructor))
        {
            AgentOrGroup(instructor, path + ".instructor", problems);
        }
        if (context.TryGetProperty("team", out var team))
        {
            if (IsObject(team, path + ".team", problems) && ObjectType(team, path + ".team", problems) != "Group")
            {
                problems.Add(new(path + ".team.objectType", "is 'Group'"));
            }
            else if (team.ValueKind == JsonValueKind.Object)
            {
                Group(team, path + ".team", problems);
            }
        }
        if (context.TryGetProperty("contextActivities", out var activities) && IsObject(activities, path + ".contextActivities", problems))
        {
            var at = path + ".contextActivities";
            OnlyKnown(activities, at, ContextActivityKinds, problems);
            foreach (var kind in ContextActivityKinds)
            {
                if (!activities.TryGetProperty(kind, out var value))
                {
                    continue;
                }
                if (value.ValueKind == JsonValueKind.Array)
                {
                    var i = 0;
                    foreach (var activity in value.EnumerateArray())
                    {
                        Activity(activity, $"{at}.{kind}[{i++}]", problems);
                    }
                }
                else if (value.ValueKind == JsonValueKind.Object)
                {
                    Activity(value, $"{at}.{kind}", problems);
                }
                else
                {
                    problems.Add(new($"{at}.{kind}", "is een activiteit of een lijst van activiteiten"));
                }
            }
        }
        foreach (var text in new[] { "revision", "platform" })
        {
            if (!context.TryGetProperty(text, out var value))
            {
                continue;
            }
            if (value.ValueKind != JsonValueKind.String)
            {
                problems.Add(new($"{path}.{text}", "is een tekst"));
            }
            if (objectType is "Agent" or "Group")
            {
                problems.Add(new($"{path}.{text}", "mag niet gebruikt worden als het object een agent of groep is"));
            }
        }
        if (context.TryGetProperty("language", out var language)
            && (language.ValueKind != JsonValueKind.String || !LanguageTagPattern().IsMatch(language.GetString()!)))
        {
            problems.Add(new(path + ".language", "is een taalcode volgens RFC 5646, zoals nl-NL"));
        }
        if (context.TryGetProperty("statement", out var statement) && IsObject(statement, path + ".statement", problems))
        {
            OnlyKnown(statement, path + ".statement", ["objectType", "id"], problems);
            if (ObjectType(statement, path + ".statement", problems) != "StatementRef")
            {
                problems.Add(new(path + ".statement.objectType", "is 'StatementRef'"));
            }
            if (Required(statement, "id", path + ".statement", problems) is { } id)
            {
                Uuid(id, path + ".statement.id", problems);
            }
        }
        if (context.TryGetProperty("extensions", out var extensions))
        {
            Extensions(extensions, path + ".extensions", problems);
        }
    }

    private static void Attachments(JsonElement attachments, string path, List<XapiProblem> problems)
    {
        if (attachments.ValueKind != JsonValueKind.Array)
        {
            problems.Add(new(path, "is een lijst van bijlagen"));
            return;
        }
        var i = 0;
        foreach (var attachment in attachments.EnumerateArray())
        {
            var at = $"{path}[{i++}]";
            if (!IsObject(attachment, at, problems))
            {
                continue;
            }
            OnlyKnown(attachment, at, AttachmentProperties, problems);
            if (Required(attachment, "usageType", at, problems) is { } usageType && !IsIri(usageType))
            {
                problems.Add(new(at + ".usageType", "is een IRI"));
            }
            if (Required(attachment, "display", at, problems) is { } display)
            {
                LanguageMap(display, at + ".display", problems);
            }
            if (Required(attachment, "contentType", at, problems) is { ValueKind: not JsonValueKind.String })
            {
                problems.Add(new(at + ".contentType", "is een internet media type"));
            }
            if (Required(attachment, "length", at, problems) is { } length && (length.ValueKind != JsonValueKind.Number || !length.TryGetInt64(out var n) || n < 0))
            {
                problems.Add(new(at + ".length", "is een geheel getal van 0 of meer"));
            }
            if (Required(attachment, "sha2", at, problems) is { ValueKind: not JsonValueKind.String })
            {
                problems.Add(new(at + ".sha2", "is een SHA-2-hash"));
            }
        }
    }

    private static void Extensions(JsonElement extensions, string path, List<XapiProblem> problems)
    {
        if (!IsObject(extensions, path, problems))
        {
            return;
        }
        foreach (var property in extensions.EnumerateObject())
        {
            if (!IsIri(property.Name))
            {
                problems.Add(new($"{path}['{property.Name}']", "de sleutel van een extensie is een IRI"));
            }
        }
    }

    private static void LanguageMap(JsonElement map, string path, List<XapiProblem> problems)
    {
        if (!IsObject(map, path, problems))
        {
            return;
        }
        foreach (var property in map.EnumerateObject())
        {
            if (!LanguageTagPattern().IsMatch(property.Name))
            {
                problems.Add(new($"{path}['{property.Name}']", "is geen taalcode volgens RFC 5646"));
            }
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                problems.Add(new($"{path}['{property.Name}']", "is een tekst"));
            }
        }
    }

    private static void Timestamp(JsonElement timestamp, string path, List<XapiProblem> problems)
    {
        var text = timestamp.ValueKind == JsonValueKind.String ? timestamp.GetString()! : "";
        if (!TimestampPattern().IsMatch(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            problems.Add(new(path, "is een ISO 8601-tijdstip met tijdzone, zoals 2026-12-01T09:30:00.000+01:00"));
        }
        else if (text.EndsWith("-00:00", StringComparison.Ordinal) || text.EndsWith("-0000", StringComparison.Ordinal) || text.EndsWith("-00", StringComparison.Ordinal))
        {
            problems.Add(new(path, "de tijdzone -00:00 is niet toegestaan (RFC 3339: onbekende tijdzone)"));
        }
    }

    private static void Uuid(JsonElement value, string path, List<XapiProblem> problems)
    {
        if (value.ValueKind != JsonValueKind.String || !UuidPattern().IsMatch(value.GetString()!))
        {
            problems.Add(new(path, "is een UUID (RFC 4122), zoals 3f2b8c1e-9d4a-4e7b-8c2d-1a5f6b7c8d9e"));
        }
    }

    private static string? ObjectType(JsonElement value, string path, List<XapiProblem> problems)
    {
        if (!value.TryGetProperty("objectType", out var type))
        {
            return null;
        }
        if (type.ValueKind != JsonValueKind.String)
        {
            problems.Add(new(path + ".objectType", "is een tekst"));
            return null;
        }
        return type.GetString();
    }

    private static JsonElement? Required(JsonElement value, string name, string path, List<XapiProblem> problems)
    {
        if (value.TryGetProperty(name, out var property))
        {
            return property;
        }
        problems.Add(new($"{path}.{name}", "ontbreekt"));
        return null;
    }

    private static bool IsObject(JsonElement value, string path, List<XapiProblem> problems)
    {
        if (value.ValueKind == JsonValueKind.Object)
        {
            return true;
        }
        problems.Add(new(path, "is een JSON-object"));
        return false;
    }

    /// <summary>xAPI forbids properties it does not define (extensions are the place for more).</summary>
    private static void OnlyKnown(JsonElement value, string path, string[] allowed, List<XapiProblem> problems)
    {
        foreach (var property in value.EnumerateObject())
        {
            if (!allowed.Contains(property.Name, StringComparer.Ordinal))
            {
                problems.Add(new($"{path}.{property.Name}", "is geen eigenschap die xAPI 1.0.3 hier kent"));
            }
            if (property.Value.ValueKind == JsonValueKind.Null)
            {
                problems.Add(new($"{path}.{property.Name}", "is null; laat een lege eigenschap weg"));
            }
        }
    }

    private static bool IsIri(JsonElement value) => value.ValueKind == JsonValueKind.String && IsIri(value.GetString()!);

    /// <summary>An absolute IRI: a scheme and no spaces (Uri accepts the non-ASCII characters an IRI may have).</summary>
    private static bool IsIri(string value) =>
        value.Length > 0 && !value.Any(char.IsWhiteSpace) && SchemePattern().IsMatch(value) && Uri.TryCreate(value, UriKind.Absolute, out _);

    private static bool IsIrl(JsonElement value) =>
        IsIri(value) && Uri.TryCreate(value.GetString(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial Regex SchemePattern();

    [GeneratedRegex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$")]
    private static partial Regex UuidPattern();

    [GeneratedRegex(@"^1\.0(\.\d+)?$")]
    private static partial Regex VersionPattern();

    [GeneratedRegex(@"^mailto:[^@\s]+@[^@\s]+$")]
    private static partial Regex MailtoPattern();

    [GeneratedRegex("^[0-9a-fA-F]{40}$")]
    private static partial Regex Sha1Pattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)$")]
    private static partial Regex TimestampPattern();

    [GeneratedRegex(@"^P(?!$)(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?W)?(\d+(\.\d+)?D)?(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$")]
    private static partial Regex DurationPattern();

    /// <summary>A well-formed language tag (RFC 5646 §2.1), without the grandfathered irregular tags.</summary>
    [GeneratedRegex(@"^(?:(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4}|[A-Za-z]{5,8})(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|\d{3}))?(?:-(?:[A-Za-z\d]{5,8}|\d[A-Za-z\d]{3}))*(?:-[\dA-WY-Za-wy-z](?:-[A-Za-z\d]{2,8})+)*(?:-[Xx](?:-[A-Za-z\d]{1,8})+)?|[Xx](?:-[A-Za-z\d]{1,8})+)$")]
    private static partial Regex LanguageTagPattern();
}
