import { forEachDiagnostic } from "@codemirror/lint";
import { EditorView } from "@codemirror/view";
// Test seams for the editor: a fake HTTP server behind fetch (routes per test, every request recorded), the panel's
// in-memory hub connection, and an editor page mounted in the jsdom document.
import { vi } from "vitest";
import type { GuideResponse } from "../src/shared/contract";
import type {
  ChangeResponse,
  EditorGuideResponse,
  EditorGuideSummary,
  FlagDetailResponse,
  HistoryEntryResponse,
  PreviewResponse,
} from "../src/shared/editor-contract";
import { EditorApp } from "../src/editor/app";
import { FakeConnection, smallGuide } from "./fakes";

export interface Reply {
  status: number;
  body?: unknown;
}

export interface Recorded {
  method: string;
  path: string;
  body: unknown;
  keepalive: boolean;
}

type Handler = (body: unknown, path: string) => Reply | Promise<Reply>;

/** Routes are "METHOD /path" (query included when the request has one); an unknown route answers 404. */
export class FakeServer {
  readonly requests: Recorded[] = [];
  readonly routes = new Map<string, Handler>();
  /** When set, every request fails as if the network were down. */
  offline = false;

  on(route: string, handler: Handler | Reply): this {
    this.routes.set(route, typeof handler === "function" ? handler : () => handler);
    return this;
  }

  readonly fetch = async (input: string, init?: RequestInit): Promise<Response> => {
    const method = init?.method ?? "GET";
    const body: unknown = typeof init?.body === "string" ? JSON.parse(init.body) : undefined;
    this.requests.push({ method, path: input, body, keepalive: init?.keepalive === true });
    if (this.offline) throw new TypeError("Failed to fetch");
    const handler = this.routes.get(`${method} ${input}`);
    const reply = handler ? await handler(body, input) : { status: 404, body: { title: "Niet gevonden", status: 404 } };
    if (reply.status === 204 || reply.body === undefined) return new Response(null, { status: reply.status === 200 ? 204 : reply.status });
    return new Response(JSON.stringify(reply.body), { status: reply.status, headers: { "Content-Type": "application/json" } });
  };

  sent(method: string, path: string): Recorded[] {
    return this.requests.filter((request) => request.method === method && request.path === path);
  }
}

export const guideText = [
  "---",
  "id: adres-controleren",
  "title: Adres controleren",
  "---",
  "",
  "## Identiteit vaststellen {#identiteit}",
  "",
  "- [ ] Foto lijkt",
  "",
  "## Bewijs bekijken {#bewijs}",
  "",
  "Is het bewijs compleet?",
  "",
  "## Verwerken {#verwerken .end}",
  "",
  "Sla op.",
  "",
].join("\n");

export function change(overrides: Partial<ChangeResponse> = {}): ChangeResponse {
  return {
    id: 1,
    guideId: "adres-controleren",
    status: "in-review",
    baseVersion: "p1",
    headVersion: "h2",
    headAuthor: "carla",
    authors: ["carla"],
    createdAt: "2026-11-01T09:00:00Z",
    updatedAt: "2026-11-02T09:00:00Z",
    submittedBy: "dirk",
    submittedAt: "2026-11-02T10:00:00Z",
    publishedChangedSince: false,
    comments: [],
    ...overrides,
  };
}

export function editorResponse(overrides: Partial<EditorGuideResponse> = {}): EditorGuideResponse {
  return { id: "adres-controleren", file: "adres-controleren.md", publishedVersion: "p1", headVersion: "h2", text: guideText, change: null, draft: null, ...overrides };
}

export function summary(overrides: Partial<EditorGuideSummary> = {}): EditorGuideSummary {
  return {
    id: "adres-controleren",
    title: "Adres controleren",
    file: "adres-controleren.md",
    status: "published",
    publishedVersion: "p1",
    headVersion: "p1",
    owner: "team-brp",
    reviewBy: "2027-06-01",
    outdated: false,
    openFlags: 0,
    hasErrors: false,
    changeAuthors: [],
    myDraft: false,
    ...overrides,
  };
}

export function previewOf(guide: GuideResponse | null = smallGuide(), diagnostics: PreviewResponse["diagnostics"] = []): Reply {
  return { status: 200, body: { guide, diagnostics } satisfies PreviewResponse };
}

export function historyEntries(): HistoryEntryResponse[] {
  return [
    { version: "h2", author: "carla", createdAt: "2026-11-02T09:00:00Z", note: "Stap toegevoegd", source: "editor", current: false },
    { version: "p1", author: "bert", createdAt: "2026-10-01T09:00:00Z", note: "Eerste versie", source: "editor", publishedAt: "2026-10-01T10:00:00Z", publishedBy: "anna", current: true },
  ];
}

export function flag(overrides: Partial<FlagDetailResponse> = {}): FlagDetailResponse {
  return { id: "f1", guideId: "adres-controleren", stepId: "bewijs", guideVersion: "p1", query: null, text: "Welk bewijs is genoeg?", createdAt: "2026-11-03T08:00:00Z", status: "open", ...overrides };
}

