// Presence over the editor hub: which experts have the open guide, and what happens to it. One connection for the
// page; it reconnects by itself and states Watch again afterwards (the server forgets a connection that dropped).
import type { IRetryPolicy } from "@microsoft/signalr";
import { EditorClientMethods, EditorHubMethods, type GuideChangedEvent } from "../shared/editor-contract";
import { signalRConnection, type ConnectionFactory, type HubConnectionLike, type Timers } from "../panel/hub-client";
import { PanelRetryPolicy } from "../panel/retry-policy";

export type HubStatus = "connecting" | "connected" | "reconnecting" | "offline";

export interface EditorHubOptions {
  url: string;
  createConnection?: ConnectionFactory;
  retryPolicy?: IRetryPolicy;
  timers?: Timers;
  onPresence(guideId: string, experts: string[]): void;
  onGuideChanged(event: GuideChangedEvent): void;
  onStatus?(status: HubStatus): void;
}

/** After a failed first start (or a close for good), try again after this long. */
export const restartDelayMs = 10_000;

const defaultTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class EditorHub {
  private readonly connection: HubConnectionLike;
  private readonly timers: Timers;
  private watched: string | null = null;
  private stopped = false;
  private restartHandle: unknown = null;

  constructor(private readonly options: EditorHubOptions) {
    this.timers = options.timers ?? defaultTimers;
    this.connection = (options.createConnection ?? signalRConnection)(options.url, options.retryPolicy ?? new PanelRetryPolicy());
    this.connection.on(EditorClientMethods.presence, (guideId, experts) => {
      if (typeof guideId === "string" && Array.isArray(experts)) options.onPresence(guideId, experts.filter((e): e is string => typeof e === "string"));
    });
    this.connection.on(EditorClientMethods.guideChanged, (event) => {
      if (event && typeof event === "object" && typeof (event as GuideChangedEvent).guideId === "string") options.onGuideChanged(event as GuideChangedEvent);
    });
    this.connection.onreconnecting(() => options.onStatus?.("reconnecting"));
    this.connection.onreconnected(() => {
      options.onStatus?.("connected");
      this.rewatch();
    });
    this.connection.onclose(() => {
      if (this.stopped) return;
      options.onStatus?.("offline");
      this.scheduleStart();
    });
  }

  start(): void {
    this.options.onStatus?.("connecting");
    void this.tryStart();
  }

  /** Be shown on this guide (and leave the previous one). */
  watch(guideId: string): void {
    if (this.watched && this.watched !== guideId) this.send(EditorHubMethods.leave, this.watched);
    this.watched = guideId;
    this.rewatch();
  }

  leave(): void {
    if (!this.watched) return;
    this.send(EditorHubMethods.leave, this.watched);
    this.watched = null;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.restartHandle !== null) this.timers.clearTimeout(this.restartHandle);
    await this.connection.stop();
  }

  private async tryStart(): Promise<void> {
    this.restartHandle = null;
    try {
      await this.connection.start();
      this.options.onStatus?.("connected");
      this.rewatch();
    } catch {
      if (this.stopped) return;
      this.options.onStatus?.("offline");
      this.scheduleStart();
    }
  }

  private scheduleStart(): void {
    if (this.restartHandle !== null || this.stopped) return;
    this.restartHandle = this.timers.setTimeout(() => void this.tryStart(), restartDelayMs);
  }

  private rewatch(): void {
    const guideId = this.watched;
    if (!guideId || this.connection.state !== "Connected") return;
    this.connection
      .invoke<string[]>(EditorHubMethods.watch, guideId)
      .then((experts) => {
        if (this.watched === guideId && Array.isArray(experts)) this.options.onPresence(guideId, experts);
      })
      .catch(() => undefined); // presence is a nicety: editing goes on without it
  }

  private send(method: string, ...args: unknown[]): void {
    if (this.connection.state !== "Connected") return;
    this.connection.invoke(method, ...args).catch(() => undefined);
  }
}
