// The one module that talks to the guidance hub. It owns the SignalR connection, keeps it alive (automatic
// reconnect with PanelRetryPolicy, and a start loop for when the first start fails or the connection closes for
// good), and owns the outbox: usage events, flags and reports wait there until the server acknowledges them.
import { HubConnectionBuilder, LogLevel, type IRetryPolicy } from "@microsoft/signalr";
import {
  ClientMethods,
  HubMethods,
  Limits,
  type ContextResponse,
  type FlagAnswerResponse,
  type FlagRequest,
  type FlagResponse,
  type GuideResponse,
  type MissingTopicRequest,
  type PageContextRequest,
  type SearchResponse,
  type UsageAck,
  type UsageEventRequest,
} from "../shared/contract";
import { newUuid } from "./ids";
import { Outbox, type ReportItem } from "./outbox";
import { PanelRetryPolicy } from "./retry-policy";
import { isGuide } from "./storage";

/** The part of SignalR's HubConnection the panel uses; tests pass a fake. */
export interface HubConnectionLike {
  readonly state: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  invoke<T = unknown>(methodName: string, ...args: unknown[]): Promise<T>;
  on(methodName: string, handler: (...args: unknown[]) => void): void;
  onclose(callback: (error?: Error) => void): void;
  onreconnecting(callback: (error?: Error) => void): void;
  onreconnected(callback: (connectionId?: string) => void): void;
}

/** The API token to connect with now, or null (then the sign-in cookie, if any, is what counts). */
export type AccessTokenSource = () => string | null;

/** Without accessToken the connection relies on the sign-in cookie alone (the editor and dashboard are top pages). */
export type ConnectionFactory = (url: string, retryPolicy: IRetryPolicy, accessToken?: AccessTokenSource) => HubConnectionLike;

/**
 * The real connection: JSON protocol (the default), automatic reconnect that never gives up. SignalR asks for the
 * token at every negotiation, so a token that arrives later is used from the next (re)connect on; an empty one adds
 * no header.
 */
export const signalRConnection: ConnectionFactory = (url, retryPolicy, accessToken) =>
  new HubConnectionBuilder()
    .withUrl(url, accessToken ? { accessTokenFactory: () => accessToken() ?? "" } : {})
    .withAutomaticReconnect(retryPolicy)
    .configureLogging(LogLevel.Critical)
    .build();

/**
 * connecting: the first attempt; connected; reconnecting: the connection was lost and is being restored;
 * offline: no connection could be made yet (or it closed) and the panel keeps trying; refused: the server answered
 * that this user may not connect (no sign-in, or a refused token), and the panel keeps trying; stopped: stop() was
 * called.
 */
export type ConnectionStatus = "connecting" | "connected" | "reconnecting" | "offline" | "refused" | "stopped";

/**
 * Whether a failed start was the server refusing the user (401 or 403 on the negotiation) rather than no network.
 * SignalR wraps the HTTP error in a negotiation error that keeps only its text, hence the text is read too.
 */
export function isRefusal(error: unknown): boolean {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  if (status === 401 || status === 403) return true;
  const message = error instanceof Error ? error.message : String(error);
  return /Status code '40[13]'|\bunauthori[sz]ed\b|\bforbidden\b/i.test(message);
}

/** The call could not reach the server: there is no connection, or it was lost during the call. */
export class NotConnectedError extends Error {
  constructor(cause?: unknown) {
    super("Er is geen verbinding met de server.", { cause });
    this.name = "NotConnectedError";
  }
}

/**
 * The server answered with an error. The hub sends every error as a HubException with a Dutch reason: bad input,
 * but also "too many calls" and "usage cannot be stored now"; the reason alone does not say which.
 */
/** How the server's "could not store it now, send it again later" answers end. */
export const retryLaterMessageEnd = "Het wordt later opnieuw verstuurd.";

export class ServerError extends Error {
  constructor(
    readonly method: string,
    readonly reason: string,
  ) {
    super(`${method}: ${reason}`);
    this.name = "ServerError";
  }

  /**
   * The hub refused the call because the signed-in user's role may not make it (SignalR's own message for a hub
   * method whose policy the user does not meet): asking again will not help.
   */
  get notAllowed(): boolean {
    return this.reason.includes("because user is unauthorized");
  }

  /**
   * The server could not store it now (its usage queue is full, or its store is down) and asks for it again later:
   * nothing is wrong with what was sent. The server's messages for this end so (UsageUnavailableException).
   */
  get retryLater(): boolean {
    return this.reason.endsWith(retryLaterMessageEnd);
  }

