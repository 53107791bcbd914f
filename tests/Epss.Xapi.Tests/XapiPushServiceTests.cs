using System.Text.Json;
using Epss.Testing;
using Epss.Usage;
using Epss.Xapi.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Epss.Xapi.Tests;

/// <summary>
/// The push to a Learning Record Store over real HTTP (a stand-in LRS on Kestrel): every event arrives exactly once,
/// by statement id, across failures, retries, lost answers and restarts. No timed assertions: conditions are awaited.
/// </summary>
public sealed class XapiPushServiceTests : IAsyncLifetime
{
    private const string HomePage = "https://epss.gemeente.example";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly TestLog _log = new();
    private readonly List<(XapiPushService Service, XapiLrsClient Client)> _services = [];
    private UsageDatabase _db = null!;
    private LrsStandIn _lrs = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _db = await UsageDatabase.StartAsync(_log);
        _lrs = await LrsStandIn.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (service, client) in _services)
        {
            await service.StopAsync(CancellationToken.None);
            service.Dispose();
            client.Dispose();
        }
        await _lrs.DisposeAsync();
        await _db.DisposeAsync();
        _log.Dispose();
    }

    [Fact]
    public async Task Push_delivers_every_stored_event_once_as_valid_statements_and_writes_the_cursor()
    {
        var events = await RecordAsync(UsageEventSets.Runs(Recent(), 30));
        await RecordAsync([UsageEventSets.FlagEvent(Recent(), "paspoort-aanvragen", "betalen", null)]);
        var stored = await _db.Store.ReadEventsAsync(Ct);

        await StartAsync();
        await AllDeliveredAsync(stored);

        Assert.Equal(stored.Count, _lrs.Received.Count); // nothing sent twice when nothing failed
        Assert.Empty(_lrs.Problems);
        var last = await LastReceivedAsync();
        await CursorAtAsync(last);
        var cursor = await ReadCursorAsync();
        Assert.Equal(_lrs.Endpoint.TrimEnd('/') + "/statements", cursor.GetProperty("endpoint").GetString());
        Assert.False(File.Exists(CursorPath + ".tmp"));
        Assert.True(events.Count > 10);
    }

    [Fact]
    public async Task Push_retries_after_503_429_and_dropped_connections_and_delivers_each_statement_once()
    {
        var events = await RecordAsync(UsageEventSets.Runs(Recent(), 20));
        _lrs.FailNext(LrsFailure.ServiceUnavailable, LrsFailure.ServiceUnavailable, LrsFailure.DropConnection, LrsFailure.TooManyRequests);

        await StartAsync();
        await AllDeliveredAsync(events);

        Assert.Equal(0, _lrs.PendingFailures);
        Assert.Equal(events.Count, _lrs.Received.Count); // the failed requests stored nothing, so nothing was stored twice either
        Assert.Contains(_log.Entries, e => e.EventId.Id == 6003 && e.Level == LogLevel.Warning);
        // Logged after the LRS answered, so possibly just after the test saw the statements stored.
        await Eventually.TrueAsync(() => _log.Entries.Any(e => e.EventId.Id == 6005), "the LRS reported reachable again", Patience);
        Assert.Empty(_lrs.Problems);
    }

    [Fact]
    public async Task Push_sends_a_batch_again_when_its_answer_was_lost_without_storing_anything_twice()
    {
        var events = await RecordAsync(UsageEventSets.Runs(Recent(), 10));
        // The LRS stores the first batch but the answer never arrives: as if Epss stopped between answer and cursor write.
        _lrs.FailNext(LrsFailure.StoreThenDropConnection);

        await StartAsync();
        await AllDeliveredAsync(events);

        var first = (await _db.Store.ReadEventPageAsync(new UsageEventPageQuery(Limit: BatchSize), Ct)).Select(e => XapiStatementFactory.StatementId(e.Id));
        Assert.All(first, id => Assert.True(_lrs.Received.Count(r => r == id) >= 2, $"{id} was not sent again"));
        Assert.Equal(events.Count, _lrs.Stored.Count);
        await Eventually.TrueAsync(
            () => _log.Entries.Any(e => e.EventId.Id == 6002 && e.Message.Contains($"{BatchSize} it had already", StringComparison.Ordinal)),
            "the repeated batch reported", Patience);
    }

    [Fact]
    public async Task Push_resumes_from_the_cursor_file_after_a_restart_and_sends_only_what_is_new()
    {
        var before = await RecordAsync(UsageEventSets.Runs(Recent(), 10, seed: 1));
        var first = await StartAsync();
        await AllDeliveredAsync(before);
        var lastBefore = await LastReceivedAsync();
        await CursorAtAsync(lastBefore);
        await first.StopAsync(Ct);

        var after = await RecordAsync(UsageEventSets.Runs(Recent(), 10, seed: 2));
        await StartAsync();
        await AllDeliveredAsync([.. before, .. after]);

        Assert.Equal(before.Count, first.DeliveredEvents);
        Assert.Equal(before.Count + after.Count, _lrs.Received.Count);
        Assert.DoesNotContain(after, e => e.Id == lastBefore);
        await CursorAtAsync(await LastReceivedAsync());
    }

    [Fact]
    public async Task Push_stopped_in_the_middle_goes_on_after_a_restart_and_delivers_everything_exactly_once()
    {
        var events = await RecordAsync(UsageEventSets.Runs(Recent(), 40));
        var first = await StartAsync();
        await Eventually.TrueAsync(() => _lrs.Stored.Count >= 3 * BatchSize, "part of the events delivered", Patience);
        await first.StopAsync(Ct);

        await StartAsync();
        await AllDeliveredAsync(events);

        // At most the batch in flight at the stop is sent again: once whole (409), then one by one.
        Assert.True(_lrs.Received.Count <= events.Count + 2 * BatchSize, $"{_lrs.Received.Count} sent for {events.Count} events");
    }

    [Fact]
    public async Task Push_sends_events_recorded_while_the_lrs_was_down_once_it_is_back()
    {
        var early = await RecordAsync(UsageEventSets.Runs(Recent(), 5, seed: 3));
        await StartAsync();
        await AllDeliveredAsync(early);

        _lrs.FailNext(10_000, LrsFailure.ServiceUnavailable);
        var requests = _lrs.Requests;
        var late = await RecordAsync(UsageEventSets.Runs(Recent(), 5, seed: 4));
        await Eventually.TrueAsync(() => _lrs.Requests >= requests + 3, "retries while the LRS is down", Patience);
        Assert.Equal(early.Count, _lrs.Stored.Count);
        _lrs.StopFailing();

        await AllDeliveredAsync([.. early, .. late]);
        Assert.Equal(early.Count + late.Count, _lrs.Received.Count);
    }

    [Fact]
    public async Task Push_refused_for_wrong_credentials_logs_an_error_and_loses_nothing()
    {
        _log.ExpectErrors(e => e.EventId.Id == 6004);
        var events = await RecordAsync(UsageEventSets.Runs(Recent(), 5));
        var wrong = await StartAsync(o => o.Password = "verkeerd-wachtwoord");
        await Eventually.TrueAsync(() => _log.Entries.Any(e => e.EventId.Id == 6004), "an error about the refusal", Patience);
        await wrong.StopAsync(Ct);
        Assert.Empty(_lrs.Stored);
        Assert.Contains("Username/Password", _log.Entries.First(e => e.EventId.Id == 6004).Message, StringComparison.Ordinal);

        await StartAsync();
        await AllDeliveredAsync(events);
    }

    [Fact]
    public async Task Push_without_an_endpoint_does_nothing()
    {
        await RecordAsync(UsageEventSets.Runs(Recent(), 2));

        var service = await StartAsync(o => o.Endpoint = null);
        await Eventually.TrueAsync(() => service.ExecuteTask?.IsCompleted == true, "the push service ends at once", Patience);

        Assert.Equal(0, _lrs.Requests);
        Assert.False(File.Exists(CursorPath));
    }

    [Fact]
    public async Task Push_with_a_damaged_cursor_file_starts_again_and_the_lrs_keeps_each_statement_once()
    {
        var events = await RecordAsync(UsageEventSets.Runs(Recent(), 5));
        var first = await StartAsync();
        await AllDeliveredAsync(events);
        await first.StopAsync(Ct);
        await File.WriteAllTextAsync(CursorPath, "{ kapot", Ct);

        await StartAsync();
        await Eventually.TrueAsync(() => _lrs.Received.Count >= 2 * events.Count, "everything sent again", Patience);

        Assert.Equal(events.Count, _lrs.Stored.Count);
        Assert.Contains(_log.Entries, e => e.EventId.Id == 6008);
        await CursorAtAsync(await LastReceivedAsync());
    }

    [Theory]
    [InlineData("Endpoint=https://lrs.example/xapi/", "Epss:Xapi:HomePage is nodig")]
    [InlineData("Endpoint=lrs.example", "Epss:Xapi:Endpoint is het xAPI-adres")]
    [InlineData("HomePage=https://epss.example;Endpoint=https://lrs.example/xapi/;Username=a", "horen bij elkaar")]
    [InlineData("HomePage=https://epss.example;Endpoint=https://lrs.example/xapi/;Username=a;Password=b;BearerToken=c", "niet beide")]
    [InlineData("BatchSize=0", "BatchSize")]
    public void AddEpssXapi_refuses_settings_that_cannot_work(string settings, string message)
    {
        var values = settings.Split(';').Select(s => s.Split('=', 2)).ToDictionary(p => "Epss:Xapi:" + p[0], p => (string?)p[1]);
        using var provider = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(values).Build())
            .AddEpssXapi()
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<XapiOptions>>().Value);

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddEpssXapi_without_settings_is_valid_and_push_is_off()
    {
        using var provider = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddEpssXapi()
            .BuildServiceProvider();

        Assert.False(provider.GetRequiredService<IOptions<XapiOptions>>().Value.PushEnabled);
    }

    private const int BatchSize = 10;

    private string CursorPath => Path.Combine(_db.Folder.Path, "xapi-cursor.json");

    /// <summary>Recent enough for the recorder, which refuses events older than 30 days.</summary>
    private static DateTimeOffset Recent() => DateTimeOffset.UtcNow.AddDays(-2);

    private async Task<List<UsageEvent>> RecordAsync(List<UsageEvent> events)
    {
        await _db.RecordAsync(events);
        return events;
    }

    private async Task<XapiPushService> StartAsync(Action<XapiOptions>? configure = null)
    {
        var options = new XapiOptions
        {
            HomePage = HomePage,
            Endpoint = _lrs.Endpoint,
            Username = LrsStandIn.Username,
            Password = LrsStandIn.Password,
            BatchSize = BatchSize,
            Interval = TimeSpan.FromMilliseconds(20),
            SettleTime = TimeSpan.Zero,
            RetryDelay = TimeSpan.FromMilliseconds(10),
            MaximumRetryDelay = TimeSpan.FromMilliseconds(200),
            RequestTimeout = TimeSpan.FromSeconds(10),
        };
        configure?.Invoke(options);
        var client = new XapiLrsClient(Options.Create(options));
        var service = new XapiPushService(_db.Recorder, client, Options.Create(options), Options.Create(_db.Options), TimeProvider.System, _log.For<XapiPushService>());
        _services.Add((service, client));
        await service.StartAsync(Ct);
        return service;
    }

    private async Task AllDeliveredAsync(IReadOnlyCollection<UsageEvent> events)
    {
        var expected = events.Select(e => XapiStatementFactory.StatementId(e.Id)).ToHashSet();
        await Eventually.TrueAsync(() => expected.IsSubsetOf(_lrs.Stored.Keys), $"all {expected.Count} statements stored by the LRS", Patience);
        Assert.Equal(expected.Order(), _lrs.Stored.Keys.Order());
    }

    /// <summary>The id of the last stored event in received order: where the cursor ends.</summary>
    private async Task<string> LastReceivedAsync()
    {
        var stored = await _db.Store.ReadEventsAsync(Ct);
        return stored.OrderBy(e => e.ReceivedAt).ThenBy(e => e.Id, StringComparer.Ordinal).Last().Id;
    }

    /// <summary>The cursor is written just after the LRS answered: wait for it.</summary>
    private Task CursorAtAsync(string eventId) => Eventually.TrueAsync(
        () => File.Exists(CursorPath) && File.ReadAllText(CursorPath).Contains($"\"eventId\":\"{eventId}\"", StringComparison.Ordinal),
        $"the cursor at event {eventId}", Patience);

    private async Task<JsonElement> ReadCursorAsync()
    {
        await using var stream = File.OpenRead(CursorPath);
        return (await JsonDocument.ParseAsync(stream, cancellationToken: Ct)).RootElement.Clone();
    }
}
