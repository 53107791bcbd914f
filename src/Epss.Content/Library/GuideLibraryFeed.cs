using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Epss.Content.Library;

/// <summary>
/// Keeps the libraries of servers that share a content folder in step, whatever carries the messages between them (the
/// server sends them over Redis): <see cref="Announce"/> says which files this library read or wrote itself, and
/// <see cref="Receive"/> reads again what another server named, so that no server depends on a file watcher, which on
/// a network file system may never fire.
/// </summary>
/// <remarks>
/// A message names the files read (paths relative to the content folder), and the others re-read just those; a removed
/// guide or a changed synonym list asks for the whole folder, which re-parses only files whose bytes changed. A burst
/// of messages makes one read. What a server missed (its messages lost) is caught up by <see cref="RescanAll"/>, which
/// <see cref="RunAsync"/> also calls at every rescan interval.
/// </remarks>
public sealed class GuideLibraryFeed : IDisposable
{
    private readonly GuideLibrary _library;
    private readonly ILogger<GuideLibraryFeed> _logger;

    /// <summary>This process, so that it ignores its own messages.</summary>
    private readonly string _server = Guid.NewGuid().ToString("N");

    /// <summary>Says that <see cref="_pending"/> has work; many messages in a burst make one read.</summary>
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private readonly Lock _gate = new();

    /// <summary>Files to read again; null: the whole folder.</summary>
    private HashSet<string>? _pending = [];

    public GuideLibraryFeed(GuideLibrary library, ILogger<GuideLibraryFeed> logger)
    {
        ArgumentNullException.ThrowIfNull(library);
        _library = library;
        _logger = logger;
        _library.Changed += OnChanged;
        _library.TextsRead += OnTextsRead;
    }

    /// <summary>A message for the other servers: this library read or wrote files itself. Raised on the library's thread; send it without waiting.</summary>
    public event Action<string>? Announce;

    /// <summary>A message from the feed (perhaps this server's own, which is ignored): reads again the files it names.</summary>
    public void Receive(string? message)
    {
        if (Parse(message) is { } change && change.Server != _server)
        {
            Request(change.Paths);
        }
    }

    /// <summary>Reads the whole folder again (messages may have been missed: the connection between servers came back).</summary>
    public void RescanAll() => Request(null);

    /// <summary>Reads what was asked for, one read per burst, and the whole folder every <paramref name="rescanInterval"/>, until stopped.</summary>
    public async Task RunAsync(TimeSpan rescanInterval, CancellationToken stoppingToken)
    {
        using var safetyNet = new PeriodicTimer(rescanInterval);
        var ticks = Task.Run(async () =>
        {
            while (await safetyNet.WaitForNextTickAsync(stoppingToken))
            {
                RescanAll();
            }
        }, stoppingToken);
        try
        {
            await foreach (var _ in _wake.Reader.ReadAllAsync(stoppingToken))
            {
                Read(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await ticks.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    public void Dispose()
    {
        _library.Changed -= OnChanged;
        _library.TextsRead -= OnTextsRead;
        _wake.Writer.TryComplete();
    }

    private void Read(CancellationToken stoppingToken)
    {
        HashSet<string>? paths;
        lock (_gate)
        {
            paths = _pending;
            _pending = [];
        }
        if (!_library.IsLoaded)
        {
            return; // the first load reads everything anyway
        }
        try
        {
            // Read as Remote: what another server named is not announced again.
            var change = paths is null ? _library.Rescan(stoppingToken, GuideChangeOrigin.Remote) : _library.Refresh(paths, GuideChangeOrigin.Remote);
            if (!change.Upserted.IsEmpty || !change.Removed.IsEmpty)
            {
                Log.FeedApplied(_logger, change.Upserted.Length, change.Removed.Length);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.FeedRescanFailed(_logger, e);
        }
    }

    // A changed guide file is always read or written first (TextsRead names it); a removal or a synonym list has no text to name.
    private void OnChanged(GuideLibraryChange change)
    {
        if (change.Origin != GuideChangeOrigin.Remote && (!change.Removed.IsEmpty || change.SynonymsChanged))
        {
            Announce?.Invoke(_server);
        }
    }

    /// <summary>This server's own reads and publishes; what another server named (<see cref="GuideChangeOrigin.Remote"/>) it announced itself.</summary>
    private void OnTextsRead(IReadOnlyList<GuideFileText> texts)
    {
        var own = texts.Where(t => t.Origin != GuideChangeOrigin.Remote).Select(t => t.Path).ToList();
        if (own.Count > 0)
        {
            Announce?.Invoke(_server + "\n" + string.Join('\n', own));
        }
    }

    private void Request(IReadOnlyList<string>? paths)
    {
        lock (_gate)
        {
            if (paths is null || _pending is null)
            {
                _pending = null;
            }
            else
            {
                _pending.UnionWith(paths);
            }
        }
        _wake.Writer.TryWrite(true);
    }

    /// <summary>"server" alone (read the whole folder) or "server\npath\npath…"; paths must stay inside the folder.</summary>
    internal static (string Server, IReadOnlyList<string>? Paths)? Parse(string? message)
    {
        if (string.IsNullOrEmpty(message))
        {
            return null;
        }
        var lines = message.Split('\n');
        if (lines.Length == 1)
        {
            return (lines[0], null);
        }
        var paths = lines[1..];
        // Another server only ever names files in the folder; anything else is read as "read the whole folder".
        return paths.All(IsSafeRelativePath) ? (lines[0], paths) : (lines[0], null);
    }

    private static bool IsSafeRelativePath(string path) =>
        path.Length > 0 && !Path.IsPathRooted(path) && !path.Split('/', '\\').Any(part => part is ".." or "");
}