  static from(method: string, error: unknown): ServerError {
    const message = error instanceof Error ? error.message : String(error);
    const marker = "HubException: ";
    const at = message.indexOf(marker);
    return new ServerError(method, at >= 0 ? message.slice(at + marker.length).trim() : message);
  }
}

export type SendOutcome = "sent" | "queued";

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const defaultTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface GuidanceClientOptions {
  /** The hub's URL with ?client=<browser id>. */
  url: string;
  outbox: Outbox;
  createConnection?: ConnectionFactory;
  retryPolicy?: IRetryPolicy;
  timers?: Timers;
  now?: () => number;
  /** For GET /api/guides/{id} (to tell a removed guide apart); the browser's fetch by default. */
  fetch?: (url: string, init?: RequestInit) => Promise<Pick<Response, "status">>;
  /** Where unexpected problems are reported (console.warn by default). */
  warn?: (message: string, error?: unknown) => void;
}

/** After the server failed to take the outbox, try again after this long. */
export const outboxRetryMs = 30_000;
/** An event the server refused is tried once more after this pause (it may only have asked to slow down). */
export const retrySingleEventMs = 1_000;
/** A queued flag or report refused this many times is dropped. */
export const maximumReportAttempts = 3;
/** The server does not store events older than 30 days. */
export const maximumEventAgeMs = 30 * 24 * 60 * 60 * 1000;

export class GuidanceClient {
  private readonly connection: HubConnectionLike;
  private readonly outbox: Outbox;
  private readonly retryPolicy: IRetryPolicy;
  private readonly timers: Timers;
  private readonly now: () => number;
  private readonly warn: (message: string, error?: unknown) => void;
  private readonly url: string;
  private readonly fetchFn: GuidanceClientOptions["fetch"] | null;
  private accessToken: string | null = null;
  private readonly reportFailures = new Map<string, number>();
  private statusValue: ConnectionStatus = "connecting";
  private everConnected = false;
  private stopped = false;
  private startLoopRunning = false;
  private wake: (() => void) | null = null;
  private flushing: Promise<void> | null = null;
  private flushRunning = false;
  private flushAgain = false;
  private flushScheduled = false;
  private outboxRetry: unknown = null;
  private readonly statusListeners = new Set<(status: ConnectionStatus) => void>();
  private readonly connectedListeners = new Set<(first: boolean) => void>();
  private readonly updatedListeners = new Set<(guide: GuideResponse) => void>();
  private readonly removedListeners = new Set<(guideId: string) => void>();

  constructor(options: GuidanceClientOptions) {
    this.outbox = options.outbox;
    this.url = options.url;
    this.fetchFn = options.fetch ?? (typeof fetch === "function" ? (url, init) => fetch(url, init) : null);
    this.retryPolicy = options.retryPolicy ?? new PanelRetryPolicy();
    this.timers = options.timers ?? defaultTimers;
    this.now = options.now ?? Date.now;
    this.warn = options.warn ?? ((message, error) => console.warn(`Epss: ${message}`, error));
    this.connection = (options.createConnection ?? signalRConnection)(options.url, this.retryPolicy, () => this.accessToken);

    this.connection.on(ClientMethods.guideUpdated, (guide) => {
      if (isGuide(guide)) this.updatedListeners.forEach((listener) => listener(guide));
      else this.warn("GuideUpdated without a usable guide", guide);
    });
    this.connection.on(ClientMethods.guideRemoved, (guideId) => {
      if (typeof guideId === "string") this.removedListeners.forEach((listener) => listener(guideId));
    });
    this.connection.onreconnecting(() => this.setStatus("reconnecting"));
    this.connection.onreconnected(() => this.connected());
    this.connection.onclose((error) => {
      if (this.stopped) return;
      this.setStatus(this.everConnected ? "reconnecting" : "offline");
      if (error) this.warn("the connection closed", error);
      this.runStartLoop();
    });
  }

  get status(): ConnectionStatus {
    return this.statusValue;
  }

  get isConnected(): boolean {
    return this.connection.state === "Connected";
  }

  onStatusChange(listener: (status: ConnectionStatus) => void): void {
    this.statusListeners.add(listener);
  }

  /** After the first start (first = true) and after every reconnect: the panel states its context again, etc. */
  onConnected(listener: (first: boolean) => void): void {
    this.connectedListeners.add(listener);
  }

