using System.Net;
using System.Text.RegularExpressions;

namespace Epss.Content.Tests.Support;

/// <summary>
/// Checks rendered guide HTML the way an attacker would look at it: every '&lt;' must open a known tag whose
/// attributes are all known, quoted and harmless. No event handlers, no ids, no styles but table alignment, every
/// <c>href</c> a fragment or an http(s)/mailto URL, every <c>src</c> an http(s) URL.
/// </summary>
internal static partial class SafeHtml
{
    private static readonly HashSet<string> Tags = new(StringComparer.Ordinal)
    {
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "section", "ul", "ol", "li", "a", "strong", "em", "code", "pre",
        "blockquote", "div", "table", "thead", "tbody", "tr", "th", "td", "img", "label", "input", "nav", "br", "hr", "del",
    };

    private static readonly HashSet<string> AttributeNames = new(StringComparer.Ordinal)
    {
        "class", "href", "title", "rel", "target", "src", "alt", "loading", "referrerpolicy", "type", "start",
        "aria-label", "data-step-id", "data-guide-id", "data-check-id", "style",
    };

    public static void AssertSafe(string html)
    {
        for (var at = html.IndexOf('<', StringComparison.Ordinal); at >= 0; at = html.IndexOf('<', at + 1))
        {
            var tag = TagPattern().Match(html, at);
            Assert.True(tag.Success, $"A '<' that does not open a well-formed tag: {Around(html, at)}");
            var name = tag.Groups["name"].Value;
            Assert.True(Tags.Contains(name), $"Tag <{name}> is not expected in guide HTML: {Around(html, at)}");
            foreach (Match attribute in AttributePattern().Matches(tag.Groups["attributes"].Value))
            {
                AssertSafeAttribute(attribute.Groups["name"].Value, WebUtility.HtmlDecode(attribute.Groups["value"].Value), html, at);
            }
        }
    }

    /// <summary><see cref="AssertSafe"/>, and none of the dangerous schemes appears anywhere, not even as text.</summary>
    public static void AssertSafeWithoutSchemes(string html)
    {
        AssertSafe(html);
        Assert.DoesNotMatch(DangerousScheme(), WebUtility.HtmlDecode(html));
        Assert.DoesNotMatch(EventHandler(), html);
    }

    private static void AssertSafeAttribute(string name, string value, string html, int at)
    {
        var where = Around(html, at);
        Assert.True(AttributeNames.Contains(name), $"Attribute {name} is not expected in guide HTML: {where}");
        switch (name)
        {
            case "href":
                Assert.True(IsAllowedHref(value), $"href '{value}' is not a fragment or an http(s)/mailto URL: {where}");
                break;
            case "src":
                Assert.True(IsHttp(value), $"src '{value}' is not an http(s) URL: {where}");
                break;
            case "style":
                Assert.Matches("^text-align: (left|center|right);$", value);
                break;
            case "target":
                Assert.Equal("_blank", value);
                break;
            case "type":
                Assert.Contains(value, (string[])["checkbox", "a", "A", "i", "I"]);
                break;
        }
    }

    private static bool IsAllowedHref(string value) =>
        !value.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))
        && (value.StartsWith('#') || IsHttp(value) || value.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase));

    private static bool IsHttp(string value) =>
        !value.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))
        && (value.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("http://", StringComparison.OrdinalIgnoreCase));

    private static string Around(string html, int at) => html.Substring(Math.Max(0, at - 40), Math.Min(html.Length - Math.Max(0, at - 40), 120));

    [GeneratedRegex(@"\G</?(?<name>[a-z][a-z0-9]*)(?<attributes>(?:\s+[a-z][a-z0-9-]*=""[^""<>]*"")*)\s*/?>")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"(?<name>[a-z][a-z0-9-]*)=""(?<value>[^""]*)""")]
    private static partial Regex AttributePattern();

    [GeneratedRegex(@"(?i)(java\s*script|vbscript|data)\s*:")]
    private static partial Regex DangerousScheme();

    [GeneratedRegex(@"(?i)<[^>]*\son[a-z]+\s*=")]
    private static partial Regex EventHandler();
}
