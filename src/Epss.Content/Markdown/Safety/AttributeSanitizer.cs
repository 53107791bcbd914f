using Epss.Content.Markdown.Steps;
using Markdig.Renderers.Html;
using Markdig.Syntax;

namespace Epss.Content.Markdown.Safety;

/// <summary>
/// Generic attributes would let an author write <c>{onclick=…}</c> or <c>{style=…}</c> on any element, and ids
/// could clash with the panel's own. What steps need (id, target, page, source, .end) has been read into the
/// <see cref="StepBlock"/> by now; every id and property is removed, and only plain class names stay.
/// What was removed is recorded so that the validator can report it.
/// </summary>
internal static class AttributeSanitizer
{
    private static readonly object DataKey = typeof(RemovedAttributes);

    public static void Sanitize(MarkdownDocument document)
    {
        foreach (var node in document.Descendants())
        {
            if (node.TryGetAttributes() is not { } attributes)
            {
                continue;
            }
            var removed = new List<string>();
            var isStepHeading = node is HeadingBlock { Parent: StepBlock step } heading && step.Heading == heading;
            if (attributes.Id is { } id)
            {
                if (!isStepHeading)
                {
                    removed.Add("#" + id);
                }
                attributes.Id = null;
            }
            if (attributes.Properties is { Count: > 0 } properties)
            {
                if (!isStepHeading)
                {
                    removed.AddRange(properties.Select(p => p.Key));
                }
                properties.Clear();
            }
            if (attributes.Classes is { Count: > 0 } classes)
            {
                if (isStepHeading)
                {
                    classes.Clear();
                }
                else
                {
                    removed.AddRange(classes.Where(c => !IsPlainClassName(c)).Select(c => "." + c));
                    classes.RemoveAll(c => !IsPlainClassName(c));
                }
            }
            if (removed.Count > 0)
            {
                node.SetData(DataKey, new RemovedAttributes(removed));
            }
        }
    }

    public static RemovedAttributes? RemovedFrom(Markdig.Syntax.MarkdownObject node) => node.GetData(DataKey) as RemovedAttributes;

    private static bool IsPlainClassName(string value) =>
        value.Length is > 0 and <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}

/// <summary>Attributes an author wrote that were not rendered.</summary>
public sealed record RemovedAttributes(IReadOnlyList<string> Names);
