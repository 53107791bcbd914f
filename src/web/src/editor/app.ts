// The editor page: routes between the guide list (#/) and an open guide (#/gids/{id}[/tab]), owns the presence
// connection, the live region and the error area, and makes sure no unsaved text is lost when the page goes.
import { editorHubPath } from "../shared/editor-contract";
import { h } from "../panel/dom";
import type { ConnectionFactory, Timers } from "../panel/hub-client";
import { EditorApi, type FetchLike } from "./api";
import type { EditorContext } from "./context";
import { GuidePage, tabs } from "./guide-page";
import { EditorHub, type HubStatus } from "./hub";
import { ListView } from "./list";
import type { Tab } from "./page-host";

export interface EditorAppOptions {
  root: HTMLElement;
  fetch?: FetchLike;
  createConnection?: ConnectionFactory;
  timers?: Timers;
  now?: () => number;
  window?: Window;
  /** Where 401 sends the expert (location.assign by default). */
  redirect?: (url: string) => void;
}

export type Route = { view: "list" } | { view: "guide"; id: string; tab: Tab };

export function parseRoute(hash: string): Route {
  const match = /^#\/gids\/([^/]+)(?:\/([a-z]+))?\/?$/.exec(hash);
  if (!match?.[1]) return { view: "list" };
  let id: string;
  try {
    id = decodeURIComponent(match[1]);
  } catch {
    return { view: "list" };
  }
  const tab = tabs.find((candidate) => candidate.tab === match[2])?.tab ?? "bewerken";
  return { view: "guide", id, tab };
}

const hubStatusText: Record<HubStatus, string> = {
  connecting: "Verbinden…",
  connected: "Verbonden",
  reconnecting: "Verbinding herstellen…",
  offline: "Geen live verbinding",
};

export class EditorApp {
  readonly ctx: EditorContext;
  readonly hub: EditorHub;
  private readonly window: Window;
  private readonly live = h("p", { class: "live sr-only", attrs: { "aria-live": "polite", role: "status" } });
  private readonly errorArea = h("div", { class: "error-area", attrs: { role: "alert" } });
  private readonly connection = h("p", { class: "connection" });
  private readonly main = h("main", { class: "editor-main", attrs: { id: "main" } });
  private list: ListView | null = null;
  private page: GuidePage | null = null;
  private me: string | null = null;
  private readonly newIds = new Set<string>();
  private readonly cleanups: (() => void)[] = [];

  constructor(private readonly options: EditorAppOptions) {
    this.window = options.window ?? window;
    const win = this.window;
    const timers: Timers = options.timers ?? {
      setTimeout: (callback, ms) => win.setTimeout(callback, ms),
      clearTimeout: (handle) => win.clearTimeout(handle as number),
    };
    const redirect = options.redirect ?? ((url: string) => win.location.assign(url));
    let redirected = false;
    const api = new EditorApi({
      ...(options.fetch ? { fetch: options.fetch } : {}),
      onUnauthorized: () => {
        if (redirected) return;
        redirected = true;
        const here = win.location.pathname + win.location.search + win.location.hash;
        redirect(`/signin?returnUrl=${encodeURIComponent(here)}`);
      },
    });
    this.ctx = {
      api,
      me: () => this.me,
      announce: (text) => {
        // Emptied first so that the same text twice is announced twice.
        this.live.textContent = "";
        timers.setTimeout(() => (this.live.textContent = text), 50);
      },
      error: (text) => {
        this.errorArea.replaceChildren(...(text ? [h("p", { class: "notice notice-warning", text })] : []));
      },
      timers,
      now: options.now ?? (() => Date.now()),
      navigate: (hash) => {
        if (win.location.hash !== hash) win.history.replaceState(null, "", hash);
      },
    };
    this.hub = new EditorHub({
      url: new URL(editorHubPath, win.location.href).toString(),
      ...(options.createConnection ? { createConnection: options.createConnection } : {}),
      timers,
      onPresence: (guideId, experts) => {
        if (this.page?.id === guideId) this.page.onPresence(experts);
      },
      onGuideChanged: (event) => this.page?.onGuideChanged(event),
      onStatus: (status) => {
        this.connection.dataset.status = status;
        this.connection.textContent = hubStatusText[status];
      },
    });
  }

