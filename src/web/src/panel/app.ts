// The panel: connects the hub client, the walk, search and the views. It decides what is shown (start, results or
// a guide), records usage events at the moments they happen, and keeps the walk in localStorage after every change.
import type {
  FlagAnswerResponse,
  GuideBriefResponse,
  GuideResponse,
  OpenedVia,
  PageContextRequest,
  SearchHitResponse,
  SuggestionResponse,
} from "../shared/contract";
import type { TargetStatusMessage } from "../shared/host-messages";
import { sameContext } from "./context";
import { isTypingTarget } from "./dom";
import { HostLink, embeddingOf, fitsPage, pageLabel } from "./host-link";
import { ServerError, type GuidanceClient, type Timers } from "./hub-client";
import { newUuid } from "./ids";
import { buildLayout, showConnection, type Embedding, type Layout } from "./layout";
import { UsageRecorder } from "./recorder";
import { SearchController, type SearchSession, type SearchState } from "./search";
import {
  applyGuideUpdate,
  back,
  currentStep,
  followToGuide,
  moveTo,
  restart,
  setTick,
  startWalk,
  withoutPendingAbandon,
  type Walk,
} from "./state";
import type { PanelStorage } from "./storage";
import { renderGuide, stepTitleId, type Destination, type PlaceNote } from "./views/guide";
import { focusFirstHit, renderResults, resultCountText } from "./views/results";
import { keepDrafts } from "./views/report-form";
import { renderStart, type StartModel } from "./views/start";

export interface PanelOptions {
  root: HTMLElement;
  client: GuidanceClient;
  storage: PanelStorage;
  /** The host context from the panel's query string. */
  context: PageContextRequest;
  timers?: Timers;
  now?: () => number;
  /** The window whose messages, keys and page lifecycle the panel follows. */
  window?: Window;
  /** Where the panel runs; found from the window when not given. */
  embedding?: Embedding;
  /** A guide to open once connected (/panel?guide=ID: a link from the dashboard or an intranet page). */
  openGuide?: string | null;
}

/** A walk left longer ago than this is not reopened by itself after a reload; the start screen offers it. */
export const resumeWindowMs = 30 * 60 * 1000;
/** Screen readers hear the number of results once typing pauses, not at every answer. */
export const announceResultsAfterMs = 700;
/** Framed by the extension, the panel waits this long at most for its token before it connects without one. */
export const tokenWaitMs = 3_000;

type View = "start" | "results" | "guide";
type Focus = "step-title" | "view-title" | "keep" | "none";

interface OpenRequest {
  id: string;
  stepId?: string;
  via: OpenedVia;
  /** Set when the guide is opened from search results: recorded as the search's outcome. */
  search?: { session: SearchSession | null; rank?: number };
  /** A link from outside the panel (/panel?guide=ID): a walk of its own, not a step on from the guide open before. */
  fromUrl?: boolean;
}

const browserTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class Panel {
  private readonly client: GuidanceClient;
  private readonly storage: PanelStorage;
  private readonly timers: Timers;
  private readonly now: () => number;
  private readonly win: Window;
  private readonly layout: Layout;
  private readonly recorder: UsageRecorder;
  /** Records without sending: used while the page is being hidden. */
  private readonly queueRecorder: UsageRecorder;
  private readonly search: SearchController;

  private view: View = "start";
  private walk: Walk | null = null;
  private staleWalk: Walk | null = null;
  /**
   * The walk the official just closed with Sluiten, kept in memory (never stored: a reload must not reopen it) and
   * offered under "Verder waar je was" until another guide is opened: closing is one click, so is undoing it.
   */
  private closedWalk: Walk | null = null;
  private context: PageContextRequest;
  private suggestions: SuggestionResponse[] | null = null;
  private contextSeq = 0;
  private openToken = 0;
  private startNotice: StartModel["notice"] = null;
  private guideNotice: string | null = null;
  /** Experts' answers to this official's flags on the open guide, not yet marked "Gelezen". */
  private answers: { guideId: string; list: FlagAnswerResponse[] } | null = null;
  private pendingEnter = false;
  private announceTimer: unknown = null;
  private readonly listening = new AbortController();
  private readonly host: HostLink;
  /** What the layer last said about the current step's target. */
  private targetStatus: TargetStatusMessage | null = null;
  /** Targets already reported as missing in this run (guide, step, selector, page): each is recorded once. */
  private readonly reportedTargets = new Set<string>();
  private readonly embedding: Embedding;
  /** Whether the extension has said which token to use (if any), and whether it handed one over. */
  private tokenKnown = false;
  private hasToken = false;
  /** Set while start() waits for the extension's token. */
  private tokenWait: unknown = null;
  /** The guide of /panel?guide=ID, until it has been opened on the first connection. */
  private linkedGuide: string | null;

  constructor(options: PanelOptions) {
    this.client = options.client;
    this.storage = options.storage;
    this.timers = options.timers ?? browserTimers;
    this.now = options.now ?? Date.now;
    this.win = options.window ?? window;
    this.context = options.context;
    this.linkedGuide = options.openGuide && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(options.openGuide) ? options.openGuide : null;
    this.embedding = options.embedding ?? embeddingOf(this.win);
    this.layout = buildLayout(options.root);
    const clock = (): Date => new Date(this.now());
    this.recorder = new UsageRecorder((event) => this.client.record(event), clock);
    this.queueRecorder = new UsageRecorder((event) => this.client.queue(event), clock);
    this.search = new SearchController({
      search: (query) => this.client.search(query),
      onChange: (state) => this.onSearchChange(state),
      timers: this.timers,
    });

    this.host = new HostLink(this.win, {
      context: (context) => this.setHostContext(context),
      targetStatus: (status) => this.onTargetStatus(status),
      accessToken: (token) => this.onAccessToken(token),
    }, this.listening.signal);
    this.restore();
    this.wireClient();
    this.wireSearchBox();
    this.wireWindow();
    this.updateConnection();
    this.render("none");
    this.host.announceReady();
  }

  /** Connects to the hub (and keeps trying). */
  start(): void {
    if (this.embedding === "extension" && !this.tokenKnown) {
      // The extension answers epss:ready with its token at once: connecting before it would only be refused.
      this.tokenWait ??= this.timers.setTimeout(() => this.startNow(), tokenWaitMs);
      return;
    }
    this.startNow();
  }

  private startNow(): void {
    if (this.tokenWait !== null) this.timers.clearTimeout(this.tokenWait);
    this.tokenWait = null;
    this.client.start();
  }

  private onAccessToken(token: string | null): void {
    this.tokenKnown = true;
    this.hasToken = token !== null;
    // Refused for want of a token, the client tries again at once with this one.
    this.client.setAccessToken(token);
    if (this.tokenWait !== null) this.startNow();
    this.updateConnection();
  }

  /** Stops listening to the window and disconnects (tests, or an overlay that removes the panel). */
  async destroy(): Promise<void> {
    this.listening.abort();
    if (this.tokenWait !== null) this.timers.clearTimeout(this.tokenWait);
    await this.client.stop();
  }

  // ---- restoring and persisting -------------------------------------------------------------------------------

  private restore(): void {
    const stored = this.storage.loadWalk();
    if (!stored) return;
    const { pendingAbandonId, ...walk } = stored;
    if (this.now() - stored.updatedAt < resumeWindowMs) {
      // A reload or a reconnect: carry on with the same run. The abandon queued when the page went away is withdrawn.
      if (pendingAbandonId) this.client.withdraw(pendingAbandonId);
      this.walk = { ...walk, updatedAt: this.now() };
      this.view = "guide";
      this.recorder.guideOpened(this.walk, "resume");
      this.persist();
    } else {
      // Left long ago: that run was abandoned. Offer to pick it up again on the start screen.
      const abandonId = pendingAbandonId ?? this.recorder.guideAbandoned(stored).id;
      this.staleWalk = { ...walk, pendingAbandonId: abandonId };
      this.persist();
    }
  }

  private persist(): void {
    this.storage.saveWalk(this.walk ?? this.staleWalk);
  }

  // ---- the hub -------------------------------------------------------------------------------------------------

  private wireClient(): void {
    this.client.onStatusChange(() => {
      this.updateConnection();
      if (this.view === "start") this.render("keep");
    });
    this.client.onConnected(() => {
      this.sendContext();
      const linked = this.linkedGuide;
      this.linkedGuide = null;
      // A link to a guide opens it, unless the walk taken up after a reload is that guide already.
      if (linked !== null && this.walk?.guide.id !== linked) void this.openGuide({ id: linked, via: "link", fromUrl: true });
      else this.refreshOpenGuide();
      const state = this.search.state;
      if (state.kind === "offline" || state.kind === "error") this.search.runNow();
    });
    this.client.onGuideUpdated((guide) => this.onGuideUpdated(guide));
    this.client.onGuideRemoved((guideId) => this.onGuideRemoved(guideId));
  }

  private updateConnection(): void {
    showConnection(this.layout, this.client.status, this.win.navigator.onLine, this.walk !== null, { embedding: this.embedding, hasToken: this.hasToken });
  }

  private sendContext(): void {
    if (!this.client.isConnected) return;
    const seq = ++this.contextSeq;
    this.client.setContext(this.context).then(
      (response) => {
        if (seq !== this.contextSeq) return;
        this.suggestions = response.suggestions;
        if (this.view === "start") this.render("keep");
      },
      (error: unknown) => console.warn("Epss: SetContext failed", error),
    );
  }

  /** Opens the current guide on the server again: to be told of its changes, and to catch up with them. */
  private refreshOpenGuide(): void {
    const id = this.walk?.guide.id;
    if (id === undefined || !this.client.isConnected) return;
    this.client.openGuide(id).then(
      (guide) => {
        if (this.walk?.guide.id !== id) return;
        if (guide.version === this.walk.guide.version) this.storage.cacheGuide(guide);
        else this.onGuideUpdated(guide);
        this.loadAnswers(id);
      },
      (error: unknown) => {
        if (!(error instanceof ServerError)) return; // no connection: again after the reconnect
        void this.client.guideIsGone(id).then((gone) => {
          if (gone) this.onGuideRemoved(id);
        });
      },
    );
  }

  /** Asks the hub for the answers to this official's flags on the guide; shown above the step until "Gelezen". */
  private loadAnswers(guideId: string): void {
    if (!this.client.isConnected) return; // again once connected (refreshOpenGuide)
    this.client.flagAnswers(guideId).then(
      (list) => {
        if (this.walk?.guide.id !== guideId) return;
        const known = new Set(this.answers?.guideId === guideId ? this.answers.list.map((answer) => answer.flagId) : []);
        this.answers = { guideId, list };
        if (!list.some((answer) => !known.has(answer.flagId))) return;
        this.announce(list.length === 1 ? "Er is een antwoord op je melding." : "Er zijn antwoorden op je meldingen.");
        if (this.view === "guide") this.render("keep");
      },
      (error: unknown) => console.warn("Epss: FlagAnswers failed", error),
    );
  }

  /** "Gelezen": not shown again here, and the hub is told so that it is not offered again. */
  private dismissAnswer(flagId: string): void {
    if (this.answers) this.answers = { ...this.answers, list: this.answers.list.filter((answer) => answer.flagId !== flagId) };
    this.render("keep");
    // Without a connection (or when the call fails) the answer comes back the next time the guide is opened: better
    // once more than never.
    if (this.client.isConnected) this.client.answerSeen(flagId).catch((error: unknown) => console.warn("Epss: AnswerSeen failed", error));
  }

  private onGuideUpdated(guide: GuideResponse): void {
    const walk = this.walk;
    if (!walk || walk.guide.id !== guide.id) return;
    const { walk: updated, stepKept } = applyGuideUpdate(walk, guide, this.now());
    this.walk = updated;
    this.persist();
    this.storage.cacheGuide(guide);
    if (!stepKept) this.recorder.stepViewed(updated);
    const message = stepKept
      ? "Deze werkinstructie is zojuist bijgewerkt."
      : "Deze werkinstructie is zojuist bijgewerkt. De stap waar je was, bestaat niet meer: je bent terug bij de eerste stap.";
    this.guideNotice = message;
    this.announce(message);
    if (this.view === "guide") this.render(stepKept ? "keep" : "step-title");
  }

  private onGuideRemoved(guideId: string): void {
    this.storage.forgetGuide(guideId);
    const walk = this.walk;
    if (!walk || walk.guide.id !== guideId) return;
    this.walk = null;
    this.persist();
    const text = `De werkinstructie “${walk.guide.title}” is niet meer beschikbaar.`;
    this.startNotice = { text, tone: "info" };
    this.announce(text);
    this.updateConnection();
    if (this.view === "guide") {
      this.view = "start";
      this.render("view-title");
    }
  }

  // ---- the host page ------------------------------------------------------------------------------------------

  private wireWindow(): void {
    const options = { signal: this.listening.signal };
    this.win.addEventListener("keydown", (event: KeyboardEvent) => {
      const plain = !event.ctrlKey && !event.metaKey && !event.altKey;
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "k") {
        event.preventDefault();
        this.focusSearch();
      } else if (event.key === "/" && plain && !isTypingTarget(event.target)) {
        event.preventDefault();
        this.focusSearch();
      }
    }, options);
    this.win.addEventListener("pagehide", () => this.onPageHide(), options);
    this.win.addEventListener("pageshow", (event: PageTransitionEvent) => {
      if (event.persisted) this.onPageShowAgain();
    }, options);
    this.win.addEventListener("online", () => {
      this.updateConnection();
      this.client.retryNow();
    }, options);
    this.win.addEventListener("offline", () => this.updateConnection(), options);
  }

  private setHostContext(context: PageContextRequest): void {
    if (sameContext(context, this.context)) return;
    this.context = context;
    this.sendContext();
    if (this.view === "start") this.render("keep");
    else if (this.view === "guide") {
      // Another page of the host application: the step's element is looked up there (or the step now fits the page).
      this.updateHighlight(true);
      this.render("keep");
    }
  }

  // ---- the step's element on the host page --------------------------------------------------------------------

  /** Whether the host page the official is on is a page of the current step (a step without a page fits any). */
  private stepFitsPage(): boolean {
    return fitsPage(this.walk ? currentStep(this.walk)?.page : null, this.context.url);
  }

  /** Asks the layer to highlight the current step's element, or to remove the highlight. */
  private updateHighlight(again = false): void {
    const walk = this.walk;
    const step = walk && this.view === "guide" ? currentStep(walk) : undefined;
    // A new request: what the layer said about the previous one no longer applies.
    if (this.host.highlight(walk && step && this.stepFitsPage() ? { guideId: walk.guide.id, step } : null, again)) this.targetStatus = null;
  }

  private onTargetStatus(status: TargetStatusMessage): void {
    const walk = this.walk;
    const step = walk ? currentStep(walk) : undefined;
    if (!walk || !step || status.guideId !== walk.guide.id || status.stepId !== step.id) return;
    const previous = this.targetStatus?.status;
    this.targetStatus = status;
    if (status.status === "missing" || status.status === "ambiguous" || status.status === "invalid") {
      // A selector that no longer fits the application is how a guide goes stale: L&D sees it in the usage data.
      const key = [walk.runId, step.id, status.selector, status.url.split(/[?#]/)[0]].join("\n");
      if (!this.reportedTargets.has(key)) {
        this.reportedTargets.add(key);
        this.recorder.targetMissing(walk, status.selector, status.url, status.status);
      }
    }
    if (previous !== status.status && this.view === "guide") this.render("keep");
  }

  /** What the guide view says about where the step is done, if anything. */
  private placeNote(): PlaceNote | null {
    const walk = this.walk;
    const step = walk ? currentStep(walk) : undefined;
    if (!walk || !step || !this.host.hasLayer) return null;
    if (!this.stepFitsPage() && step.page) return { kind: "other-page", page: pageLabel(step.page) };
    const status = this.targetStatus;
    if (!step.target || !status || status.stepId !== step.id) return null;
    if (status.status === "missing" || status.status === "invalid") return { kind: "missing" };
    if (status.status === "hidden") return { kind: "hidden" };
    return null;
  }

  /** The page goes away (reload, closing, navigating): an unfinished walk is queued as abandoned, sent next time. */
  private onPageHide(): void {
    const session = this.search.takeSession();
    if (session) this.queueRecorder.search(session.query, session.hitCount);
    if (this.walk && !this.walk.pendingAbandonId) {
      const event = this.queueRecorder.guideAbandoned(this.walk);
      this.walk = { ...this.walk, pendingAbandonId: event.id };
      this.persist();
    }
  }

  /** Back from the browser's page cache: the official carries on, so the queued abandon is withdrawn. */
  private onPageShowAgain(): void {
    if (this.walk?.pendingAbandonId) {
      this.client.withdraw(this.walk.pendingAbandonId);
      this.walk = withoutPendingAbandon(this.walk);
      this.persist();
    }
  }

  // ---- search -------------------------------------------------------------------------------------------------

  private wireSearchBox(): void {
    const { searchInput, searchForm } = this.layout;
    searchForm.addEventListener("submit", (event) => event.preventDefault());
    searchInput.addEventListener("input", () => this.onSearchInput());
    searchInput.addEventListener("keydown", (event) => {
      switch (event.key) {
        case "ArrowDown":
          if (this.view === "results" && focusFirstHit(this.layout.main)) event.preventDefault();
          break;
        case "Enter":
          event.preventDefault();
          this.openFirstHit();
          break;
        case "Escape":
          event.preventDefault();
          if (searchInput.value !== "") {
            searchInput.value = "";
            this.onSearchInput();
          } else if (this.view === "guide") {
            this.focusStepTitle();
          }
          break;
      }
    });
  }

  private focusSearch(): void {
    this.layout.searchInput.focus();
    this.layout.searchInput.select();
  }

  private onSearchInput(): void {
    const text = this.layout.searchInput.value;
    this.pendingEnter = false;
    this.search.input(text);
    if (text.trim() === "") {
      this.recordAbandonedSearch();
      this.setFlash(null);
      if (this.view === "results") {
        this.view = this.walk ? "guide" : "start";
        this.render("none");
      }
      return;
    }
    if (this.view !== "results") {
      this.view = "results";
      this.setFlash(null);
      this.render("none");
    }
  }

  private recordAbandonedSearch(): void {
    const session = this.search.takeSession();
    if (session) this.recorder.search(session.query, session.hitCount);
  }

  private onSearchChange(state: SearchState): void {
    if (state.kind === "empty" || this.view !== "results") return;
    this.render("keep");
    if (state.kind !== "results") return;
    const hits = state.response.hits;
    this.announceLater(hits.length > 0 ? resultCountText(state.response.total, state.query) : `Niets gevonden voor “${state.query.trim()}”`);
    if (this.pendingEnter && this.search.settled) {
      this.pendingEnter = false;
      const first = hits[0];
      if (first) this.openHit(first, 1);
    }
  }

  /** Enter in the search box: the first hit of what is typed, once its answer is in. */
  private openFirstHit(): void {
    if (this.layout.searchInput.value.trim() === "") return;
    const state = this.search.state;
    if (this.search.settled && state.kind === "results") {
      const first = state.response.hits[0];
      if (first) this.openHit(first, 1);
      return;
    }
    this.pendingEnter = true;
    this.search.runNow();
  }

  private openHit(hit: SearchHitResponse, rank: number): void {
    this.openFromSearch({ id: hit.id, ...(hit.stepId !== undefined ? { stepId: hit.stepId } : {}), via: "search" }, rank);
  }

  private openClosest(guide: GuideBriefResponse): void {
    this.openFromSearch({ id: guide.id, via: "search" });
  }

  private openFromSearch(request: OpenRequest, rank?: number): void {
    const session = this.search.takeSession();
    this.layout.searchInput.value = "";
    this.search.input("");
    void this.openGuide({ ...request, search: { session, ...(rank !== undefined ? { rank } : {}) } }).then((opened) => {
      if (!opened && this.view === "results" && this.layout.searchInput.value.trim() === "") {
        this.view = this.walk ? "guide" : "start";
        this.render("none");
      }
    });
  }

  // ---- opening guides and walking through them ----------------------------------------------------------------

  /** Opens a guide (from the server, or the stored copy when offline); false when it could not be opened. */
  private async openGuide(request: OpenRequest): Promise<boolean> {
    const token = ++this.openToken;
    this.setFlash(null);
    const guide = await this.fetchGuide(request.id);
    if (token !== this.openToken) return false;
    if (request.search?.session) {
      const { session, rank } = request.search;
      this.recorder.search(session.query, session.hitCount, {
        guideId: request.id,
        ...(guide ? { guideVersion: guide.version } : {}),
        ...(rank !== undefined ? { rank } : {}),
      });
    }
    if (!guide) return false;

    const previous = this.walk;
    if (previous) this.recorder.guideAbandoned(previous);
    this.walk =
      previous && request.via === "link" && !request.fromUrl
        ? followToGuide(previous, guide, request.stepId, newUuid(), this.now())
        : startWalk(guide, request.stepId, request.via, newUuid(), this.now());
    this.staleWalk = null;
    this.closedWalk = null;
    this.guideNotice = null;
    if (this.answers?.guideId !== guide.id) this.answers = null;
    this.recorder.guideOpened(this.walk, request.via);
    this.recorder.stepViewed(this.walk);
    this.persist();
    this.storage.cacheGuide(guide);
    this.updateConnection();
    this.view = "guide";
    this.render("step-title");
    this.loadAnswers(guide.id);
    return true;
  }

  private async fetchGuide(id: string): Promise<GuideResponse | null> {
    if (this.client.isConnected) {
      try {
        return await this.client.openGuide(id);
      } catch (error) {
        if (error instanceof ServerError) {
          this.setFlash(`Deze werkinstructie kan niet worden geopend. ${error.reason}`);
          return null;
        }
        // no connection after all, or a server failure: the stored copy, if there is one
      }
    }
    const stored =
      this.storage.cachedGuide(id) ??
      this.walk?.trail[id]?.guide ??
      (this.staleWalk?.guide.id === id ? this.staleWalk.guide : undefined);
    if (stored) return stored;
    this.setFlash("Deze werkinstructie kan nu niet worden geopend: er is geen verbinding. Probeer het opnieuw zodra de verbinding terug is.");
    return null;
  }

  private go(destination: Destination): void {
    const walk = this.walk;
    if (!walk) return;
    switch (destination.kind) {
      case "decision":
        this.recorder.decisionTaken(walk, destination.option);
        this.follow(destination.option.guideId, destination.option.stepId);
        return;
      case "next":
        this.follow(destination.option.guideId, destination.option.stepId);
        return;
      case "link":
        this.follow(destination.guideId, destination.stepId);
        return;
      case "jump":
        this.moveWithin(destination.stepId);
        return;
    }
  }

  private follow(guideId: string | undefined, stepId: string | undefined): void {
    if (guideId === undefined || guideId === this.walk?.guide.id) {
      if (stepId !== undefined) this.moveWithin(stepId);
      return;
    }
    void this.openGuide({ id: guideId, ...(stepId !== undefined ? { stepId } : {}), via: "link" });
  }

  private moveWithin(stepId: string): void {
    const walk = this.walk;
    if (!walk) return;
    const next = moveTo(walk, stepId, this.now());
    if (next === walk) return;
    this.changeWalk(next);
    this.recorder.stepViewed(next);
    this.render("step-title");
  }

  private goBack(): void {
    const walk = this.walk;
    if (!walk) return;
    const result = back(walk, newUuid, this.now());
    if (!result) return;
    if (result.changedGuide) this.recorder.guideAbandoned(walk);
    this.changeWalk(result.walk);
    if (result.changedGuide) {
      this.recorder.guideOpened(result.walk, "link");
      this.refreshOpenGuide();
    }
    this.recorder.stepViewed(result.walk);
    this.render("step-title");
  }

  private restartWalk(): void {
    const walk = this.walk;
    if (!walk) return;
    this.recorder.guideAbandoned(walk);
    const fresh = restart(walk, newUuid(), this.now());
    this.changeWalk(fresh);
    this.recorder.guideOpened(fresh, "restart");
    this.recorder.stepViewed(fresh);
    this.render("step-title");
    this.announce("Je begint opnieuw bij de eerste stap.");
  }

  private complete(): void {
    const walk = this.walk;
    if (!walk) return;
    this.recorder.guideCompleted(walk);
    this.endWalk();
    const text = `Afgerond: ${walk.guide.title}.`;
    this.startNotice = { text, tone: "success" };
    this.announce(text);
    this.view = "start";
    this.render("view-title");
  }

  private closeWalk(): void {
    const walk = this.walk;
    if (!walk) return;
    this.recorder.guideAbandoned(walk);
    this.endWalk();
    this.closedWalk = walk;
    this.startNotice = { text: `Gesloten: ${walk.guide.title}. Verder waar je was brengt je terug.`, tone: "info" };
    this.view = "start";
    this.render("view-title");
  }

  private endWalk(): void {
    this.walk = null;
    this.staleWalk = null;
    this.guideNotice = null;
    this.answers = null;
    this.persist();
    this.updateConnection();
    if (this.client.isConnected) this.client.closeGuide().catch((error: unknown) => console.warn("Epss: CloseGuide failed", error));
  }

  private resumeStale(): void {
    const stale = this.staleWalk ?? this.closedWalk;
    if (!stale) return;
    this.staleWalk = null;
    this.closedWalk = null;
    this.startNotice = null;
    this.walk = { ...withoutPendingAbandon(stale), runId: newUuid(), via: "resume", updatedAt: this.now() };
    this.recorder.guideOpened(this.walk, "resume");
    this.recorder.stepViewed(this.walk);
    this.persist();
    this.updateConnection();
    this.view = "guide";
    this.render("step-title");
    this.refreshOpenGuide();
  }

  private changeWalk(walk: Walk): void {
    this.walk = walk;
    this.guideNotice = null;
    this.setFlash(null);
    this.persist();
  }

  private tick(stepId: string, checkId: string, checked: boolean): void {
    const walk = this.walk;
    if (!walk) return;
    this.walk = setTick(walk, stepId, checkId, checked, this.now());
    this.persist();
    this.recorder.checkTicked(this.walk, stepId, checkId, checked);
  }

  // ---- rendering ----------------------------------------------------------------------------------------------

  private render(focus: Focus): void {
    const main = this.layout.main;
    const active = document.activeElement;
    const focusKey = active instanceof HTMLElement && main.contains(active) ? active.dataset.focusKey : undefined;
    const hadFocus = active instanceof HTMLElement && main.contains(active);

    const restoreDrafts = focus === "keep" ? keepDrafts(main) : null;
    this.updateHighlight();
    const view = this.renderView();
    main.replaceChildren(view);
    main.dataset.view = this.view;
    restoreDrafts?.(view);

    if (focus === "step-title") this.focusStepTitle();
    else if (focus === "view-title") main.querySelector<HTMLElement>("h1")?.focus();
    else if (focus === "keep" && hadFocus) {
      const again = focusKey
        ? [...main.querySelectorAll<HTMLElement>("[data-focus-key]")].find((element) => element.dataset.focusKey === focusKey)
        : undefined;
      (again ?? main.querySelector<HTMLElement>(`#${stepTitleId}`) ?? main.querySelector<HTMLElement>("h1"))?.focus();
    }
  }

  private renderView(): HTMLElement {
    if (this.view === "results") {
      const state = this.search.state;
      return renderResults(state.kind === "empty" ? { kind: "pending", query: "" } : state, {
        openHit: (hit, rank) => this.openHit(hit, rank),
        openClosest: (guide) => this.openClosest(guide),
        reportMissing: (query, text) => this.client.reportMissing({ query, text }),
        focusSearch: () => this.layout.searchInput.focus(),
      });
    }
    if (this.view === "guide" && this.walk) {
      const walk = this.walk;
      const previous = walk.path.at(-1);
      const backInto = previous && previous.guideId !== walk.guide.id ? walk.trail[previous.guideId]?.guide.title ?? null : null;
      return renderGuide(
        {
          walk,
          notice: this.guideNotice,
          backIntoGuide: backInto,
          place: this.placeNote(),
          answers: this.answers?.guideId === walk.guide.id ? this.answers.list : [],
        },
        {
          tick: (stepId, checkId, checked) => this.tick(stepId, checkId, checked),
          go: (destination) => this.go(destination),
          back: () => this.goBack(),
          restart: () => this.restartWalk(),
          complete: () => this.complete(),
          close: () => this.closeWalk(),
          flag: (stepId, text) => this.client.flagStep({ guideId: walk.guide.id, stepId, text }),
          dismissAnswer: (flagId) => this.dismissAnswer(flagId),
        },
      );
    }
    this.view = "start";
    const stale = this.staleWalk ?? this.closedWalk;
    const staleStep = stale ? currentStep(stale) : undefined;
    const connected = this.client.isConnected;
    const status = this.client.status;
    // Recent guides not already offered above: online too, so a guide just closed or finished is one click away.
    const suggested = new Set((connected ? (this.suggestions ?? []) : []).map((suggestion) => suggestion.id));
    return renderStart(
      {
        context: this.context,
        suggestions: this.suggestions,
        connection: connected ? "connected" : status === "connecting" || status === "refused" ? status : "offline",
        notice: this.startNotice,
        resume: stale && staleStep ? { title: stale.guide.title, stepTitle: staleStep.title } : null,
        recent: this.storage
          .cachedGuides()
          .filter((guide) => guide.id !== stale?.guide.id && !suggested.has(guide.id))
          .slice(0, 3)
          .map((guide) => ({ id: guide.id, title: guide.title, summary: guide.summary })),
      },
      {
        openSuggestion: (id) => void this.openGuide({ id, via: "suggestion" }),
        openRecent: (id) => void this.openGuide({ id, via: "recent" }),
        resume: () => this.resumeStale(),
      },
    );
  }

  private focusStepTitle(): void {
    this.layout.main.querySelector<HTMLElement>(`#${stepTitleId}`)?.focus();
  }

  private setFlash(text: string | null): void {
    const flash = this.layout.flash;
    if ((flash.textContent ?? "") === (text ?? "")) return;
    flash.textContent = text ?? "";
  }

  /** Says something to screen-reader users (the live region is emptied first, so a repeat is heard too). */
  private announce(text: string): void {
    const region = this.layout.announcer;
    region.textContent = "";
    this.timers.setTimeout(() => {
      region.textContent = text;
    }, 50);
  }

  private announceLater(text: string): void {
    if (this.announceTimer !== null) this.timers.clearTimeout(this.announceTimer);
    this.announceTimer = this.timers.setTimeout(() => {
      this.announceTimer = null;
      this.announce(text);
    }, announceResultsAfterMs);
  }
}
