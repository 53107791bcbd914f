using System.Collections.Immutable;

namespace Epss.Content.Diagnostics;

/// <summary>Collects the problems found in one file. Lines and columns are 1-based.</summary>
public sealed class DiagnosticBag(string file)
{
    private readonly ImmutableArray<ContentDiagnostic>.Builder _items = ImmutableArray.CreateBuilder<ContentDiagnostic>();

    public string File { get; } = file;

    public bool HasErrors { get; private set; }

    public void Error(string code, int line, int column, string message)
    {
        HasErrors = true;
        _items.Add(new ContentDiagnostic(File, Math.Max(1, line), Math.Max(1, column), DiagnosticLevel.Error, code, message));
    }

    public void Warning(string code, int line, int column, string message) =>
        _items.Add(new ContentDiagnostic(File, Math.Max(1, line), Math.Max(1, column), DiagnosticLevel.Warning, code, message));

    public ImmutableArray<ContentDiagnostic> ToImmutable() => _items.ToImmutable();
}
