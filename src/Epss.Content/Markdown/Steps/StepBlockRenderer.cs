using Markdig.Renderers;
using Markdig.Renderers.Html;

namespace Epss.Content.Markdown.Steps;

/// <summary>
/// Renders a whole step as a section (used when a guide is rendered as one page, such as a preview).
/// The panel receives each step's body separately and never this wrapper.
/// </summary>
public sealed class StepBlockRenderer : HtmlObjectRenderer<StepBlock>
{
    protected override void Write(HtmlRenderer renderer, StepBlock step)
    {
        renderer.EnsureLine();
        renderer.Write("<section class=\"epss-step\"");
        if (step.StepId is not null)
        {
            renderer.Write(" data-step-id=\"").WriteEscape(step.StepId).Write('"');
        }
        renderer.WriteLine(">");
        renderer.WriteChildren(step);
        renderer.WriteLine("</section>");
    }
}