  onGuideUpdated(listener: (guide: GuideResponse) => void): void {
    this.updatedListeners.add(listener);
  }

  onGuideRemoved(listener: (guideId: string) => void): void {
    this.removedListeners.add(listener);
  }

  /** Connects, and keeps trying until it works. */
  start(): void {
    this.stopped = false;
    this.runStartLoop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    if (this.outboxRetry !== null) this.timers.clearTimeout(this.outboxRetry);
    this.setStatus("stopped");
    await this.connection.stop();
  }

  /** Try to connect now instead of waiting for the next retry (for example when the browser is online again). */
  retryNow(): void {
    this.wake?.();
  }

  /**
   * The API token to connect with from now on (null: none). A connection that stands keeps going; one that is not
   * there (refused for want of this token, or still trying) is tried again at once with it.
   */
  setAccessToken(token: string | null): void {
    if (token === this.accessToken) return;
    this.accessToken = token;
    if (!this.isConnected) this.retryNow();
  }

  async search(query: string): Promise<SearchResponse> {
    const response = await this.call<SearchResponse>(HubMethods.search, query.slice(0, Limits.queryLength));
    if (!response || !Array.isArray(response.hits)) throw ServerError.from(HubMethods.search, "Onverwacht antwoord");
    return response;
  }

  async setContext(context: PageContextRequest): Promise<ContextResponse> {
    const response = await this.call<ContextResponse>(HubMethods.setContext, context);
    if (!response || !Array.isArray(response.suggestions)) throw ServerError.from(HubMethods.setContext, "Onverwacht antwoord");
    return response;
  }

  /** The guide; from now on GuideUpdated and GuideRemoved arrive for it. */
  async openGuide(id: string): Promise<GuideResponse> {
    const guide = await this.call<unknown>(HubMethods.openGuide, id);
    if (!isGuide(guide)) throw ServerError.from(HubMethods.openGuide, "Onverwacht antwoord");
    return guide;
  }

  /** The answers to flags this official raised on the guide that they have not yet marked as read. */
  async flagAnswers(guideId: string): Promise<FlagAnswerResponse[]> {
    const answers = await this.call<unknown>(HubMethods.flagAnswers, guideId);
    if (!Array.isArray(answers)) throw ServerError.from(HubMethods.flagAnswers, "Onverwacht antwoord");
    return answers.filter(isFlagAnswer);
  }

  /** "Gelezen": the server does not offer this answer again. */
  async answerSeen(flagId: string): Promise<void> {
    await this.call<unknown>(HubMethods.answerSeen, flagId);
  }

  async closeGuide(): Promise<void> {
    await this.call<unknown>(HubMethods.closeGuide);
  }

  /** Queues a usage event; it is sent now when connected, else after the connection is back. */
  record(event: UsageEventRequest): void {
    this.outbox.add({ kind: "event", event });
    this.scheduleFlush();
  }

  /** Queues a usage event without sending it now (when the page is being hidden). */
  queue(event: UsageEventRequest): void {
    this.outbox.add({ kind: "event", event });
  }

  /** Takes a queued item back before it is sent; true when it was still waiting. */
  withdraw(id: string): boolean {
    const waiting = this.outbox.has(id);
    this.outbox.remove([id]);
    return waiting;
  }

  /** Sends a flag now, or queues it when there is no connection. When the server answers with an error, that is thrown. */
  flagStep(flag: FlagRequest): Promise<SendOutcome> {
    // The same id goes to the server, so a flag sent again after a lost answer is stored once.
    const id = newUuid();
    return this.sendReport({ kind: "flag", id, flag: { ...flag, id } });
  }

  reportMissing(report: MissingTopicRequest): Promise<SendOutcome> {
    const id = newUuid();
    return this.sendReport({ kind: "missing", id, report: { ...report, id } });
  }

  /**
   * True only when the server says the guide does not exist (GET /api/guides/{id} answers 404). The hub's errors
   * are free text, so a failed OpenGuide alone does not tell "removed" from "too many calls".
   */
  async guideIsGone(id: string): Promise<boolean> {
    if (!this.fetchFn) return false;
    try {
      const headers: Record<string, string> = { accept: "application/json" };
      if (this.accessToken !== null) headers.authorization = `Bearer ${this.accessToken}`;
      const response = await this.fetchFn(new URL(`/api/guides/${encodeURIComponent(id)}`, this.url).toString(), { headers });
      return response.status === 404;
    } catch {
      return false;
    }
  }

