using Epss.Content.Model;
using Epss.Content.Text;

namespace Epss.Search.Context;

/// <summary>
/// Which guides fit the page an official is on, by the guides' <c>context</c> rules: URL patterns, page-title
/// keywords and application names. The address is the strongest sign, the title next; the application alone
/// suggests nothing (every guide of an application would fit) but strengthens the others.
/// </summary>
public static class ContextMatcher
{
    public const string ReasonPage = "past bij deze pagina";
    public const string ReasonTitle = "past bij de paginatitel";

    public static IReadOnlyList<ContextSuggestion> Suggest(IEnumerable<Guide> guides, PageContext context, int limit)
    {
        var suggestions = new List<ContextSuggestion>();
        foreach (var guide in guides)
        {
            if (Fit(guide, context) is { } fit)
            {
                suggestions.Add(new ContextSuggestion(guide.Id, guide.Title, guide.Summary, fit.Reason, Math.Round(fit.Score, 4)));
            }
        }
        return [.. suggestions
            .OrderByDescending(s => s.Score)
            .ThenBy(s => s.Title, StringComparer.CurrentCulture)
            .Take(limit)];
    }

    /// <summary>How well a guide fits the page, 0 when it does not; used to lift search hits for the page.</summary>
    public static double Strength(Guide guide, PageContext context) => Fit(guide, context)?.Score ?? 0;

    private static (double Score, string Reason)? Fit(Guide guide, PageContext context)
    {
        if (guide.Context.IsEmpty || context.IsEmpty)
        {
            return null;
        }
        var url = context.Url?.Trim();
        var bestUrl = -1;
        if (!string.IsNullOrEmpty(url))
        {
            foreach (var pattern in guide.Context.Urls)
            {
                if (UrlPattern.IsMatch(pattern, url))
                {
                    bestUrl = Math.Max(bestUrl, UrlPattern.Specificity(pattern));
                }
            }
        }
        var titleFits = false;
        if (!string.IsNullOrWhiteSpace(context.Title))
        {
            var title = Slug.Fold(context.Title);
            titleFits = guide.Context.Titles.Any(keyword => keyword.Length > 0 && title.Contains(Slug.Fold(keyword), StringComparison.Ordinal));
        }
        var appFits = !string.IsNullOrWhiteSpace(context.App)
            && guide.Context.Apps.Any(app => string.Equals(app, context.App.Trim(), StringComparison.OrdinalIgnoreCase));

        if (bestUrl < 0 && !titleFits)
        {
            return null;
        }
        // Among guides that fit the same page, prefer the one named like the page, then the one made for fewer pages.
        var namedLikePage = !string.IsNullOrWhiteSpace(context.Title) && Slug.Fold(context.Title).Contains(Slug.Fold(guide.Title), StringComparison.Ordinal);
        var score = (bestUrl >= 0 ? 1.0 + (Math.Min(bestUrl, 200) / 1000.0) : 0)
            + (titleFits ? 0.5 : 0)
            + (appFits ? 0.1 : 0)
            + (namedLikePage ? 0.3 : 0)
            + (0.05 / Math.Max(1, guide.Context.Urls.Length + guide.Context.Titles.Length));
        return (score, bestUrl >= 0 ? ReasonPage : ReasonTitle);
    }
}
