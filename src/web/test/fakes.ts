// Test seams: an in-memory hub connection (in the spirit of SignalR's own TestConnection), guides and a panel
// wired to them.
import { vi } from "vitest";
import type { IRetryPolicy } from "@microsoft/signalr";
import type {
  ContextResponse,
  FlagAnswerResponse,
  FlagResponse,
  GuideResponse,
  PageContextRequest,
  SearchResponse,
  UsageAck,
  UsageEventRequest,
} from "../src/shared/contract";
import { Panel } from "../src/panel/app";
import { GuidanceClient, type AccessTokenSource, type HubConnectionLike } from "../src/panel/hub-client";
import { Outbox } from "../src/panel/outbox";
import { memoryStore, PanelStorage, type KeyValueStore } from "../src/panel/storage";

type Handler = (...args: unknown[]) => unknown;

/** What the fake server does for each hub method; a test replaces what it needs. */
export type ServerBehaviour = Record<string, Handler>;

export class FakeConnection implements HubConnectionLike {
  state = "Disconnected";
  readonly calls: { method: string; args: unknown[] }[] = [];
  /** Each start() takes the next outcome; when none is queued, start succeeds. */
  readonly startOutcomes: ("ok" | "fail")[] = [];
  startCount = 0;
  /** The token the client offered at each start (null: none). */
  readonly startTokens: (string | null)[] = [];
  /** When set, the fake server refuses (401) every start that does not offer this token, as a server without anonymous reading. */
  requiredToken: string | null = null;
  private readonly handlers = new Map<string, (...args: unknown[]) => void>();
  private readonly closeCallbacks: ((error?: Error) => void)[] = [];
  private readonly reconnectingCallbacks: ((error?: Error) => void)[] = [];
  private readonly reconnectedCallbacks: ((id?: string) => void)[] = [];

  constructor(
    public server: ServerBehaviour,
    readonly retryPolicy?: IRetryPolicy,
    readonly accessToken?: AccessTokenSource,
  ) {}

  start(): Promise<void> {
    this.startCount += 1;
    const token = this.accessToken?.() ?? null;
    this.startTokens.push(token);
    if (this.requiredToken !== null && token !== this.requiredToken) {
      // What SignalR's client throws for a 401 on the negotiation.
      return Promise.reject(new Error("Failed to complete negotiation with the server: Error: Unauthorized: Status code '401'"));
    }
    if (this.startOutcomes.shift() === "fail") {
      this.state = "Disconnected";
      return Promise.reject(new Error("Failed to complete negotiation with the server"));
    }
    this.state = "Connected";
    return Promise.resolve();
  }

  stop(): Promise<void> {
    this.state = "Disconnected";
    return Promise.resolve();
  }

