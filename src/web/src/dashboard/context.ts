// What a view gets from the page: the API, the applied state, links to other states, and the charts it makes.
import type { ReportBase } from "../shared/analytics-contract";
import { h } from "../panel/dom";
import { csvUrl, describeError, type AnalyticsApi, type ReportAddress } from "./api";
import type { ChartSet } from "./charts";
import type { DashboardState } from "./filters";
import type { CsvLink } from "./table";

export interface ViewContext {
  api: AnalyticsApi;
  state: DashboardState;
  /** Aborted when the view is replaced: an old answer must never overwrite a newer view. */
  signal: AbortSignal;
  charts: ChartSet;
  /** The address of another state of the dashboard (for real links: open in a new tab, copy). */
  href(patch: Partial<DashboardState>): string;
  /** Goes there without reloading the page. */
  go(patch: Partial<DashboardState>): void;
  /** Names the guides of a report in the guide filter (removed guides exist only in reports). */
  knowGuides(guides: { guideId: string; title: string }[]): void;
}

/** A link inside the dashboard: a real href (new tab, copy link work), handled in the page on a plain click. */
export function internalLink(ctx: ViewContext, text: string, patch: Partial<DashboardState>, label?: string): HTMLAnchorElement {
  const link = h("a", { text, attrs: { href: ctx.href(patch), "aria-label": label } });
  link.addEventListener("click", (event) => {
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    ctx.go(patch);
  });
  return link;
}

/** The CSV link of a table, named after the table and the period (epss-gidsgebruik-2026-11-01-2026-11-30.csv). */
export function csvFor(ctx: ViewContext, address: ReportAddress, name: string, table?: string): CsvLink {
  const { from, to } = ctx.state.filters;
  return { href: csvUrl(address, ctx.state.filters, table), fileName: `epss-${name}-${from}-${to}.csv` };
}

export function suppressionNote(report: ReportBase): string {
  return (
    `Cellen die op minder dan ${report.minimumGroupSize} gebruikers berusten, staan er als “—”: zo is geen medewerker te herkennen. Ook totalen vallen hieronder. ` +
    `Een week van een rol en applicatie waarin minder dan ${report.minimumGroupSize} gebruikers iets deden, telt nergens mee: zo is ook door twee overzichten van elkaar af te trekken niemand te herkennen.`
  );
}

export function loading(what: string): HTMLElement {
  return h("p", { class: "loading", attrs: { role: "status" }, text: `${what} worden geladen…` });
}

export function failure(error: unknown, what: string): HTMLElement {
  return h("p", { class: "notice notice-warning", text: describeError(error, what) });
}

export function isAbort(error: unknown, signal: AbortSignal): boolean {
  return signal.aborted || (error instanceof DOMException && error.name === "AbortError");
}

export function section(title: string, ...children: (Node | null)[]): HTMLElement {
  return h("section", { class: "report" }, h("h3", { class: "report-title", text: title }), ...children);
}

/** Loads one report into its place: a loading line first, then the report, or a Dutch error. */
export async function fill<T>(ctx: ViewContext, body: HTMLElement, load: Promise<T>, render: (report: T) => Node[], what: string): Promise<void> {
  body.setAttribute("aria-busy", "true");
  try {
    const report = await load;
    if (ctx.signal.aborted) return;
    body.replaceChildren(...render(report));
  } catch (error) {
    if (isAbort(error, ctx.signal)) return;
    body.replaceChildren(failure(error, what));
  } finally {
    body.removeAttribute("aria-busy");
  }
}
