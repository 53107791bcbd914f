using System.Text.Json;
using Epss.Usage;
using Epss.Usage.Analytics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Epss.Xapi;

/// <summary>
/// Sends stored usage events to the configured Learning Record Store as xAPI statements, in batches, in the order
/// they were received. The stored events are the outbox: a cursor file in the data folder says which ones the LRS
/// has accepted, and moves only after the LRS answered 200. A failure (LRS down, 5xx, 429, dropped connection) is
/// retried with growing waits; a restart goes on from the cursor. A batch sent again (the server stopped between
/// the LRS's answer and the cursor write) is not stored twice: statement ids follow from event ids, and what the LRS
/// already has is skipped. Does nothing when <see cref="XapiOptions.Endpoint"/> is not set.
/// </summary>
public sealed class XapiPushService : BackgroundService
{
    private readonly UsageRecorder _recorder;
    private readonly XapiLrsClient _client;
    private readonly XapiOptions _options;
    private readonly XapiCursorFile _cursorFile;
    private readonly XapiTitleLookup? _titles;
    private readonly TimeProvider _time;
    private readonly ILogger<XapiPushService> _logger;
    private readonly int _minimumGroupSize;
    private long _delivered;

    public XapiPushService(
        UsageRecorder recorder,
        XapiLrsClient client,
        IOptions<XapiOptions> options,
        IOptions<UsageOptions> usageOptions,
        TimeProvider timeProvider,
        ILogger<XapiPushService> logger,
        XapiTitleLookup? titles = null,
        IOptions<AnalyticsOptions>? analyticsOptions = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(usageOptions);
        _recorder = recorder;
        _client = client;
        _options = options.Value;
        _cursorFile = new XapiCursorFile(Path.Combine(Path.GetFullPath(usageOptions.Value.DataPath), _options.CursorFileName));
        _titles = titles;
        _time = timeProvider;
        _logger = logger;
        // The dashboard's threshold decides which typed queries an LRS may get (XapiFreeText).
        _minimumGroupSize = (analyticsOptions?.Value ?? new AnalyticsOptions()).MinimumGroupSize;
    }

    /// <summary>Events the LRS has accepted (or had already) since start.</summary>
    public long DeliveredEvents => Interlocked.Read(ref _delivered);

    public string CursorPath => _cursorFile.Path;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.PushEnabled)
        {
            Log.PushDisabled(_logger);
            return;
        }
        // Off the host's start-up path: the first read may take a while on a large database.
        await Task.Yield();
        var endpoint = _client.StatementsUri.ToString();
        if (_client.StatementsUri.Scheme == Uri.UriSchemeHttp && (_options.Username is not null || _options.BearerToken is not null))
        {
            Log.UnencryptedCredentials(_logger, _client.StatementsUri);
        }
        var cursor = await LoadCursorAsync(endpoint, stoppingToken).ConfigureAwait(false);
        Log.PushStarted(_logger, _client.StatementsUri, cursor?.ReceivedAt.ToString("O") ?? "the start", cursor?.EventId ?? "-", _options.BatchSize, _options.Interval);

        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var batchSize = 0;
            TimeSpan wait;
            try
            {
                var page = await _recorder.Store.ReadEventPageAsync(
                    new UsageEventPageQuery(cursor?.Position, ReceivedUntil: _time.GetUtcNow() - _options.SettleTime, Limit: _options.BatchSize),
                    stoppingToken).ConfigureAwait(false);
                batchSize = page.Count;
                if (page.Count > 0)
                {
                    // Read per batch: a query becomes shareable once enough officials have typed it.
                    var freeText = await XapiFreeText.ReadAsync(_recorder.Store, _minimumGroupSize, stoppingToken).ConfigureAwait(false);
                    var factory = new XapiStatementFactory(_options.HomePage!, _titles, freeText);
                    cursor = await DeliverAsync(factory, endpoint, page, stoppingToken).ConfigureAwait(false);
                    if (failures > 0)
                    {
                        Log.LrsReachableAgain(_logger, failures);
                    }
                    failures = 0;
                }
                // A full batch means there is probably more: go on at once; otherwise wait for new events.
                wait = page.Count == _options.BatchSize ? TimeSpan.Zero : _options.Interval;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (XapiLrsException e)
            {
                failures++;
                wait = RetryDelay(failures, e.RetryAfter);
                if (e.IsTransient)
                {
                    Log.DeliveryFailed(_logger, failures, batchSize, wait, e.Message);
                }
                else
                {
                    Log.DeliveryRefused(_logger, failures, wait, e.Message);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failures++;
                wait = RetryDelay(failures, null);
                Log.PushError(_logger, _cursorFile.Path, failures, wait, e);
            }
            if (wait > TimeSpan.Zero)
            {
                await DelayAsync(wait, stoppingToken).ConfigureAwait(false);
            }
        }
        Log.PushStopped(_logger, DeliveredEvents, _cursorFile.Path);
    }

    private async Task<XapiCursor> DeliverAsync(XapiStatementFactory factory, string endpoint, IReadOnlyList<UsageEvent> page, CancellationToken cancellationToken)
    {
        var statements = new XapiStatement[page.Count];
        for (var i = 0; i < page.Count; i++)
        {
            statements[i] = factory.Create(page[i]);
        }
        var outcome = await _client.SendAsync(statements, cancellationToken).ConfigureAwait(false);
        foreach (var refusal in outcome.Refused)
        {
            var eventId = page[Array.FindIndex(statements, s => s.Id == refusal.StatementId)].Id;
            Log.StatementRefused(_logger, refusal.StatementId, eventId, refusal.StatusCode, refusal.Reason);
        }
        var last = page[^1];
        var cursor = new XapiCursor(endpoint, last.ReceivedAt, last.Id, _time.GetUtcNow());
        // Not cancelled by shutdown: the LRS has the batch, and a cursor written now saves sending it again.
        await _cursorFile.WriteAsync(cursor, CancellationToken.None).ConfigureAwait(false);
        Interlocked.Add(ref _delivered, page.Count);
        Log.BatchDelivered(_logger, outcome.Stored, outcome.AlreadyPresent, cursor.ReceivedAt, cursor.EventId);
        return cursor;
    }

    private async Task<XapiCursor?> LoadCursorAsync(string endpoint, CancellationToken cancellationToken)
    {
        XapiCursor? cursor;
        try
        {
            cursor = await _cursorFile.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            Log.CursorDamaged(_logger, _cursorFile.Path, e);
            return null;
        }
        if (cursor is not null && !string.Equals(cursor.Endpoint, endpoint, StringComparison.Ordinal))
        {
            // Another LRS has none of the statements; the old one kept what it got.
            Log.EndpointChanged(_logger, cursor.Endpoint, _client.StatementsUri);
            return null;
        }
        return cursor;
    }

    /// <summary>Doubles from <see cref="XapiOptions.RetryDelay"/> up to the maximum; the LRS's Retry-After wins when longer.</summary>
    private TimeSpan RetryDelay(int failures, TimeSpan? retryAfter)
    {
        var factor = Math.Pow(2, Math.Min(failures - 1, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(_options.RetryDelay.Ticks * factor, _options.MaximumRetryDelay.Ticks));
        return retryAfter is { } asked && asked > delay ? TimeSpan.FromTicks(Math.Min(asked.Ticks, _options.MaximumRetryDelay.Ticks)) : delay;
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the loop ends.
        }
    }
}
