using System.Collections.Concurrent;
using Epss.Content.Library;
using Epss.Testing;

namespace Epss.Search.Tests.Support;

/// <summary>
/// Records every <see cref="GuideLibrary.Changed"/> of a library. Subscribed after the search, so when a change
/// is recorded the search has already applied it (handlers run in order).
/// </summary>
internal sealed class ChangeRecorder : IDisposable
{
    private readonly GuideLibrary _library;
    private readonly ConcurrentQueue<GuideLibraryChange> _changes = new();

    public ChangeRecorder(GuideLibrary library)
    {
        _library = library;
        _library.Changed += _changes.Enqueue;
    }

    public IReadOnlyCollection<GuideLibraryChange> All => _changes;

    /// <summary>Waits (generously) for a change that <paramref name="match"/> accepts and returns the first such change.</summary>
    public async Task<GuideLibraryChange> WaitForAsync(Func<GuideLibraryChange, bool> match, string what)
    {
        await Eventually.TrueAsync(() => _changes.Any(match), what);
        return _changes.First(match);
    }

    /// <summary>Waits until the library serves <paramref name="guideId"/> at exactly the version of <paramref name="fileBytes"/>.</summary>
    public Task<GuideLibraryChange> WaitForVersionAsync(string guideId, byte[] fileBytes)
    {
        var version = Content.Parsing.GuideParser.VersionOf(fileBytes);
        return WaitForAsync(c => c.Upserted.Any(g => g.Id == guideId && g.Version == version), $"{guideId} served at version {version}");
    }

    public void Dispose() => _library.Changed -= _changes.Enqueue;
}
