// The dashboard's state as it lives in the URL's query string: the report filters under the API's own names (from,
// to, role, app, guideId), so that a shared link reads like the API call it makes, plus the view, the funnel's guide
// and the content-health settings. Parsing never throws: a hand-edited URL falls back to defaults.

export interface Filters {
  /** yyyy-MM-dd, inclusive */
  from: string;
  /** yyyy-MM-dd, inclusive */
  to: string;
  role: string;
  app: string;
  guideId: string;
}

export const views = ["overzicht", "trechter", "zoekopdrachten", "meldingen"] as const;
export type View = (typeof views)[number];

export interface DashboardState {
  filters: Filters;
  view: View;
  /** The guide whose funnel is shown; empty: the guide filter, or none chosen yet. */
  funnel: string;
  /** Content health: "not opened in N days". */
  notOpenedDays: number;
  /** Content health: drop-off at or above this rate (0..1) counts as high. */
  dropOffThreshold: number;
}

export const defaultNotOpenedDays = 30;
export const defaultDropOffThreshold = 0.5;
/** The server refuses longer periods. */
export const maxPeriodDays = 400;

const isoDay = /^\d{4}-\d{2}-\d{2}$/;

/** Today as yyyy-MM-dd in the browser's time zone (analysts sit in the municipality's own zone). */
export function localDay(now: Date): string {
  const pad = (value: number): string => String(value).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function addDays(day: string, count: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + count);
  return date.toISOString().slice(0, 10);
}

/** The last n days up to and including today. */
export function lastDays(count: number, today: string): { from: string; to: string } {
  return { from: addDays(today, -(count - 1)), to: today };
}

function validDay(value: string | null): value is string {
  if (value === null || !isoDay.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** A Dutch reason why these filters cannot be sent, or null when they can. */
export function validateFilters(filters: Filters): string | null {
  if (!validDay(filters.from) || !validDay(filters.to)) return "Vul een geldige begin- en einddatum in.";
  if (filters.from > filters.to) return "De begindatum ligt na de einddatum.";
  if (daysBetween(filters.from, filters.to) > maxPeriodDays) return `Kies een periode van hoogstens ${maxPeriodDays} dagen.`;
  return null;
}

export function parseState(search: string, today: string): DashboardState {
  const params = new URLSearchParams(search);
  const fallback = lastDays(30, today);
  let from = params.get("from");
  let to = params.get("to");
  if (!validDay(from) || !validDay(to) || from > to || daysBetween(from, to) > maxPeriodDays) ({ from, to } = fallback);
  const view = views.find((candidate) => candidate === params.get("view")) ?? "overzicht";
  const days = Number(params.get("notOpenedDays"));
  const threshold = Number(params.get("dropOffThreshold"));
  return {
    filters: { from, to, role: clean(params.get("role")), app: clean(params.get("app")), guideId: clean(params.get("guideId")) },
    view,
    funnel: clean(params.get("funnel")),
    notOpenedDays: Number.isInteger(days) && days >= 1 && days <= 3650 ? days : defaultNotOpenedDays,
    dropOffThreshold: params.has("dropOffThreshold") && threshold > 0 && threshold <= 1 ? threshold : defaultDropOffThreshold,
  };
}

function clean(value: string | null): string {
  return (value ?? "").trim().slice(0, 200);
}

/** The report filters as query parameters, in a fixed order, empty ones left out. */
export function filterParams(filters: Filters): URLSearchParams {
  const params = new URLSearchParams({ from: filters.from, to: filters.to });
  if (filters.role) params.set("role", filters.role);
  if (filters.app) params.set("app", filters.app);
  if (filters.guideId) params.set("guideId", filters.guideId);
  return params;
}

/** The query string for the address bar; settings at their default are left out to keep shared links short. */
export function stateToSearch(state: DashboardState): string {
  const params = filterParams(state.filters);
  if (state.view !== "overzicht") params.set("view", state.view);
  if (state.funnel) params.set("funnel", state.funnel);
  if (state.notOpenedDays !== defaultNotOpenedDays) params.set("notOpenedDays", String(state.notOpenedDays));
  if (state.dropOffThreshold !== defaultDropOffThreshold) params.set("dropOffThreshold", String(state.dropOffThreshold));
  return `?${params.toString()}`;
}

/** The guide whose funnel the funnel view shows. */
export function funnelGuide(state: DashboardState): string {
  return state.funnel || state.filters.guideId;
}
