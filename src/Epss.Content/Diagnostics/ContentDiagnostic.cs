namespace Epss.Content.Diagnostics;

public enum DiagnosticLevel
{
    Warning,
    Error,
}

/// <summary>
/// A problem in a content file, with its place (1-based line and column) and a message an expert can act on.
/// </summary>
public sealed record ContentDiagnostic(
    string File,
    int Line,
    int Column,
    DiagnosticLevel Level,
    string Code,
    string Message)
{
    public bool IsError => Level == DiagnosticLevel.Error;

    /// <summary>The format compilers use, so editors and CI logs link to the place: <c>file:line:col: level: message</c>.</summary>
    public override string ToString() =>
        $"{File}:{Line}:{Column}: {(IsError ? "error" : "warning")}: {Message}";
}
