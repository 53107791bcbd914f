namespace Epss.Testing;

/// <summary>A clock that always shows the same moment (in UTC, which is also its local time zone), so that dates in tests do not drift.</summary>
public sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public FixedTimeProvider(DateOnly today)
        : this(new DateTimeOffset(today.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero))
    {
    }

    public override DateTimeOffset GetUtcNow() => now;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
}
