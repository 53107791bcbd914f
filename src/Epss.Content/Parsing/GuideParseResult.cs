using System.Collections.Immutable;
using Epss.Content.Diagnostics;
using Epss.Content.Model;

namespace Epss.Content.Parsing;

public enum ReferenceKind
{
    Decision,
    Link,
    Related,
}

/// <summary>
/// A place in a guide that points at another guide (and maybe one of its steps); checked against the whole library.
/// <see cref="Deliberate"/>: the link's title starts with "bewust", so a jump past the target's checks is intended.
/// </summary>
public sealed record GuideReference(string GuideId, string? StepId, int Line, int Column, ReferenceKind Kind, bool Deliberate = false);

/// <summary>
/// The outcome of parsing one file. <see cref="Guide"/> is set only when the file itself has no errors;
/// references to other guides are checked by the library, which knows them all.
/// </summary>
public sealed record GuideParseResult(
    string File,
    Located<string>? Id,
    Guide? Guide,
    ImmutableArray<ContentDiagnostic> Diagnostics,
    ImmutableArray<GuideReference> References,
    ImmutableArray<Located<string>> UnreachableSteps,
    string Version)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}
