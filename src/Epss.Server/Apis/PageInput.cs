using Epss.Search;

namespace Epss.Server.Apis;

/// <summary>The page an official is on, as a panel (the hub) or a request (<c>/api/search</c>, <c>/api/context</c>) names it: checked here once for both.</summary>
internal static class PageInput
{
    /// <summary>The page, or null when nothing names it; a field that is too long is added to <paramref name="errors"/> by its name.</summary>
    public static PageContext? Check(string? url, string? title, string? app, IDictionary<string, string[]> errors)
    {
        var context = new PageContext(
            Field(url, PageContext.MaximumUrlLength, "url", "Het adres van de pagina", errors),
            Field(title, PageContext.MaximumTitleLength, "title", "De titel van de pagina", errors),
            Field(app, PageContext.MaximumAppLength, "app", "De naam van de applicatie", errors));
        return context.IsEmpty ? null : context;
    }

    private static string? Field(string? value, int maximumLength, string name, string what, IDictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (value.Length > maximumLength)
        {
            errors[name] = [$"{what} is te lang (hoogstens {maximumLength} tekens)."];
            return null;
        }
        return value.Trim();
    }
}
