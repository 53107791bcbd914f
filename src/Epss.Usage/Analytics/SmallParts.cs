namespace Epss.Usage.Analytics;

/// <summary>
/// The rule against differencing (issue 16, point 2). Suppressing a cell of fewer than the threshold's users is not
/// enough on its own: two reports over periods or filters that differ a little can be subtracted, and what is left is
/// one official. So every figure is a sum over <em>parts</em>, a part being one week (Monday to Sunday, local), one role
/// and one application of one cell (a guide, a step, a query, ...), and a part resting on fewer distinct users than the
/// threshold is left out of every figure. Periods are whole weeks and filters select whole roles and applications, so
/// any two reports differ by whole parts, each resting on enough officials.
/// </summary>
public static class SmallParts
{
    /// <summary>The rows whose part holds at least <paramref name="minimum"/> distinct users; all rows when it is 1 or less.</summary>
    public static List<T> Keep<T, TPart>(IEnumerable<T> rows, Func<T, TPart> part, Func<T, string> user, int minimum)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (minimum <= 1)
        {
            return [.. rows];
        }
        return [.. rows.GroupBy(part).Where(g => g.Select(user).Distinct(StringComparer.Ordinal).Skip(minimum - 1).Any()).SelectMany(g => g)];
    }

    /// <summary>
    /// What a cell's suppression rests on: the distinct users of the rows kept; when none were kept but there were
    /// rows, fewer than the threshold (at most <paramref name="minimum"/> - 1), so that a cell made only of small parts
    /// shows as suppressed and not as "nobody".
    /// </summary>
    public static long Users<T>(IReadOnlyCollection<T> kept, IEnumerable<T> all, Func<T, string> user, int minimum)
    {
        ArgumentNullException.ThrowIfNull(kept);
        if (kept.Count > 0)
        {
            return kept.Select(user).Distinct(StringComparer.Ordinal).LongCount();
        }
        return Math.Min(all.Select(user).Distinct(StringComparer.Ordinal).LongCount(), Math.Max(minimum - 1, 0));
    }
}
