// The dashboard's HTTP client: one method per report of analytics-contract.ts, and the CSV address of every table.
// Errors are the editor's typed classes, so that the page decides by status (401, 403, 400) and never by a message.
import type {
  DecisionReport,
  FlagReport,
  FunnelReport,
  GuideUseReport,
  HealthReport,
  SearchReport,
  TargetMissingReport,
  UseOverTimeReport,
} from "../shared/analytics-contract";
import { ApiError, NetworkError, type FetchLike, type Problem } from "../editor/api";
import { filterParams, type Filters } from "./filters";

export { ApiError, NetworkError, type FetchLike };

/** An entry of GET /api/guides (the public contract in DESIGN.md); only what the filters use. */
export interface LibraryGuide {
  id: string;
  title: string;
  roles?: string[];
}

export interface HealthSettings {
  notOpenedDays: number;
  dropOffThreshold: number;
}

/** A report's path and the parameters it takes beyond the filters. */
export interface ReportAddress {
  path: string;
  extra?: Record<string, string>;
}

export const reports = {
  guideUse: (): ReportAddress => ({ path: "/api/analytics/guides" }),
  useOverTime: (): ReportAddress => ({ path: "/api/analytics/use-over-time" }),
  funnel: (guideId: string): ReportAddress => ({ path: `/api/analytics/guides/${encodeURIComponent(guideId)}/funnel` }),
  decisions: (guideId: string): ReportAddress => ({ path: `/api/analytics/guides/${encodeURIComponent(guideId)}/decisions` }),
  searches: (): ReportAddress => ({ path: "/api/analytics/searches" }),
  flags: (): ReportAddress => ({ path: "/api/analytics/flags" }),
  targetsMissing: (): ReportAddress => ({ path: "/api/analytics/targets-missing" }),
  health: (settings: HealthSettings): ReportAddress => ({
    path: "/api/analytics/health",
    extra: { notOpenedDays: String(settings.notOpenedDays), dropOffThreshold: String(settings.dropOffThreshold) },
  }),
};

export function reportUrl(address: ReportAddress, filters: Filters): string {
  const params = filterParams(filters);
  for (const [name, value] of Object.entries(address.extra ?? {})) params.set(name, value);
  return `${address.path}?${params.toString()}`;
}

/** The same report as CSV; `table` names one table of a report that has several. The server writes the file. */
export function csvUrl(address: ReportAddress, filters: Filters, table?: string): string {
  const params = new URLSearchParams(reportUrl(address, filters).split("?")[1]);
  params.set("format", "csv");
  if (table) params.set("table", table);
  return `${address.path}?${params.toString()}`;
}

export interface AnalyticsApiOptions {
  fetch?: FetchLike;
  /** Called on 401: the cookie expired; the page sends the analyst to sign in. */
  onUnauthorized(): void;
  /** Called on 403: this user may not see analytics at all. */
  onForbidden?(): void;
}

export class AnalyticsApi {
  private readonly fetch: FetchLike;

  constructor(private readonly options: AnalyticsApiOptions) {
    this.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  guideUse(filters: Filters, signal?: AbortSignal): Promise<GuideUseReport> {
    return this.get(reportUrl(reports.guideUse(), filters), signal);
  }

  useOverTime(filters: Filters, signal?: AbortSignal): Promise<UseOverTimeReport> {
    return this.get(reportUrl(reports.useOverTime(), filters), signal);
  }

  funnel(guideId: string, filters: Filters, signal?: AbortSignal): Promise<FunnelReport> {
    return this.get(reportUrl(reports.funnel(guideId), filters), signal);
  }

  decisions(guideId: string, filters: Filters, signal?: AbortSignal): Promise<DecisionReport> {
    return this.get(reportUrl(reports.decisions(guideId), filters), signal);
  }

  searches(filters: Filters, signal?: AbortSignal): Promise<SearchReport> {
    return this.get(reportUrl(reports.searches(), filters), signal);
  }

  flags(filters: Filters, signal?: AbortSignal): Promise<FlagReport> {
    return this.get(reportUrl(reports.flags(), filters), signal);
  }

  targetsMissing(filters: Filters, signal?: AbortSignal): Promise<TargetMissingReport> {
    return this.get(reportUrl(reports.targetsMissing(), filters), signal);
  }

  health(filters: Filters, settings: HealthSettings, signal?: AbortSignal): Promise<HealthReport> {
    return this.get(reportUrl(reports.health(settings), filters), signal);
  }

  /** The library's guides, for the guide filter. */
  guides(signal?: AbortSignal): Promise<LibraryGuide[]> {
    return this.get("/api/guides", signal, false);
  }

  /** analytics: a 403 here means no access to the dashboard (the library's guide list may have its own rules). */
  private async get<T>(path: string, signal?: AbortSignal, analytics = true): Promise<T> {
    const init: RequestInit = { method: "GET", credentials: "same-origin", headers: { Accept: "application/json" } };
    if (signal) init.signal = signal;
    let response: Response;
    try {
      response = await this.fetch(path, init);
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new NetworkError(error);
    }
    if (response.status === 401) {
      this.options.onUnauthorized();
      throw new ApiError(401, { title: "Niet aangemeld", detail: "U bent niet (meer) aangemeld." });
    }
    if (response.status === 403 && analytics) this.options.onForbidden?.();
    if (!response.ok) throw new ApiError(response.status, await readProblem(response));
    return (await response.json()) as T;
  }
}

async function readProblem(response: Response): Promise<Problem | null> {
  try {
    const parsed: unknown = JSON.parse(await response.text());
    return parsed !== null && typeof parsed === "object" ? (parsed as Problem) : null;
  } catch {
    return null;
  }
}

export const forbiddenMessage = "Alleen analisten en beheerders hebben toegang tot het dashboard. Vraag een beheerder om de rol analist als u deze cijfers nodig hebt.";

/** A Dutch sentence for any failed report, for the place where the report would have been. */
export function describeError(error: unknown, what: string): string {
  if (error instanceof NetworkError) return `${what} kon niet worden geladen: er is geen verbinding met de server. Probeer het zo opnieuw.`;
  if (error instanceof ApiError) {
    if (error.status === 401) return "U bent niet meer aangemeld. U wordt naar de aanmeldpagina gebracht.";
    if (error.status === 403) return forbiddenMessage;
    if (error.status === 404) return `${what} is niet gevonden.`;
    if (error.status === 400) return `${what} kon niet worden geladen: ${error.problem?.detail ?? error.problem?.title ?? "een filter klopt niet"}.`.replace(/\.\.$/, ".");
    return `${what} kon niet worden geladen: de server antwoordde met een fout (${error.status}). Probeer het later opnieuw.`;
  }
  return `${what} kon niet worden geladen.`;
}
