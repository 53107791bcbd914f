namespace Epss.Content.Markdown.GuideLinks;

/// <summary>
/// How an author says that a link into the middle of another guide skips that guide's earlier checks on purpose:
/// the link's title starts with "bewust", best followed by the reason: <c>[…](guide:id#step "bewust: al gecontroleerd")</c>.
/// The title is for the linter and the reviewer; it is not shown to officials.
/// </summary>
public static class DeliberateJump
{
    public const string Marker = "bewust";

    public static bool IsMarked(string? title) =>
        title is not null && title.TrimStart().StartsWith(Marker, StringComparison.OrdinalIgnoreCase);
}
