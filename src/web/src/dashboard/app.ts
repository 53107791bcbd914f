// The dashboard page: the filter form, the tabs, and the view for the state in the address bar. The state lives in
// the query string (history.pushState), so a view can be shared, bookmarked and survives a reload; Back works.
import { h, uniqueId } from "../panel/dom";
import { AnalyticsApi, forbiddenMessage, type FetchLike, type LibraryGuide } from "./api";
import { ChartSet } from "./charts";
import type { ViewContext } from "./context";
import { internalLink } from "./context";
import { lastDays, localDay, parseState, stateToSearch, validateFilters, type DashboardState, type Filters, type View } from "./filters";
import { formatDay } from "./format";
import { funnelView, type GuideChoice } from "./funnel";
import { healthView } from "./health";
import { overviewView } from "./overview";
import { searchesView } from "./searches";

export interface DashboardAppOptions {
  root: HTMLElement;
  fetch?: FetchLike;
  window?: Window;
  /** Where 401 sends the analyst (location.assign by default). */
  redirect?: (url: string) => void;
  now?: () => Date;
}

const viewNames: Record<View, string> = {
  overzicht: "Overzicht",
  trechter: "Trechter per gids",
  zoekopdrachten: "Zoekopdrachten zonder succes",
  meldingen: "Meldingen en staat van de gidsen",
};

const quickRanges = [7, 30, 90] as const;

export class DashboardApp {
  private readonly window: Window;
  private readonly api: AnalyticsApi;
  private state: DashboardState;
  private readonly charts = new ChartSet();
  private controller: AbortController | null = null;
  private forbidden = false;
  /** Guides by id, from the library and from every report (a removed guide exists only in reports). */
  private readonly guides = new Map<string, string>();
  private readonly roles = new Set<string>();
  private readonly live = h("p", { class: "sr-only", attrs: { "aria-live": "polite", role: "status" } });
  private readonly errorArea = h("div", { class: "error-area", attrs: { role: "alert" } });
  private readonly main = h("main", { class: "dashboard-main", attrs: { id: "main", tabindex: -1 } });
  private readonly nav = h("nav", { class: "tabs", attrs: { "aria-label": "Onderdelen van het dashboard" } });
  private readonly viewHost = h("div", { class: "view" });
  private readonly applied = h("p", { class: "applied" });
  private readonly fields: {
    from: HTMLInputElement;
    to: HTMLInputElement;
    role: HTMLInputElement;
    app: HTMLInputElement;
    guide: HTMLSelectElement;
    error: HTMLParagraphElement;
  };
  private readonly roleList = h("datalist", { id: uniqueId("roles") });
  private readonly onPopState = (): void => {
    this.state = parseState(this.window.location.search, this.today());
    this.fillForm();
    void this.render(false);
  };

  constructor(private readonly options: DashboardAppOptions) {
    this.window = options.window ?? window;
    const win = this.window;
    const redirect = options.redirect ?? ((url: string) => win.location.assign(url));
    let redirected = false;
    this.api = new AnalyticsApi({
      ...(options.fetch ? { fetch: options.fetch } : {}),
      onUnauthorized: () => {
        if (redirected) return;
        redirected = true;
        const here = win.location.pathname + win.location.search + win.location.hash;
        redirect(`/signin?returnUrl=${encodeURIComponent(here)}`);
      },
      onForbidden: () => (this.forbidden = true),
    });
    this.state = parseState(win.location.search, this.today());
    const field = (type: string): HTMLInputElement => h("input", { class: "field", id: uniqueId("filter"), attrs: { type } });
    this.fields = {
      from: field("date"),
      to: field("date"),
      role: field("text"),
      app: field("text"),
      guide: h("select", { class: "field", id: uniqueId("filter") }),
      error: h("p", { class: "form-error", attrs: { "aria-live": "polite" } }),
    };
    this.fields.role.setAttribute("list", this.roleList.id);
    this.fields.role.autocomplete = "off";
    this.fields.app.autocomplete = "off";
  }

  private today(): string {
    return localDay(this.options.now?.() ?? new Date());
  }

