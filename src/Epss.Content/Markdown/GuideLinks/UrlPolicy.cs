using Epss.Content.Text;

namespace Epss.Content.Markdown.GuideLinks;

/// <summary>
/// The one place that decides which URLs a guide may contain. An allow-list: http, https, mailto,
/// an in-guide anchor and a guide reference; everything else (javascript:, data:, vbscript:, relative paths,
/// protocol-relative URLs, schemes hidden behind whitespace or entities) is disallowed.
/// </summary>
public static class UrlPolicy
{
    public const string GuideScheme = "guide:";

    public static LinkTarget Classify(string? url)
    {
        var value = (url ?? string.Empty).Trim();
        if (value.Length == 0 || ContainsControlCharacter(value))
        {
            return new LinkTarget(LinkKind.Disallowed, value, null, null);
        }

        if (value[0] == '#')
        {
            var stepId = value[1..];
            return stepId.Length == 0
                ? new LinkTarget(LinkKind.Disallowed, value, null, null)
                : new LinkTarget(LinkKind.Step, value, null, stepId);
        }

        if (value.StartsWith(GuideScheme, StringComparison.OrdinalIgnoreCase))
        {
            var reference = value[GuideScheme.Length..];
            var hash = reference.IndexOf('#', StringComparison.Ordinal);
            var guideId = hash < 0 ? reference : reference[..hash];
            var stepId = hash < 0 ? null : reference[(hash + 1)..];
            // Ids end up in data attributes; only well-formed ones are navigation.
            if (!Slug.IsValid(guideId) || (stepId is not null && !Slug.IsValid(stepId)))
            {
                return new LinkTarget(LinkKind.Disallowed, value, null, null);
            }
            return new LinkTarget(LinkKind.Guide, value, guideId, stepId);
        }

        if (HasSchemeWithContent(value, "https://") || HasSchemeWithContent(value, "http://") || HasSchemeWithContent(value, "mailto:"))
        {
            return new LinkTarget(LinkKind.External, value, null, null);
        }

        return new LinkTarget(LinkKind.Disallowed, value, null, null);
    }

    /// <summary>Image sources: only http and https.</summary>
    public static bool IsAllowedImageSource(string? url)
    {
        var value = (url ?? string.Empty).Trim();
        return !ContainsControlCharacter(value)
            && (HasSchemeWithContent(value, "https://") || HasSchemeWithContent(value, "http://"));
    }

    /// <summary>
    /// The href written for a target. Guide navigation becomes a fragment, so that a client that does not
    /// intercept the click never leaves its page; the data attributes carry the real destination.
    /// </summary>
    public static string HrefFor(LinkTarget target) => target.Kind switch
    {
        LinkKind.External => target.Url,
        LinkKind.Step => "#" + target.StepId,
        LinkKind.Guide => target.StepId is null ? $"#guide={target.GuideId}" : $"#guide={target.GuideId}&step={target.StepId}",
        _ => "#",
    };

    /// <summary>
    /// The renderer's last line of defence (<c>HtmlRenderer.LinkRewriter</c>): whatever renderer writes a URL,
    /// a URL outside the allow-list never reaches the output.
    /// </summary>
    public static string RewriteForOutput(string url) =>
        url.StartsWith('#') || Classify(url).Kind == LinkKind.External ? url : "#";

    private static bool HasSchemeWithContent(string value, string scheme) =>
        value.Length > scheme.Length && value.StartsWith(scheme, StringComparison.OrdinalIgnoreCase);

    private static bool ContainsControlCharacter(string value)
    {
        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }
        return false;
    }
}