/** A server that opens adres-controleren and previews every text as smallGuide. */
export function guideServer(editor: EditorGuideResponse = editorResponse()): FakeServer {
  return new FakeServer()
    .on("GET /api/me", { status: 404 })
    .on("GET /api/editor/guides", { status: 200, body: [summary()] })
    .on("GET /api/guides/adres-controleren/editor", { status: 200, body: editor })
    .on("POST /api/guides/adres-controleren/preview", previewOf())
    .on("GET /api/flags?guideId=adres-controleren", { status: 200, body: [] })
    .on("GET /api/guides/adres-controleren/history", { status: 200, body: historyEntries() })
    .on("PUT /api/guides/adres-controleren/draft", { status: 204 })
    .on("DELETE /api/guides/adres-controleren/draft", { status: 204 });
}

export interface EditorHarness {
  app: EditorApp;
  server: FakeServer;
  connection: FakeConnection;
  root: HTMLElement;
  redirects: string[];
}

/** Mounts the editor at /editor{hash}. Use with vi.useFakeTimers(). */
export async function mountEditor(server: FakeServer, hash = "#/"): Promise<EditorHarness> {
  document.body.replaceChildren();
  window.history.replaceState(null, "", `/editor${hash}`);
  const root = document.createElement("div");
  document.body.append(root);
  let connection: FakeConnection | undefined;
  const redirects: string[] = [];
  const app = new EditorApp({
    root,
    fetch: server.fetch,
    createConnection: (_url, policy) => (connection = new FakeConnection({ Watch: () => [], Leave: () => undefined }, policy)),
    redirect: (url) => redirects.push(url),
  });
  if (!connection) throw new Error("no connection made");
  app.start();
  await settle();
  return { app, server, connection, root, redirects };
}

// jsdom lays nothing out: CodeMirror's measuring needs these to exist (it gets empty rectangles).
if (typeof Range.prototype.getClientRects !== "function") {
  Range.prototype.getClientRects = function (): DOMRectList {
    return Object.assign([], { item: () => null });
  };
  Range.prototype.getBoundingClientRect = function (): DOMRect {
    return new DOMRect();
  };
}

export async function settle(ms = 50): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
}

/** Goes to another place in the editor, as a click on a link would. */
export async function go(harness: EditorHarness, hash: string): Promise<void> {
  window.history.replaceState(null, "", `/editor${hash}`);
  await harness.app.route();
  await settle();
}

/** The guide's text in CodeMirror, read and typed as a field: value, selection, read-only. */
export class SourceField {
  constructor(readonly view: EditorView) {}
  get value(): string {
    return this.view.state.doc.toString();
  }
  get selectionStart(): number {
    return this.view.state.selection.main.from;
  }
  get selectionEnd(): number {
    return this.view.state.selection.main.to;
  }
  get readOnly(): boolean {
    return this.view.state.readOnly;
  }
  select(from: number, to = from): void {
    this.view.dispatch({ selection: { anchor: from, head: to }, userEvent: "select" });
  }
  get focused(): boolean {
    return document.activeElement === this.view.contentDOM;
  }
  /** The lint diagnostics on a 1-based line: "error: message". */
  lintAt(line: number): string[] {
    const found: string[] = [];
    const { from, to } = this.view.state.doc.line(line);
    forEachDiagnostic(this.view.state, (diagnostic, start) => {
      if (start >= from && start <= to) found.push(`${diagnostic.severity}: ${diagnostic.message}`);
    });
    return found;
  }
  /** Replaces the text as typing would (a user event, so it counts as the expert's input). */
  type(text: string): void {
    this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: text }, userEvent: "input.type" });
  }
}

export function source(): SourceField {
  const found = document.querySelector(".source-box .cm-editor");
  const view = found ? EditorView.findFromDOM(found as HTMLElement) : null;
  if (!view) throw new Error("no source editor");
  return new SourceField(view);
}

/** The merged text of the conflict view: the right, editable side of the merge view. */
export function mergedText(): SourceField {
  const found = document.querySelector(".merge .compare-right");
  const view = found ? EditorView.findFromDOM(found as HTMLElement) : null;
  if (!view) throw new Error("no merged text");
  return new SourceField(view);
}

/** Their text in the conflict view (the left side), whole: CodeMirror draws only part of it. */
export function theirsText(): string {
  const found = document.querySelector(".merge .compare-left");
  const view = found ? EditorView.findFromDOM(found as HTMLElement) : null;
  if (!view) throw new Error("no text of theirs");
  return view.state.doc.toString();
}

export function typeText(field: HTMLTextAreaElement | HTMLInputElement, text: string): void {
  field.value = text;
  field.dispatchEvent(new Event("input", { bubbles: true }));
}

export function buttonNamed(name: string, root: ParentNode = document): HTMLButtonElement {
  const found = [...root.querySelectorAll<HTMLButtonElement>("button")].find((button) => button.textContent?.trim() === name);
  if (!found) throw new Error(`No button "${name}"`);
  return found;
}

export function fieldLabelled<T extends HTMLElement = HTMLInputElement>(label: string, root: ParentNode = document): T {
  const found = [...root.querySelectorAll<HTMLLabelElement>("label")].find((candidate) => candidate.textContent?.trim() === label);
  const field = found ? document.getElementById(found.htmlFor) : null;
  if (!field) throw new Error(`No field labelled "${label}"`);
  return field as T;
}

/** A promise the test resolves itself (to answer requests out of order). */
export function deferred<T>(): { promise: Promise<T>; resolve(value: T): void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}