  /** Builds the page and shows the view in the address bar; resolves when its reports are shown. */
  async start(): Promise<void> {
    const { root } = this.options;
    root.replaceChildren(
      h("a", { class: "skip-link", text: "Naar de cijfers", attrs: { href: "#main" }, on: { click: (event) => (event.preventDefault(), this.main.focus()) } }),
      h("header", { class: "topbar" }, h("p", { class: "brand" }, h("span", { class: "brand-mark", text: "E" }), "Epss · Dashboard gebruik van gidsen")),
      this.errorArea,
      this.live,
      h("div", { class: "dashboard-filters" }, this.filterForm()),
      this.main,
    );
    this.main.append(h("h1", { class: "page-title", text: "Gebruik van de gidsen" }), this.applied, this.nav, this.viewHost);
    // The address bar shows the dates actually used, so that a copied link shows the same period tomorrow.
    this.window.history.replaceState(null, "", this.address(this.state));
    this.window.addEventListener("popstate", this.onPopState);
    this.fillForm();
    // The funnel's guide picker needs the guides; the other views fill the filter whenever they arrive.
    if (this.state.view === "trechter") await this.loadGuides();
    await Promise.all([this.state.view === "trechter" ? null : this.loadGuides(), this.render(false)]);
  }

  destroy(): void {
    this.window.removeEventListener("popstate", this.onPopState);
    this.controller?.abort();
    this.charts.destroy();
  }

  private address(state: DashboardState): string {
    return `${this.window.location.pathname}${stateToSearch(state)}`;
  }

