// One open guide: its header (title, status, who else has it open, what others just did), the four tabs, and the
// reloads that keep it current. The text in the editor is only replaced when the expert has nothing unsaved.
import type { GuideResponse } from "../shared/contract";
import type { ChangeResponse, EditorGuideResponse, GuideChangedEvent, GuideStatus, HistoryEntryResponse, SavedResponse } from "../shared/editor-contract";
import { h } from "../panel/dom";
import { ApiError, describeError, forbiddenMessage, NetworkError } from "./api";
import type { EditorContext } from "./context";
import { EditPanel } from "./edit";
import { FlagsPanel } from "./flags";
import { HistoryPanel } from "./history";
import type { PageHost, Tab } from "./page-host";
import { ReviewPanel } from "./review";
import { newGuideTemplate } from "./text";
import { shortVersion, statusBadge } from "./widgets";

export const tabs: { tab: Tab; label: string }[] = [
  { tab: "bewerken", label: "Bewerken" },
  { tab: "beoordeling", label: "Beoordeling" },
  { tab: "geschiedenis", label: "Geschiedenis" },
  { tab: "meldingen", label: "Meldingen" },
];

/** How long after our own action its GuideChanged may arrive and still count as ours. */
export const echoWindowMs = 15_000;

const changedPhrases: Record<GuideChangedEvent["what"], string> = {
  saved: "een nieuwe versie opgeslagen",
  submitted: "de wijziging ter beoordeling aangeboden",
  commented: "een opmerking geplaatst",
  "sent-back": "de wijziging teruggestuurd",
  published: "de gids gepubliceerd",
  withdrawn: "de wijziging ingetrokken",
};

export class GuidePage implements PageHost {
  readonly element = h("div", { class: "guide-page" });
  change: ChangeResponse | null = null;
  publishedVersion: string | null = null;
  private editPanel: EditPanel | null = null;
  private review: ReviewPanel | null = null;
  private historyPanel: HistoryPanel | null = null;
  private flagsPanel: FlagsPanel | null = null;
  private readonly panels = new Map<Tab, HTMLElement>();
  private readonly tabLinks = new Map<Tab, HTMLAnchorElement>();
  private readonly titleElement = h("h1", { class: "page-title", attrs: { tabindex: -1 } });
  private readonly statusSlot = h("p", { class: "page-status" });
  private readonly presence = h("p", { class: "presence hint" });
  private readonly banner = h("div", { class: "banner-slot" });
  private tab: Tab;
  private title: string;
  private guide: GuideResponse | null = null;
  private historyCache: Promise<HistoryEntryResponse[]> | null = null;
  private readonly echoes: { what: GuideChangedEvent["what"]; at: number }[] = [];
  private openFlags: number | null = null;
  private destroyed = false;

  constructor(
    readonly ctx: EditorContext,
    readonly id: string,
    tab: Tab,
    /** Opened through "Nieuwe gids": a 404 means "start from the template". */
    private readonly isNew: boolean,
  ) {
    this.tab = tab;
    this.title = id;
    this.element.append(h("p", { class: "loading", text: "De gids wordt geladen…" }));
  }

  get edit(): EditPanel {
    if (!this.editPanel) throw new Error("The guide is not loaded yet.");
    return this.editPanel;
  }

  get loaded(): boolean {
    return this.editPanel !== null;
  }

  get dirty(): boolean {
    return this.editPanel?.dirty ?? false;
  }

  async open(): Promise<void> {
    let response: EditorGuideResponse;
    try {
      response = await this.ctx.api.editor(this.id);
    } catch (error) {
      if (this.destroyed) return;
      // A new guide exists only once it is saved; an autosaved draft of it may already be there (also after a reload).
      const draft = error instanceof ApiError && error.status === 404 ? await this.ctx.api.draft(this.id).catch(() => null) : null;
      if (this.destroyed) return;
      if (error instanceof ApiError && error.status === 404 && (this.isNew || draft)) {
        this.build({ id: this.id, file: `${this.id}.md`, publishedVersion: null, headVersion: null, text: newGuideTemplate(this.id, new Date(this.ctx.now())), change: null, draft });
        return;
      }
      this.showLoadError(error);
      return;
    }
    if (!this.destroyed) this.build(response);
  }

