namespace Epss.Usage.Analytics;

/// <summary>
/// What a report is asked for: local days <see cref="From"/> to <see cref="To"/> (both inclusive) in the analytics
/// time zone, and optionally one role, application or guide. <see cref="Anonymous"/>: the use of clients that did not
/// sign in instead of signed-in officials' (the two are never counted together: anyone who reaches the server can send
/// anonymous events, under any browser id).
/// </summary>
public sealed record AnalyticsFilter(DateOnly From, DateOnly To, string? Role = null, string? App = null, string? GuideId = null, bool Anonymous = false)
{
    /// <summary>
    /// The filter widened to whole weeks, Monday to Sunday: the reports answer only for whole weeks, so that two periods
    /// can differ by whole weeks of parts that each rest on enough officials, never by one day (issue 16).
    /// </summary>
    public AnalyticsFilter WholeWeeks() => this with { From = Monday(From), To = Monday(To).AddDays(6) };

    /// <summary>The Monday of <paramref name="day"/>'s week (ISO 8601: weeks begin on Monday).</summary>
    public static DateOnly Monday(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    /// <summary>The ISO 8601 week of <paramref name="day"/>, as <c>2026-W45</c>.</summary>
    public static string IsoWeek(DateOnly day)
    {
        var date = day.ToDateTime(TimeOnly.MinValue);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{System.Globalization.ISOWeek.GetYear(date)}-W{System.Globalization.ISOWeek.GetWeekOfYear(date):00}");
    }
}

/// <summary>
/// The period a report was answered for, as the contract shows it: always whole weeks, Monday <see cref="From"/> to
/// Sunday <see cref="To"/>, whatever days were asked for (<see cref="AnalyticsFilter.WholeWeeks"/>).
/// </summary>
public sealed record AnalyticsPeriod(DateOnly From, DateOnly To, string TimeZone)
{
    /// <summary>The ISO week of <see cref="From"/>, e.g. <c>2026-W45</c>.</summary>
    public string FirstWeek => AnalyticsFilter.IsoWeek(From);

    /// <summary>The ISO week of <see cref="To"/>.</summary>
    public string LastWeek => AnalyticsFilter.IsoWeek(To);
}

/// <summary>From a given UTC instant on, local time is UTC plus <see cref="OffsetMs"/>.</summary>
public readonly record struct UtcOffsetSpan(long StartUtcMs, long OffsetMs);

/// <summary>
/// A filter turned into what SQL compares with: the UTC instants of the first local midnight and of the local midnight
/// after the last day (so a 23- or 25-hour DST day is exactly one day), and the offsets in force in between so that
/// SQL can put an event on its local day without time zone functions of its own. <see cref="MinimumPartSize"/>: the
/// figures leave out every part (a week, role and application of one cell) resting on fewer distinct users than this
/// (see <see cref="SmallParts"/>); 1 leaves out nothing.
/// </summary>
public sealed record AnalyticsQuery(
    long FromUtcMs,
    long ToUtcMs,
    IReadOnlyList<UtcOffsetSpan> Offsets,
    string? Role,
    string? App,
    string? GuideId,
    bool Anonymous = false,
    int MinimumPartSize = 1)
{
    public const long DayMs = 86_400_000;

    /// <summary>Days since 1970-01-01 of the first day of the calendar, for <see cref="DateOnly.FromDayNumber"/>.</summary>
    public const int UnixEpochDayNumber = 719_162;

    public static DateOnly DateOfUnixDay(long unixDay) => DateOnly.FromDayNumber(UnixEpochDayNumber + (int)unixDay);

    /// <summary>The query for <paramref name="filter"/>'s days in <paramref name="zone"/>.</summary>
    public static AnalyticsQuery For(AnalyticsFilter filter, TimeZoneInfo zone, string? guideId)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var from = StartOfDay(filter.From, zone);
        var to = StartOfDay(filter.To.AddDays(1), zone);
        return new AnalyticsQuery(from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds(), OffsetsBetween(from, to, zone),
            filter.Role, filter.App, guideId, filter.Anonymous);
    }

    /// <summary>A query over any span of instants (content health: "the last N days").</summary>
    public static AnalyticsQuery Between(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone, string? role, string? app, string? guideId,
        bool anonymous = false) =>
        new(from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds(), OffsetsBetween(from, to, zone), role, app, guideId, anonymous);

    /// <summary>The UTC instant at which <paramref name="day"/> begins in <paramref name="zone"/>.</summary>
    public static DateTimeOffset StartOfDay(DateOnly day, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // Where a zone skips midnight itself (a few do at DST), the day begins at the first local time that exists.
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(15);
        }
        // An ambiguous midnight (clocks set back over it) begins at the earlier of the two.
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>The Monday of the local week of an instant: the week a part of a figure belongs to.</summary>
    public DateOnly WeekOf(long utcMs) => AnalyticsFilter.Monday(LocalDay(utcMs));

    /// <summary>The local day of an instant, by the same offsets SQL uses.</summary>
    public DateOnly LocalDay(long utcMs)
    {
        var offset = Offsets[0].OffsetMs;
        foreach (var span in Offsets)
        {
            if (utcMs >= span.StartUtcMs)
            {
                offset = span.OffsetMs;
            }
        }
        return DateOfUnixDay(Math.DivRem(utcMs + offset, DayMs).Quotient);
    }

    private static List<UtcOffsetSpan> OffsetsBetween(DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone)
    {
        var spans = new List<UtcOffsetSpan> { new(from.ToUnixTimeMilliseconds(), (long)zone.GetUtcOffset(from).TotalMilliseconds) };
        // Offsets change on whole quarter hours in every zone in use: step by the hour, then find the quarter hour.
        for (var t = from; t < to; t = t.AddHours(1))
        {
            var next = t.AddHours(1);
            if (zone.GetUtcOffset(next) == zone.GetUtcOffset(t))
            {
                continue;
            }
            var change = t;
            while (zone.GetUtcOffset(change) == zone.GetUtcOffset(t))
            {
                change = change.AddMinutes(15);
            }
            spans.Add(new UtcOffsetSpan(change.ToUnixTimeMilliseconds(), (long)zone.GetUtcOffset(change).TotalMilliseconds));
        }
        return spans;
    }
}
