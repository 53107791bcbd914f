using Epss.Content.Text;
using Epss.Search;
using Microsoft.AspNetCore.SignalR;

namespace Epss.Server.Hubs;

/// <summary>
/// Checks what a panel sends before anything is done with it. Anything unacceptable becomes a
/// <see cref="HubException"/> whose message the official (or a developer) can read, in Dutch.
/// </summary>
internal static class HubInput
{
    public const int MaximumRoleLength = 50;

    public static bool IsClientId(string? value) =>
        value is { Length: >= 8 and <= 64 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    /// <summary>A search as typed; a trailing space is kept (it says the last word is finished).</summary>
    public static string Query(string? query)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            throw new HubException("Typ eerst waar je naar zoekt.");
        }
        if (query.Length > SearchRequest.MaximumQueryLength)
        {
            throw new HubException($"Een zoekvraag is hoogstens {SearchRequest.MaximumQueryLength} tekens.");
        }
        return query;
    }

    /// <summary>The page the panel is on (null: none named), checked as <c>/api/search</c> checks it.</summary>
    public static PageContext? Page(PageContextRequest? context)
    {
        if (context is null)
        {
            throw new HubException("Geef de pagina op: url, title en/of app.");
        }
        var errors = new Dictionary<string, string[]>();
        var page = Apis.PageInput.Check(context.Url, context.Title, context.App, errors);
        return errors.Count == 0 ? page : throw new HubException(errors.Values.First()[0]);
    }

    public static string? Optional(string? value, int maximumLength, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        return value.Length <= maximumLength ? value.Trim() : throw new HubException($"{what} is te lang (hoogstens {maximumLength} tekens).");
    }

    /// <summary>A guide or step id: kebab-case, as in the guide files.</summary>
    public static string Id(string? id, string what)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new HubException($"Geef het id van de {what} op.");
        }
        if (!Slug.IsValid(id))
        {
            throw new HubException($"'{Shorten(id)}' is geen geldig id van een {what}.");
        }
        return id;
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