  private showLoadError(error: unknown): void {
    const message =
      error instanceof ApiError && error.status === 404
        ? `Er is geen gids met id „${this.id}”.`
        : error instanceof ApiError && error.status === 403
          ? forbiddenMessage
          : describeError(error, "De gids openen");
    this.element.replaceChildren(
      h("p", {}, h("a", { class: "back-link", text: "← Alle gidsen", attrs: { href: "#/" } })),
      h("p", { class: "notice notice-warning", attrs: { role: "alert" }, text: message }),
      ...(error instanceof NetworkError ? [h("button", { class: "button", text: "Opnieuw proberen", attrs: { type: "button" }, on: { click: () => void this.open() } })] : []),
    );
  }

  /** The guides' ids for completion after guide:, asked once when first needed. */
  private guideIds: Promise<readonly string[]> | undefined;

  private build(response: EditorGuideResponse): void {
    this.publishedVersion = response.publishedVersion;
    this.change = response.change;
    this.editPanel = new EditPanel(
      {
        id: this.id,
        ctx: this.ctx,
        onSaved: (saved) => this.onSaved(saved),
        onPreview: (guide) => this.onPreview(guide),
        onDirtyChange: () => this.renderStatus(),
        guideIds: () => (this.guideIds ??= this.ctx.api.guides().then((list) => list.map((guide) => guide.id), () => [])),
      },
      response.text,
      response.headVersion,
    );
    this.review = new ReviewPanel(this);
    this.historyPanel = new HistoryPanel(this);
    this.flagsPanel = new FlagsPanel(this, (open) => {
      this.openFlags = open;
      this.renderTabs();
    });
    this.panels.set("bewerken", this.editPanel.element);
    this.panels.set("beoordeling", this.review.element);
    this.panels.set("geschiedenis", this.historyPanel.element);
    this.panels.set("meldingen", this.flagsPanel.element);

    const nav = h("nav", { class: "tabs", attrs: { "aria-label": "Onderdelen van de gids" } });
    for (const { tab, label } of tabs) {
      const link = h("a", { class: "tab", text: label, attrs: { href: `#/gids/${encodeURIComponent(this.id)}/${tab}`, "data-tab": tab } });
      this.tabLinks.set(tab, link);
      nav.append(link);
    }
    this.element.replaceChildren(
      h(
        "div",
        { class: "page-head" },
        h("p", {}, h("a", { class: "back-link", text: "← Alle gidsen", attrs: { href: "#/" } })),
        this.titleElement,
        this.statusSlot,
        this.presence,
      ),
      this.banner,
      nav,
      ...[...this.panels].map(([tab, panel]) => h("section", { class: "tab-panel", attrs: { "data-panel": tab, "aria-label": tabs.find((t) => t.tab === tab)?.label ?? tab } }, panel)),
    );
    this.renderTitle();
    this.renderStatus();
    this.setTab(this.tab, false);
    this.editPanel.start();
    if (response.draft) this.editPanel.offerDraft(response.draft, response.headVersion);
    void this.flagsPanel.load(); // for the count on the tab
  }

  setTab(tab: Tab, focus = true): void {
    this.tab = tab;
    for (const [name, panel] of this.panels) {
      const section = panel.parentElement;
      if (section) section.hidden = name !== tab;
    }
    this.renderTabs();
    if (!this.editPanel) return;
    if (tab === "beoordeling") this.review?.render();
    if (tab === "geschiedenis") void this.historyPanel?.load();
    if (tab === "meldingen") void this.flagsPanel?.load();
    if (focus) this.titleElement.focus();
  }

  focusTitle(): void {
    this.element.querySelector<HTMLElement>("h1")?.focus();
  }

  showTab(tab: Tab): void {
    this.ctx.navigate(`#/gids/${encodeURIComponent(this.id)}/${tab}`);
    this.setTab(tab, false);
  }