  /** Sends what waits in the outbox: events in batches of at most 100, then flags and reports one by one. */
  flush(): Promise<void> {
    this.flushAgain = true;
    if (this.flushRunning && this.flushing) return this.flushing;
    this.flushRunning = true;
    this.flushing = this.flushLoop();
    return this.flushing;
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || !this.isConnected) return;
    this.flushScheduled = true;
    queueMicrotask(() => {
      this.flushScheduled = false;
      this.flush().catch((error: unknown) => this.warn("sending the outbox failed", error));
    });
  }

  private async flushLoop(): Promise<void> {
    try {
      // Anything queued while a round is under way sets flushAgain, so it goes in the next round.
      while (this.flushAgain && this.isConnected) {
        this.flushAgain = false;
        if (!(await this.sendEvents())) return;
        if (!(await this.sendReports())) return;
      }
    } finally {
      this.flushRunning = false; // synchronously at the end of the last round: nothing queued can slip between
    }
  }

  /** True when every event that could be sent was; false when the rest must wait. */
  private async sendEvents(): Promise<boolean> {
    this.dropExpiredEvents();
    for (;;) {
      if (!this.isConnected) return false;
      const batch = this.outbox.events().slice(0, Limits.eventsPerBatch);
      if (batch.length === 0) return true;
      let acks: UsageAck[];
      try {
        acks = await this.call<UsageAck[]>(HubMethods.recordEvents, batch);
      } catch (error) {
        if (!(error instanceof ServerError)) return false; // no connection: after the reconnect
        if (error.notAllowed) {
          // This user's role records no usage (an analyst looking at the panel): the events will never be taken.
          this.warn(`the server does not take usage events from this user; ${this.outbox.events().length} are dropped`);
          this.outbox.remove(this.outbox.events().map((event) => event.id));
          return true;
        }
        if (error.retryLater) {
          // Busy or not stored: everything stays for later, and no event is taken for a bad one.
          this.afterServerFailure(error);
          return false;
        }
        // The whole batch is refused when one event is; find out which by sending them one by one.
        if (!(await this.sendEventsOneByOne(batch))) return false;
        continue;
      }
      const acked = new Set((Array.isArray(acks) ? acks : []).map((ack) => ack.id));
      const done = batch.filter((event) => acked.has(event.id)).map((event) => event.id);
      this.outbox.remove(done);
      if (done.length < batch.length) {
        this.afterServerFailure(new ServerError(HubMethods.recordEvents, "not every event was acknowledged"));
        return false;
      }
    }
  }

  /**
   * Sends a batch event by event. An event the server refuses twice, while it accepts others of the batch, is
   * refused for what it is and is dropped. When the server accepts none (its store is down, or it asks to slow
   * down), everything stays for later.
   */
  private async sendEventsOneByOne(batch: UsageEventRequest[]): Promise<boolean> {
    let accepted = 0;
    const refused: UsageEventRequest[] = [];
    for (const event of batch) {
      let outcome = await this.trySendEvent(event);
      if (outcome === "error") {
        await this.sleep(retrySingleEventMs);
        outcome = await this.trySendEvent(event);
      }
      if (outcome === "offline") return false;
      if (outcome === "later") {
        this.afterServerFailure(new ServerError(HubMethods.recordEvent, "the server asks to send the events again later"));
        return false;
      }
      if (outcome === "sent") {
        accepted += 1;
        continue;
      }
      refused.push(event);
      if (accepted === 0 && refused.length >= 3) break;
    }
    if (accepted === 0) {
      this.afterServerFailure(new ServerError(HubMethods.recordEvent, "the server accepted none of the events"));
      return false;
    }
    for (const event of refused) this.warn(`the server refused a usage event (${event.type}); it is dropped`);
    this.outbox.remove(refused.map((event) => event.id));
    return true;
  }

  private async trySendEvent(event: UsageEventRequest): Promise<"sent" | "error" | "later" | "offline"> {
    try {
      await this.call<UsageAck>(HubMethods.recordEvent, event);
      this.outbox.remove([event.id]);
      return "sent";
    } catch (error) {
      if (!(error instanceof ServerError)) return "offline";
      return error.retryLater ? "later" : "error";
    }
  }

  /** The server refuses events older than 30 days; they would block the queue. */
  private dropExpiredEvents(): void {
    const oldest = this.now() - maximumEventAgeMs;
    const expired = this.outbox
      .events()
      .filter((event) => {
        const at = Date.parse(event.occurredAt);
        return Number.isNaN(at) || at < oldest;
      })
      .map((event) => event.id);
    this.outbox.remove(expired);
  }

  private async sendReports(): Promise<boolean> {
    for (const item of this.outbox.reports()) {
      if (!this.isConnected) return false;
      try {
        await this.invokeReport(item);
        this.outbox.remove([item.id]);
        this.reportFailures.delete(item.id);
      } catch (error) {
        if (!(error instanceof ServerError)) return false;
        const failures = (this.reportFailures.get(item.id) ?? 0) + 1;
        this.reportFailures.set(item.id, failures);
        if (failures >= maximumReportAttempts) {
          // Refused again and again (its step may be gone): give up on this one, not on the others.
          this.warn(`the server keeps refusing a queued ${item.kind}: ${error.reason}; it is dropped`);
          this.outbox.remove([item.id]);
          this.reportFailures.delete(item.id);
          continue;
        }
        this.afterServerFailure(error);
        return false;
      }
    }
    return true;
  }

  private async sendReport(item: ReportItem): Promise<SendOutcome> {
    if (this.isConnected) {
      try {
        await this.invokeReport(item);
        return "sent";
      } catch (error) {
        if (error instanceof ServerError) throw error; // the official sees the reason and can try again
      }
    }
    this.outbox.add(item);
    return "queued";
  }

  private invokeReport(item: ReportItem): Promise<FlagResponse> {
    return item.kind === "flag"
      ? this.call<FlagResponse>(HubMethods.flagStep, item.flag)
      : this.call<FlagResponse>(HubMethods.reportMissing, item.report);
  }

  private afterServerFailure(error: ServerError): void {
    this.warn("the server could not take the outbox; trying again later", error);
    if (this.outboxRetry === null) {
      this.outboxRetry = this.timers.setTimeout(() => {
        this.outboxRetry = null;
        this.scheduleFlush();
      }, outboxRetryMs);
    }
  }

  private async call<T>(method: string, ...args: unknown[]): Promise<T> {
    if (!this.isConnected) throw new NotConnectedError();
    try {
      return await this.connection.invoke<T>(method, ...args);
    } catch (error) {
      // A call cut off by a lost connection fails after the state has left Connected.
      if (!this.isConnected) throw new NotConnectedError(error);
      throw ServerError.from(method, error);
    }
  }

  private runStartLoop(): void {
    if (this.startLoopRunning) return;
    this.startLoopRunning = true;
    this.startLoop()
      .catch((error: unknown) => this.warn("the start loop failed", error))
      .finally(() => {
        this.startLoopRunning = false;
      });
  }

  private async startLoop(): Promise<void> {
    const began = this.now();
    for (let attempt = 0; !this.stopped; attempt++) {
      if (this.connection.state !== "Disconnected") return;
      try {
        await this.connection.start();
        this.connected();
        return;
      } catch (error) {
        if (this.stopped) return;
        this.setStatus(isRefusal(error) ? "refused" : this.everConnected ? "reconnecting" : "offline");
        const delay =
          this.retryPolicy.nextRetryDelayInMilliseconds({
            previousRetryCount: attempt,
            elapsedMilliseconds: this.now() - began,
            retryReason: error instanceof Error ? error : new Error(String(error)),
          }) ?? 15_000;
        await this.sleep(delay);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      let handle: unknown = null;
      const done = (): void => {
        this.timers.clearTimeout(handle);
        if (this.wake === done) this.wake = null;
        resolve();
      };
      handle = this.timers.setTimeout(done, ms);
      this.wake = done;
    });
  }

  private connected(): void {
    const first = !this.everConnected;
    this.everConnected = true;
    this.setStatus("connected");
    this.connectedListeners.forEach((listener) => listener(first));
    this.scheduleFlush();
  }

  private setStatus(status: ConnectionStatus): void {
    if (status === this.statusValue) return;
    this.statusValue = status;
    this.statusListeners.forEach((listener) => listener(status));
  }
}

function isFlagAnswer(value: unknown): value is FlagAnswerResponse {
  if (typeof value !== "object" || value === null) return false;
  const answer = value as Record<string, unknown>;
  return (
    typeof answer.flagId === "string" &&
    typeof answer.text === "string" &&
    typeof answer.answer === "string" &&
    typeof answer.answeredAt === "string" &&
    ((answer.stepId ?? null) === null || typeof answer.stepId === "string") &&
    ((answer.stepTitle ?? null) === null || typeof answer.stepTitle === "string")
  );
}