  invoke<T = unknown>(method: string, ...args: unknown[]): Promise<T> {
    this.calls.push({ method, args });
    if (this.state !== "Connected") {
      return Promise.reject(new Error("Cannot send data if the connection is not in the 'Connected' State."));
    }
    const handler = this.server[method];
    if (!handler) return Promise.reject(new Error(`An unexpected error occurred invoking '${method}' on the server. HubException: Onbekend`));
    try {
      return Promise.resolve(handler(...args) as T);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  on(method: string, handler: (...args: unknown[]) => void): void {
    this.handlers.set(method, handler);
  }

  onclose(callback: (error?: Error) => void): void {
    this.closeCallbacks.push(callback);
  }

  onreconnecting(callback: (error?: Error) => void): void {
    this.reconnectingCallbacks.push(callback);
  }

  onreconnected(callback: (id?: string) => void): void {
    this.reconnectedCallbacks.push(callback);
  }

  /** The server calls the panel. */
  push(method: string, ...args: unknown[]): void {
    this.handlers.get(method)?.(...args);
  }

  /** The network goes: SignalR starts reconnecting by itself. */
  drop(): void {
    this.state = "Reconnecting";
    this.reconnectingCallbacks.forEach((callback) => callback(new Error("WebSocket closed")));
  }

  /** SignalR's automatic reconnect succeeded. */
  reconnect(): void {
    this.state = "Connected";
    this.reconnectedCallbacks.forEach((callback) => callback("again"));
  }

  /** The connection closed for good (the automatic reconnect gave up, or the server closed it). */
  close(): void {
    this.state = "Disconnected";
    this.closeCallbacks.forEach((callback) => callback(new Error("Server closed the connection")));
  }

  callsOf(method: string): unknown[][] {
    return this.calls.filter((call) => call.method === method).map((call) => call.args);
  }

  /** Every usage event the server received, in order. */
  events(): UsageEventRequest[] {
    return this.calls.flatMap((call) =>
      call.method === "RecordEvents"
        ? (call.args[0] as UsageEventRequest[])
        : call.method === "RecordEvent"
          ? [call.args[0] as UsageEventRequest]
          : [],
    );
  }
}

export function hubError(reason: string): Error {
  return new Error(`An unexpected error occurred invoking 'X' on the server. HubException: ${reason}`);
}

/** A deep copy of a captured guide, safe to change in a test. */
export function copyOf(guide: GuideResponse): GuideResponse {
  return JSON.parse(JSON.stringify(guide)) as GuideResponse;
}

/** A small guide written like the server renders one: checks, a warning, a decision, an end step. */
export function smallGuide(overrides: Partial<GuideResponse> = {}): GuideResponse {
  return {
    id: "adres-controleren",
    title: "Adres controleren",
    summary: "Nagaan of een adres klopt.",
    version: "v1",
    reviewBy: "2027-06-01",
    outdated: false,
    owner: "team-brp",
    roles: ["baliemedewerker"],
    tags: ["brp"],
    related: [],
    introHtml: "<p>Kijk goed.</p>",
    steps: [
      {
        id: "identiteit",
        title: "Identiteit vaststellen",
        html:
          '<p>Vraag naar een identiteitsbewijs.</p>\n<ul class="epss-checks">\n' +
          '<li class="epss-check" data-check-id="foto"><label><input type="checkbox" data-check-id="foto" /> Foto lijkt</label></li>\n' +
          '<li class="epss-check" data-check-id="geldig"><label><input type="checkbox" data-check-id="geldig" /> Document is geldig</label></li>\n</ul>\n' +
          '<div class="markdown-alert markdown-alert-warning">\n<p class="markdown-alert-title">Waarschuwing</p>\n<p>Let op.</p>\n</div>',
        checks: [
          { id: "foto", text: "Foto lijkt" },
          { id: "geldig", text: "Document is geldig" },
        ],
        target: null,
        next: [{ label: "Volgende stap", stepId: "bewijs" }],
        isDecision: false,
        isEnd: false,
      },
      {
        id: "bewijs",
        title: "Bewijs bekijken",
        html:
          '<p>Zie ook <a href="#guide=twijfel&amp;step=vier-ogen" data-guide-id="twijfel" data-step-id="vier-ogen">twijfel</a>.</p>\n' +
          '<p>Is het bewijs compleet?</p>\n<nav class="epss-decision" aria-label="Keuze">\n<ul>\n' +
          '<li><a href="#verwerken" data-step-id="verwerken" class="epss-option">Ja, compleet</a></li>\n' +
          '<li><a href="#guide=twijfel" data-guide-id="twijfel" class="epss-option">Nee, ik twijfel</a></li>\n</ul>\n</nav>',
        checks: [],
        target: "#bewijs",
        next: [
          { label: "Ja, compleet", stepId: "verwerken" },
          { label: "Nee, ik twijfel", guideId: "twijfel" },
        ],
        isDecision: true,
        isEnd: false,
      },
      {
        id: "verwerken",
        title: "Verwerken",
        html: "<p>Sla op.</p>",
        checks: [],
        target: null,
        next: [],
        isDecision: false,
        isEnd: true,
      },
    ],
    ...overrides,
  };
}

export function twijfelGuide(): GuideResponse {
  return smallGuide({
    id: "twijfel",
    title: "Twijfel aan de identiteit",
    version: "t1",
    introHtml: "",
    steps: [
      { id: "signalen", title: "Signalen herkennen", html: "<p>Let op signalen.</p>", checks: [], target: null, next: [{ label: "Volgende stap", stepId: "vier-ogen" }], isDecision: false, isEnd: false },
      { id: "vier-ogen", title: "Tweede persoon erbij halen", html: "<p>Haal een collega.</p>", checks: [], target: null, next: [], isDecision: false, isEnd: true },
    ],
  });
}

export function defaultServer(guides: GuideResponse[] = [smallGuide(), twijfelGuide()]): ServerBehaviour {
  return {
    SetContext: (): ContextResponse => ({
      suggestions: [{ id: "adres-controleren", title: "Adres controleren", summary: "Nagaan of een adres klopt.", reason: "past bij deze pagina" }],
    }),
    Search: (query): SearchResponse => ({ query: String(query), total: 0, hits: [] }),
    OpenGuide: (id) => {
      const guide = guides.find((g) => g.id === id);
      if (!guide) throw hubError(`Er is geen werkinstructie met id '${String(id)}'.`);
      return guide;
    },
    CloseGuide: () => undefined,
    RecordEvents: (events): UsageAck[] => (events as UsageEventRequest[]).map((e) => ({ id: e.id, status: "stored" })),
    RecordEvent: (event): UsageAck => ({ id: (event as UsageEventRequest).id, status: "stored" }),
    FlagStep: (flag): FlagResponse => ({ id: "f1", guideId: null, stepId: null, guideVersion: null, query: null, text: String((flag as { text: string }).text), createdAt: "2026-01-01T00:00:00Z", status: "open" }),
    FlagAnswers: (): FlagAnswerResponse[] => [],
    AnswerSeen: () => undefined,
    ReportMissing: (report): FlagResponse => ({ id: "f2", guideId: null, stepId: null, guideVersion: null, query: String((report as { query: string }).query), text: "", createdAt: "2026-01-01T00:00:00Z", status: "open" }),
  };
}

export interface Harness {
  panel: Panel;
  client: GuidanceClient;
  connection: FakeConnection;
  storage: PanelStorage;
  store: KeyValueStore;
  root: HTMLElement;
  warnings: unknown[];
}

export interface HarnessOptions {
  server?: ServerBehaviour;
  store?: KeyValueStore;
  context?: PageContextRequest;
  /** Leave the connection down until the test connects it. */
  startOffline?: boolean;
  /** /panel?guide=ID */
  openGuide?: string;
  fetch?: (url: string) => Promise<{ status: number }>;
}

/** A panel in the jsdom document, connected to a fake hub. Use with vi.useFakeTimers(). */
export async function mountPanel(options: HarnessOptions = {}): Promise<Harness> {
  document.body.replaceChildren();
  const root = document.createElement("div");
  document.body.append(root);
  const store = options.store ?? memoryStore();
  const storage = new PanelStorage(store);
  let connection: FakeConnection | undefined;
  const warnings: unknown[] = [];
  const client = new GuidanceClient({
    url: "http://epss.test/hubs/guidance?client=test",
    outbox: new Outbox(storage),
    createConnection: (_url, policy, token) => (connection = new FakeConnection(options.server ?? defaultServer(), policy, token)),
    fetch: options.fetch ?? (() => Promise.resolve({ status: 200 })),
    warn: (message, error) => warnings.push([message, error]),
  });
  if (!connection) throw new Error("no connection made");
  if (options.startOffline) connection.startOutcomes.push(...Array<"fail">(50).fill("fail"));
  const panel = new Panel({
    root,
    client,
    storage,
    context: options.context ?? { url: "https://bz.example/brp/adres", title: "Adres", app: "burgerzaken" },
    ...(options.openGuide !== undefined ? { openGuide: options.openGuide } : {}),
  });
  panel.start();
  await settle();
  return { panel, client, connection, storage, store, root, warnings };
}

/** Lets promises and the panel's short timers (debounce, announcements) run. */
export async function settle(ms = 200): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
}

export function byText<T extends HTMLElement = HTMLElement>(selector: string, text: string, root: ParentNode = document): T {
  const found = [...root.querySelectorAll<T>(selector)].find((element) => element.textContent?.trim() === text);
  if (!found) throw new Error(`No ${selector} with text "${text}"`);
  return found;
}

export function button(name: string, root: ParentNode = document): HTMLButtonElement {
  const found = [...root.querySelectorAll<HTMLButtonElement>("button")].find(
    (element) => (element.getAttribute("aria-label") ?? element.querySelector(".option-label, .hit-title")?.textContent ?? element.textContent)?.trim() === name,
  );
  if (!found) throw new Error(`No button "${name}"`);
  return found;
}

export function searchBox(): HTMLInputElement {
  const label = byText<HTMLLabelElement>("label", "Zoek een werkinstructie");
  const input = document.getElementById(label.htmlFor);
  if (!(input instanceof HTMLInputElement)) throw new Error("no search box");
  return input;
}

export function typeInto(input: HTMLInputElement | HTMLTextAreaElement, text: string): void {
  input.value = text;
  input.dispatchEvent(new Event("input", { bubbles: true }));
}

export function press(target: EventTarget, key: string, init: KeyboardEventInit = {}): KeyboardEvent {
  const event = new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true, ...init });
  target.dispatchEvent(event);
  return event;
}

export function stepTitle(): string {
  return document.getElementById("step-title")?.textContent ?? "";
}
