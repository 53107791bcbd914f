using Epss.Testing.Xapi;
using System.Text.Json;
using Epss.Testing;
using Epss.Usage;
using Epss.Xapi.Tests.Support;

namespace Epss.Xapi.Tests;

/// <summary>Reading stored events in pages in received order (UsageStore.Export), and the export of a period built on it.</summary>
public sealed class UsageExportTests : IAsyncLifetime
{
    private readonly TestLog _log = new();
    private UsageDatabase _db = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _db = await UsageDatabase.StartAsync(_log);

    public async ValueTask DisposeAsync()
    {
        await _db.DisposeAsync();
        _log.Dispose();
    }

    [Fact]
    public async Task ReadEventPage_pages_after_a_position_give_every_event_once_in_received_order()
    {
        var start = DateTimeOffset.UtcNow.AddDays(-3);
        var events = UsageEventSets.Runs(start, 12);
        // Received out of occurred order, and several at the same millisecond (ordered by id then).
        var shuffled = events.Select((e, i) => e with { ReceivedAt = UsageEventSets.Truncate(start.AddHours(1).AddSeconds((i * 7) % 23)) }).ToList();
        await _db.RecordAsync(shuffled, keepReceivedAt: true);

        var read = new List<UsageEvent>();
        UsageEventPosition? after = null;
        while (true)
        {
            var page = await _db.Store.ReadEventPageAsync(new UsageEventPageQuery(after, Limit: 7), Ct);
            read.AddRange(page);
            if (page.Count < 7)
            {
                break;
            }
            after = UsageEventPosition.After(page[^1]);
        }

        var expected = shuffled.OrderBy(e => e.ReceivedAt).ThenBy(e => e.Id, StringComparer.Ordinal).Select(e => e.Id);
        Assert.Equal(expected, read.Select(e => e.Id));
    }

    [Fact]
    public async Task ReadEventPage_keeps_to_the_occurred_range_and_the_received_limit()
    {
        var start = UsageEventSets.Truncate(DateTimeOffset.UtcNow.AddDays(-3));
        var events = UsageEventSets.Runs(start, 10);
        await _db.RecordAsync(events, keepReceivedAt: true);
        var from = events[20].OccurredAt;
        var before = events[40].OccurredAt;

        var inRange = await _db.Store.ReadEventPageAsync(new UsageEventPageQuery(OccurredFrom: from, OccurredBefore: before, Limit: 1_000), Ct);
        var received = await _db.Store.ReadEventPageAsync(new UsageEventPageQuery(ReceivedUntil: events[9].ReceivedAt, Limit: 1_000), Ct);

        Assert.Equal(events.Skip(20).Take(20).Select(e => e.Id), inRange.Select(e => e.Id));
        Assert.Equal(events.Take(10).Select(e => e.Id), received.Select(e => e.Id));
    }

    [Fact]
    public async Task XapiExport_ReadAsync_stops_at_the_limit_and_says_there_are_more()
    {
        var start = UsageEventSets.Truncate(DateTimeOffset.UtcNow.AddDays(-3));
        var events = UsageEventSets.Runs(start, 10);
        await _db.RecordAsync(events, keepReceivedAt: true);
        var (from, to) = (start.AddDays(-1), start.AddDays(1));

        var limited = await XapiExport.ReadAsync(_db.Store, from, to, events.Count - 1, Ct);
        var all = await XapiExport.ReadAsync(_db.Store, from, to, events.Count, Ct);

        Assert.True(limited.More);
        Assert.Equal(events.Count - 1, limited.Events.Count);
        Assert.False(all.More);
        Assert.Equal(events.Select(e => e.Id), all.Events.Select(e => e.Id));
    }

    [Fact]
    public async Task XapiExport_WriteAsync_writes_one_array_of_valid_statements_over_several_pages()
    {
        var start = UsageEventSets.Truncate(DateTimeOffset.UtcNow.AddDays(-5));
        var events = UsageEventSets.Runs(start, 160); // more than one page of 1,000
        await _db.RecordAsync(events);
        using var stream = new MemoryStream();

        var count = await XapiExport.WriteAsync(_db.Store, new XapiStatementFactory("https://epss.gemeente.example", null, XapiFreeText.ShowAll), start, start.AddDays(2), stream, Ct);

        Assert.True(events.Count > XapiExport.PageSize);
        Assert.Equal(events.Count, count);
        using var json = JsonDocument.Parse(stream.ToArray());
        Assert.Equal(events.Count, json.RootElement.GetArrayLength());
        Assert.Empty(XapiValidator.ValidateArray(json.RootElement));
    }

    [Fact]
    public void DayRange_covers_whole_local_days_also_across_the_change_to_winter_time()
    {
        var amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

        var (start, end) = XapiExport.DayRange(new DateOnly(2026, 10, 25), new DateOnly(2026, 10, 25), amsterdam);

        Assert.Equal(new DateTimeOffset(2026, 10, 25, 0, 0, 0, TimeSpan.FromHours(2)), start);
        Assert.Equal(new DateTimeOffset(2026, 10, 26, 0, 0, 0, TimeSpan.FromHours(1)), end);
        Assert.Equal(TimeSpan.FromHours(25), end - start);
    }
}
