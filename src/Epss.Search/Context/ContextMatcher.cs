using System.Runtime.CompilerServices;
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
    public const string ReasonFirst = "eerste taak op deze pagina";

    /// <summary>
    /// What leading a page (<c>context.first</c>) adds to a guide's fit: more than any fit can reach without it, so an
    /// expert's choice of a page's first task always wins over how well other guides happen to match.
    /// </summary>
    private const double FirstTaskLift = 10;

    public static IReadOnlyList<ContextSuggestion> Suggest(IEnumerable<Guide> guides, PageContext context, int limit)
    {
        var page = Page.Of(context);
        var suggestions = new List<ContextSuggestion>();
        foreach (var guide in guides)
        {
            if (Fit(guide, page) is { } fit)
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
    public static double Strength(Guide guide, PageContext context) => Strength(guide, Page.Of(context));

    /// <summary>As <see cref="Strength(Guide, PageContext)"/> for a page prepared once for many guides.</summary>
    internal static double Strength(Guide guide, Page page) => Fit(guide, page)?.Score ?? 0;

    private static (double Score, string Reason)? Fit(Guide guide, Page page)
    {
        if (guide.Context.IsEmpty || page.IsEmpty)
        {
            return null;
        }
        var keys = GuideKeys.Of(guide);
        var bestUrl = -1;
        if (page.Url is { } url)
        {
            foreach (var pattern in keys.Urls)
            {
                if (pattern.IsMatch(url))
                {
                    bestUrl = Math.Max(bestUrl, pattern.Literals);
                }
            }
        }
        var titleFits = false;
        if (page.Title is { } title)
        {
            foreach (var keyword in keys.Titles)
            {
                titleFits |= title.Contains(keyword, StringComparison.Ordinal);
            }
        }
        var appFits = false;
        if (page.App is { } app)
        {
            foreach (var guideApp in guide.Context.Apps)
            {
                appFits |= string.Equals(guideApp, app, StringComparison.OrdinalIgnoreCase);
            }
        }

        if (bestUrl < 0 && !titleFits)
        {
            return null;
        }
        // Among guides that fit the same page, prefer the one named like the page, then the one made for fewer pages.
        var namedLikePage = page.Title is not null && page.Title.Contains(keys.Title, StringComparison.Ordinal);
        var leads = bestUrl >= 0 && page.Url is { } address && keys.First.Any(pattern => pattern.IsMatch(address));
        var score = (leads ? FirstTaskLift : 0)
            + (bestUrl >= 0 ? 1.0 + (Math.Min(bestUrl, 200) / 1000.0) : 0)
            + (titleFits ? 0.5 : 0)
            + (appFits ? 0.1 : 0)
            + (namedLikePage ? 0.3 : 0)
            + (0.05 / Math.Max(1, guide.Context.Urls.Length + guide.Context.Titles.Length));
        return (score, leads ? ReasonFirst : bestUrl >= 0 ? ReasonPage : ReasonTitle);
    }

    /// <summary>The page as it is compared with guides: address trimmed and lowered, title folded, once per search and not per guide.</summary>
    internal sealed class Page
    {
        private Page(string? url, string? title, string? app)
        {
            Url = url;
            Title = title;
            App = app;
        }

        /// <summary>Lowered as <see cref="UrlPattern.Lower"/> does.</summary>
        public string? Url { get; }

        /// <summary>Lowercase, without diacritics.</summary>
        public string? Title { get; }

        public string? App { get; }

        public bool IsEmpty => Url is null && Title is null && App is null;

        public static Page Of(PageContext context) => new(
            string.IsNullOrWhiteSpace(context.Url) ? null : UrlPattern.Lower(context.Url.Trim()),
            string.IsNullOrWhiteSpace(context.Title) ? null : Slug.Fold(context.Title),
            string.IsNullOrWhiteSpace(context.App) ? null : context.App.Trim());
    }

    /// <summary>A guide's title and page-title keywords folded and its address patterns compiled, kept as long as that version of the guide lives.</summary>
    private sealed class GuideKeys
    {
        private static readonly ConditionalWeakTable<Guide, GuideKeys> Cache = [];

        private GuideKeys(Guide guide)
        {
            Title = Slug.Fold(guide.Title);
            Titles = [.. guide.Context.Titles.Where(keyword => keyword.Length > 0).Select(Slug.Fold)];
            Urls = [.. guide.Context.Urls.Select(UrlPattern.Compile)];
            First = [.. guide.Context.First.Select(UrlPattern.Compile)];
        }

        /// <summary>The pages on which the guide is the first task.</summary>
        public UrlPattern[] First { get; }

        public UrlPattern[] Urls { get; }

        public string Title { get; }

        public string[] Titles { get; }

        public static GuideKeys Of(Guide guide) => Cache.GetValue(guide, static g => new GuideKeys(g));
    }
}
