// Number, percentage, duration and date formatting for the dashboard: always nl-NL, so that what an analyst reads
// matches what the CSV gives Dutch Excel (decimal comma, thousands dot).

const counts = new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 0 });
const percents = new Intl.NumberFormat("nl-NL", { style: "percent", maximumFractionDigits: 1 });
const days = new Intl.DateTimeFormat("nl-NL", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
const shortDays = new Intl.DateTimeFormat("nl-NL", { day: "numeric", month: "short", timeZone: "UTC" });

export function formatCount(value: number): string {
  return counts.format(value);
}

/** A rate 0..1 as a percentage with at most one decimal ("45,6%"). */
export function formatPercent(rate: number): string {
  return percents.format(rate);
}

/** Seconds as mm:ss; minutes go past 59 rather than into hours, so that every row reads the same way. */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const minutes = Math.floor(total / 60);
  return `${String(minutes).padStart(2, "0")}:${String(total % 60).padStart(2, "0")}`;
}

/** yyyy-MM-dd as a Dutch date ("3 november 2026"). The day is a calendar day: no time zone may shift it. */
export function formatDay(isoDay: string): string {
  const date = dayToDate(isoDay);
  return date ? days.format(date) : isoDay;
}

/** yyyy-MM-dd as a short chart label ("3 nov"). */
export function formatShortDay(isoDay: string): string {
  const date = dayToDate(isoDay);
  return date ? shortDays.format(date) : isoDay;
}

/** An ISO date-time in the report's time zone (the server counts days there too). */
export function formatDateTime(iso: string, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat("nl-NL", { dateStyle: "medium", timeStyle: "short", timeZone }).format(date);
  } catch {
    // An unknown time zone name must not cost the analyst the whole table.
    return new Intl.DateTimeFormat("nl-NL", { dateStyle: "medium", timeStyle: "short" }).format(date);
  }
}

function dayToDate(isoDay: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDay);
  if (!match) return null;
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
}
