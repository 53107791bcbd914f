using System.Text.Json;
using Epss.Usage;

namespace Epss.Xapi;

/// <summary>The events of one date range (at most a limit), and whether more fell in it than were returned.</summary>
public sealed record XapiExportPage(IReadOnlyList<UsageEvent> Events, bool More)
{
    /// <summary>The statements, made as they are enumerated: a large answer never holds them all at once.</summary>
    public IEnumerable<XapiStatement> Statements(XapiStatementFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return Events.Select(factory.Create);
    }
}

/// <summary>
/// Reads stored events of a date range as statements, page by page in received order, for the API (a bounded list)
/// and the CLI (a file of any size, streamed).
/// </summary>
public static class XapiExport
{
    public const int PageSize = 1_000;

    /// <summary>A day as the API and the command-line tool take it: <c>yyyy-MM-dd</c>.</summary>
    public static bool TryParseDay(string? text, out DateOnly day) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out day);

    /// <summary>
    /// The instants of the days <paramref name="from"/> to <paramref name="to"/> (both included) in
    /// <paramref name="zone"/>: the municipality's days, not UTC's.
    /// </summary>
    public static (DateTimeOffset Start, DateTimeOffset End) DayRange(DateOnly from, DateOnly to, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return (StartOfDay(from, zone), StartOfDay(to.AddDays(1), zone));
    }

    /// <summary>At most <paramref name="limit"/> events that occurred in [start, end), in received order.</summary>
    public static async Task<XapiExportPage> ReadAsync(
        IUsageStore store, DateTimeOffset start, DateTimeOffset end, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var statements = new List<UsageEvent>();
        UsageEventPosition? after = null;
        while (true)
        {
            // One more than wanted: that is how we know there are more.
            var want = Math.Min(PageSize, limit + 1 - statements.Count);
            var page = await store.ReadEventPageAsync(new UsageEventPageQuery(after, start, end, Limit: want), cancellationToken).ConfigureAwait(false);
            foreach (var e in page)
            {
                if (statements.Count == limit)
                {
                    return new XapiExportPage(statements, More: true);
                }
                statements.Add(e);
            }
            if (page.Count < want)
            {
                return new XapiExportPage(statements, More: false);
            }
            after = UsageEventPosition.After(page[^1]);
        }
    }

    /// <summary>Writes every statement of events that occurred in [start, end) as one JSON array; returns how many.</summary>
    public static async Task<long> WriteAsync(
        IUsageStore store, XapiStatementFactory factory, DateTimeOffset start, DateTimeOffset end, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(factory);
        await using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = XapiJson.Options.Encoder });
        writer.WriteStartArray();
        long count = 0;
        UsageEventPosition? after = null;
        while (true)
        {
            var page = await store.ReadEventPageAsync(new UsageEventPageQuery(after, start, end, Limit: PageSize), cancellationToken).ConfigureAwait(false);
            foreach (var e in page)
            {
                JsonSerializer.Serialize(writer, factory.Create(e), XapiJson.Options);
                count++;
            }
            // Flushed per page so that a large export never holds more than one page in memory.
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (page.Count < PageSize)
            {
                break;
            }
            after = UsageEventPosition.After(page[^1]);
        }
        writer.WriteEndArray();
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        return count;
    }

    private static DateTimeOffset StartOfDay(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // Midnight does not exist on a day the clocks go forward at midnight (not in the Netherlands, but elsewhere):
        // the day starts at the first instant after the gap.
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