  private renderTabs(): void {
    for (const { tab, label } of tabs) {
      const link = this.tabLinks.get(tab);
      if (!link) continue;
      link.textContent = tab === "meldingen" && this.openFlags ? `${label} (${this.openFlags} open)` : label;
      if (tab === this.tab) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
  }

  private renderTitle(): void {
    this.titleElement.textContent = this.title;
  }

  private renderStatus(): void {
    if (!this.editPanel) return;
    const status: GuideStatus = this.change?.status ?? (this.publishedVersion ? "published" : "draft");
    this.statusSlot.replaceChildren(
      statusBadge(status),
      ` versie ${shortVersion(this.editPanel.baseVersion)}`,
      this.publishedVersion === null ? " · nieuwe gids, nog niet gepubliceerd" : "",
      ...(this.editPanel.dirty ? [" ", h("span", { class: "badge badge-unsaved", text: "Niet opgeslagen" })] : []),
    );
  }

  private onPreview(guide: GuideResponse | null): void {
    if (!guide) return;
    this.guide = guide;
    this.title = guide.title || this.id;
    this.renderTitle();
    this.flagsPanel?.refreshStepTitles();
  }

  private onSaved(saved: SavedResponse): void {
    this.expectEcho("saved");
    this.historyCache = null;
    if (this.change) this.change = { ...this.change, status: saved.status === "published" ? "draft" : saved.status, headVersion: saved.version };
    this.renderStatus();
    this.reloadChange().catch(() => undefined);
  }

  stepTitle(stepId: string): string | null {
    return this.guide?.steps.find((step) => step.id === stepId)?.title ?? null;
  }

  history(force = false): Promise<HistoryEntryResponse[]> {
    if (force || !this.historyCache) {
      this.historyCache = this.ctx.api.history(this.id);
      this.historyCache.catch(() => (this.historyCache = null));
    }
    return this.historyCache;
  }

  async reloadChange(): Promise<void> {
    try {
      this.change = await this.ctx.api.review(this.id);
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) throw error;
      this.change = null;
    }
    this.renderStatus();
    if (this.tab === "beoordeling") this.review?.render();
  }

  async reloadGuide(): Promise<void> {
    const response = await this.ctx.api.editor(this.id);
    if (this.destroyed || !this.editPanel) return;
    this.publishedVersion = response.publishedVersion;
    this.change = response.change;
    this.historyCache = null;
    if (!this.editPanel.dirty && !this.editPanel.merging) this.editPanel.load(response.text, response.headVersion);
    this.renderStatus();
    if (this.tab === "beoordeling") this.review?.render();
    if (this.tab === "geschiedenis") void this.historyPanel?.load(true);
  }

  expectEcho(what: GuideChangedEvent["what"]): void {
    this.echoes.push({ what, at: this.ctx.now() });
  }

  onPresence(experts: string[]): void {
    const me = this.ctx.me();
    const others = me === null ? experts : experts.filter((name) => name !== me);
    if (others.length === 0) this.presence.textContent = me === null ? "" : "Niemand anders heeft deze gids open.";
    else this.presence.textContent = me === null ? `Geopend door: ${others.join(", ")} (u inbegrepen)` : `Ook geopend door: ${others.join(", ")}`;
  }

  onGuideChanged(event: GuideChangedEvent): void {
    if (event.guideId !== this.id || !this.editPanel) return;
    const me = this.ctx.me();
    // Our own action comes back as an event too: not news. Without our name, the action we just did tells.
    // An echo not heard within a while will not come (the server may skip the caller): forget it.
    const now = this.ctx.now();
    while (this.echoes.length > 0 && now - (this.echoes[0]?.at ?? now) > echoWindowMs) this.echoes.shift();
    const echoAt = this.echoes.findIndex((echo) => echo.what === event.what);
    const own = me !== null ? event.by === me : echoAt >= 0;
    if (echoAt >= 0) this.echoes.splice(echoAt, 1);
    this.historyCache = null;
    if (!own) {
      const dirty = this.editPanel.dirty;
      const version = event.version ? ` (versie ${shortVersion(event.version)})` : "";
      this.banner.replaceChildren(
        h(
          "div",
          { class: "notice banner", attrs: { role: "status" } },
          h("p", { text: `${event.by} heeft ${changedPhrases[event.what]}${version}.` }),
          dirty && (event.what === "saved" || event.what === "published" || event.what === "withdrawn")
            ? h("p", { text: "Uw niet-opgeslagen tekst blijft staan. Bij opslaan kunt u de teksten samenvoegen." })
            : null,
          h("button", { class: "button button-quiet button-small", text: "Melding sluiten", attrs: { type: "button" }, on: { click: () => this.banner.replaceChildren() } }),
        ),
      );
    }
    const reload = event.what === "saved" || event.what === "published" || event.what === "withdrawn" ? this.reloadGuide() : this.reloadChange();
    reload.catch((error: unknown) => this.ctx.error(describeError(error, "De gids opnieuw ophalen")));
  }

  /** Sends unsaved text to the server before the page goes (or another guide opens). */
  flush(keepalive: boolean): Promise<void> {
    return this.editPanel?.flushDraft(keepalive) ?? Promise.resolve();
  }

  destroy(): void {
    this.destroyed = true;
    this.editPanel?.destroy();
  }
}