  private filterForm(): HTMLFormElement {
    const { from, to, role, app, guide, error } = this.fields;
    const label = (field: HTMLElement, text: string): HTMLLabelElement => h("label", { class: "label", text, attrs: { for: field.id } });
    const quick = h(
      "div",
      { class: "quick-ranges", attrs: { role: "group", "aria-label": "Snelle keuze periode" } },
      ...quickRanges.map((days) =>
        h("button", {
          class: "button button-small button-quiet",
          text: `Laatste ${days} dagen`,
          attrs: { type: "button" },
          on: {
            click: () => {
              const range = lastDays(days, this.today());
              from.value = range.from;
              to.value = range.to;
              this.apply();
            },
          },
        }),
      ),
    );
    const form = h(
      "form",
      { class: "filters", attrs: { "aria-label": "Filters", novalidate: true } },
      h(
        "fieldset",
        { class: "filter-period" },
        h("legend", { class: "label", text: "Periode" }),
        h(
          "div",
          { class: "period-row" },
          h("div", { class: "filter-field" }, label(from, "Van"), from),
          h("div", { class: "filter-field" }, label(to, "Tot en met"), to),
          quick,
        ),
      ),
      h("div", { class: "filter-field" }, label(role, "Rol"), role, this.roleList),
      h("div", { class: "filter-field" }, label(app, "Toepassing"), app),
      h("div", { class: "filter-field filter-guide" }, label(guide, "Gids"), guide),
      h("div", { class: "filter-actions" }, h("button", { class: "button button-primary", text: "Toepassen", attrs: { type: "submit" } })),
      error,
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.apply();
    });
    return form;
  }

  /** Takes the form's filters into the state, the address bar and the view. */
  private apply(): void {
    const filters: Filters = {
      from: this.fields.from.value,
      to: this.fields.to.value,
      role: this.fields.role.value.trim(),
      app: this.fields.app.value.trim(),
      guideId: this.fields.guide.value,
    };
    const problem = validateFilters(filters);
    this.fields.error.textContent = problem ?? "";
    this.fields.from.setAttribute("aria-invalid", String(problem !== null));
    this.fields.to.setAttribute("aria-invalid", String(problem !== null));
    if (problem) {
      this.fields.from.focus();
      return;
    }
    this.go({ filters }, false);
    this.announce("Filters toegepast.");
  }

  private go(patch: Partial<DashboardState>, focus = true): void {
    this.state = { ...this.state, ...patch };
    this.window.history.pushState(null, "", this.address(this.state));
    this.fillForm();
    void this.render(focus);
  }

  private fillForm(): void {
    const { filters } = this.state;
    this.fields.from.value = filters.from;
    this.fields.to.value = filters.to;
    this.fields.role.value = filters.role;
    this.fields.app.value = filters.app;
    this.fields.error.textContent = "";
    this.fillGuides();
  }

  private fillGuides(): void {
    const select = this.fields.guide;
    const current = this.state.filters.guideId;
    if (current && !this.guides.has(current)) this.guides.set(current, current);
    select.replaceChildren(
      h("option", { text: "Alle gidsen", attrs: { value: "" } }),
      ...this.guideChoices().map((guide) => h("option", { text: guide.title, attrs: { value: guide.id } })),
    );
    select.value = current;
  }

  private guideChoices(): GuideChoice[] {
    const collator = new Intl.Collator("nl-NL", { sensitivity: "base" });
    return [...this.guides].map(([id, title]) => ({ id, title })).sort((a, b) => collator.compare(a.title, b.title));
  }

  private async loadGuides(): Promise<void> {
    try {
      const guides: LibraryGuide[] = await this.api.guides();
      for (const guide of guides) {
        this.guides.set(guide.id, guide.title);
        for (const role of guide.roles ?? []) this.roles.add(role);
      }
    } catch {
      // The filter then offers the guides named in the reports; the reports themselves say what went wrong.
      return;
    }
    this.roleList.replaceChildren(...[...this.roles].sort().map((role) => h("option", { attrs: { value: role } })));
    const selected = this.fields.guide.value;
    this.fillGuides();
    this.fields.guide.value = selected;
  }

  private knowGuides(rows: { guideId: string; title: string }[]): void {
    let added = false;
    for (const row of rows) {
      if (this.guides.get(row.guideId) === row.title) continue;
      if (this.guides.has(row.guideId) && row.title === row.guideId) continue; // a removed guide's id never replaces a title
      this.guides.set(row.guideId, row.title);
      added = true;
    }
    if (added) {
      const selected = this.fields.guide.value;
      this.fillGuides();
      this.fields.guide.value = selected;
    }
  }

  private async render(focus: boolean): Promise<void> {
    this.controller?.abort();
    this.charts.destroy();
    this.errorArea.replaceChildren();
    const controller = new AbortController();
    this.controller = controller;
    const state = this.state;
    this.window.document.title = `${viewNames[state.view]} – Epss-dashboard`;
    this.applied.textContent = appliedText(state.filters, this.guides.get(state.filters.guideId));
    const ctx: ViewContext = {
      api: this.api,
      state,
      signal: controller.signal,
      charts: this.charts,
      href: (patch) => this.address({ ...this.state, ...patch }),
      go: (patch) => this.go(patch),
      knowGuides: (rows) => this.knowGuides(rows),
    };
    this.nav.replaceChildren(
      ...Object.entries(viewNames).map(([view, name]) => {
        const link = internalLink(ctx, name, { view: view as View });
        link.className = "tab";
        if (view === state.view) link.setAttribute("aria-current", "page");
        return link;
      }),
    );
    const heading = h("h2", { class: "view-heading", text: viewNames[state.view], attrs: { tabindex: -1 } });
    const host = h("div", { class: `view-${state.view}` });
    this.viewHost.replaceChildren(heading, host);
    if (focus) heading.focus();
    switch (state.view) {
      case "overzicht":
        await overviewView(ctx, host);
        break;
      case "trechter":
        await funnelView(ctx, host, this.guideChoices());
        break;
      case "zoekopdrachten":
        await searchesView(ctx, host);
        break;
      case "meldingen":
        await healthView(ctx, host);
        break;
    }
    if (controller.signal.aborted) return;
    if (this.forbidden) {
      // A refusal is about the whole page, not one table: said once, instead of the view.
      this.viewHost.replaceChildren(h("p", { class: "notice notice-warning", text: forbiddenMessage }));
      this.nav.replaceChildren();
      return;
    }
    this.announce(`${viewNames[state.view]} geladen.`);
  }

  private announce(text: string): void {
    // Emptied first so that the same text twice is announced twice.
    this.live.textContent = "";
    this.window.setTimeout(() => (this.live.textContent = text), 50);
  }
}

function appliedText(filters: Filters, guideTitle: string | undefined): string {
  const parts = [`${formatDay(filters.from)} t/m ${formatDay(filters.to)}`];
  parts.push(filters.role ? `rol ${filters.role}` : "alle rollen");
  parts.push(filters.app ? `toepassing ${filters.app}` : "alle toepassingen");
  parts.push(filters.guideId ? `gids ${guideTitle ?? filters.guideId}` : "alle gidsen");
  return `Getoond: ${parts.join(" · ")}`;
}