  start(): void {
    const { root } = this.options;
    root.replaceChildren(
      h("a", { class: "skip-link", text: "Naar de inhoud", attrs: { href: "#main" }, on: { click: (event) => (event.preventDefault(), this.main.focus()) } }),
      h("header", { class: "topbar" }, h("p", { class: "brand" }, h("span", { class: "brand-mark", text: "E" }), "Epss · Editor voor gidsen"), this.connection),
      this.errorArea,
      this.live,
      this.main,
    );
    this.main.tabIndex = -1;
    this.listen("hashchange", () => void this.route());
    this.listen("beforeunload", (event) => {
      if (!this.page?.dirty) return;
      event.preventDefault();
      if (typeof BeforeUnloadEvent !== "undefined" && event instanceof BeforeUnloadEvent) event.returnValue = ""; // older browsers ask only when this is set
    });
    this.listen("pagehide", () => void this.page?.flush(true));
    const onVisibility = (): void => {
      if (this.window.document.visibilityState === "hidden") void this.page?.flush(true);
    };
    this.window.document.addEventListener("visibilitychange", onVisibility);
    this.cleanups.push(() => this.window.document.removeEventListener("visibilitychange", onVisibility));
    this.listen("keydown", (event) => {
      const key = event as KeyboardEvent;
      if ((key.ctrlKey || key.metaKey) && !key.altKey && key.key.toLowerCase() === "s" && this.page?.loaded) {
        key.preventDefault(); // the browser's "save page" would be useless here
        void this.page.edit.save();
      }
    });
    this.hub.start();
    void this.init();
  }

  private async init(): Promise<void> {
    this.me = await this.ctx.api.me().catch(() => null);
    await this.route();
  }

  private listen(type: string, handler: (event: Event) => void): void {
    this.window.addEventListener(type, handler);
    this.cleanups.push(() => this.window.removeEventListener(type, handler));
  }

  async route(): Promise<void> {
    const route = parseRoute(this.window.location.hash);
    if (route.view === "guide" && this.page?.id === route.id) {
      this.page.setTab(route.tab);
      return;
    }
    // Focus moves to the new view's heading only after a navigation, not on the first load of the page.
    const navigated = this.page !== null || this.list !== null;
    await this.closePage();
    this.ctx.error(null);
    if (route.view === "list") {
      this.list = new ListView(this.ctx, (id) => {
        this.newIds.add(id);
        this.window.location.hash = `#/gids/${encodeURIComponent(id)}`;
      });
      this.main.replaceChildren(this.list.element);
      this.window.document.title = "Gidsen – Epss-editor";
      await this.list.load();
      if (navigated) this.list?.focus();
      return;
    }
    this.list = null;
    const page = new GuidePage(this.ctx, route.id, route.tab, this.newIds.has(route.id));
    this.page = page;
    this.main.replaceChildren(page.element);
    this.window.document.title = `${route.id} – Epss-editor`;
    this.hub.watch(route.id);
    await page.open();
    if (navigated && this.page === page) page.focusTitle();
  }

  private async closePage(): Promise<void> {
    const page = this.page;
    if (!page) return;
    this.page = null;
    this.hub.leave();
    page.destroy();
    // Leaving a guide is not losing it: unsaved text goes to the server as a draft, offered on the next visit.
    await page.flush(false);
  }

  async destroy(): Promise<void> {
    this.cleanups.forEach((cleanup) => cleanup());
    this.page?.destroy();
    await this.hub.stop();
  }
}

