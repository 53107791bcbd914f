import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { accessTokenError, accessTokenFrom, accessTokenKey, maskToken, serverPermission, settingsKey } from "../src/extension/settings";
import { checkToken, type Fetch } from "../src/extension/token-check";

const token = "epss_abcdefghijklmnopqrstuvwxyz0123456789";
const server = "http://127.0.0.1:5080";

describe("the access token in the options", () => {
  it("takes a whole epss_ token, trimmed, and explains in Dutch what is wrong with anything else", () => {
    expect(accessTokenError(`  ${token}\n`)).toBeNull();
    expect(accessTokenError("")).toMatch(/Vul de toegangssleutel in/);
    expect(accessTokenError("abcdef")).toMatch(/begint met epss_/);
    expect(accessTokenError("epss_ab cd")).toMatch(/geen spaties/);
    expect(accessTokenFrom(` ${token} `)).toBe(token);
    expect(accessTokenFrom(42)).toBeNull();
    expect(accessTokenFrom("geen-sleutel")).toBeNull();
  });

  it("is never shown back in full", () => {
    expect(maskToken(token)).toBe("epss_…6789");
    expect(maskToken(token)).not.toContain("abcdef");
    expect(maskToken("epss_abc")).toBe("epss_…");
  });

  it("asks host permission for the server's origin only", () => {
    expect(serverPermission("https://epss.gemeente.nl:8443")).toBe("https://epss.gemeente.nl/*");
  });
});

describe("Verbinding testen", () => {
  function answering(status: number | "down") {
    const calls: { url: string; init: RequestInit }[] = [];
    const fetchFn: Fetch = (url, init) => {
      calls.push({ url, init });
      return status === "down" ? Promise.reject(new TypeError("Failed to fetch")) : Promise.resolve({ status });
    };
    return { calls, fetchFn };
  }

  it("asks for the guides with the token as bearer, without cookies, and says so when the server accepts it", async () => {
    const { calls, fetchFn } = answering(200);
    expect(await checkToken(server, token, fetchFn)).toEqual({ ok: true, message: "Gelukt: de server accepteert de toegangssleutel." });
    expect(calls[0]?.url).toBe(`${server}/api/guides`);
    expect(new Headers(calls[0]?.init.headers).get("authorization")).toBe(`Bearer ${token}`);
    expect(calls[0]?.init.credentials).toBe("omit");
  });

  it("explains a refusal, a missing right, an unreachable server and a missing token in Dutch", async () => {
    expect(await checkToken(server, token, answering(401).fetchFn)).toMatchObject({ ok: false, message: expect.stringMatching(/weigert deze toegangssleutel/) as unknown });
    expect(await checkToken(server, token, answering(403).fetchFn)).toMatchObject({ ok: false, message: expect.stringMatching(/mag de werkinstructies niet lezen/) as unknown });
    expect(await checkToken(server, token, answering("down").fetchFn)).toMatchObject({ ok: false, message: expect.stringMatching(/niet bereikbaar/) as unknown });
    expect(await checkToken(server, null, answering(401).fetchFn)).toMatchObject({ ok: false, message: expect.stringMatching(/vul een toegangssleutel in/) as unknown });
    expect(await checkToken(server, null, answering(200).fetchFn)).toMatchObject({ ok: true, message: expect.stringMatching(/niet nodig/) as unknown });
    const { calls, fetchFn } = answering(200);
    await checkToken(server, null, fetchFn);
    expect(new Headers(calls[0]?.init.headers).has("authorization")).toBe(false);
  });
});

describe("the side panel page hands the token to the panel", () => {
  type Listener = (changes: Record<string, { newValue?: unknown }>, area: string) => void;
  let storageListeners: Listener[] = [];
  let stored: Record<string, unknown> = {};

  beforeEach(() => {
    vi.resetModules();
    storageListeners = [];
    stored = { [settingsKey]: { server, rules: [{ pattern: "http://127.0.0.1/*", app: "burgerzaken" }] }, [accessTokenKey]: token };
    document.body.replaceChildren();
    history.replaceState(null, "", "/sidepanel.html?tab=7");
    const chromeStub = {
      storage: {
        local: { get: () => Promise.resolve({ ...stored }) },
        onChanged: { addListener: (listener: Listener) => storageListeners.push(listener) },
      },
      runtime: { onMessage: { addListener: () => undefined } },
      tabs: { sendMessage: () => Promise.reject(new Error("no content script")) },
    };
    vi.stubGlobal("chrome", chromeStub);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  /** Loads sidepanel.ts and returns its frame, with every message posted into it (and the target origin). */
  async function open(): Promise<{ frame: HTMLIFrameElement; posted: [unknown, unknown][] }> {
    await import("../src/extension/sidepanel");
    await vi.waitFor(() => expect(document.querySelector("iframe")).not.toBeNull());
    const frame = document.querySelector("iframe")!;
    const posted: [unknown, unknown][] = [];
    vi.spyOn(frame.contentWindow!, "postMessage").mockImplementation((message: unknown, target: unknown) => {
      posted.push([message, target]);
    });
    return { frame, posted };
  }

  function ready(frame: HTMLIFrameElement, origin = server, source: Window | null = frame.contentWindow): void {
    window.dispatchEvent(new MessageEvent("message", { data: { type: "epss:ready" }, origin, source }));
  }

  const tokenMessages = (posted: [unknown, unknown][]) =>
    posted.filter(([message]) => (message as { type?: unknown }).type === "epss:access-token");

  it("frames the panel's page of the configured server", async () => {
    const { frame } = await open();
    expect(frame.src).toBe(`${server}/panel/index.html`);
  });

  it("answers the panel's epss:ready with the token, posted to the server's origin only", async () => {
    const { frame, posted } = await open();
    ready(frame);
    expect(tokenMessages(posted)).toEqual([[{ type: "epss:access-token", token }, server]]);
    expect(posted.every(([, target]) => target === server)).toBe(true);
  });

  it("gives nothing to a ready from another origin or from another window", async () => {
    const { frame, posted } = await open();
    ready(frame, "https://kwaadaardig.example");
    const stranger = document.createElement("iframe");
    document.body.append(stranger);
    ready(frame, server, stranger.contentWindow);
    expect(posted).toEqual([]);
  });

  it("says there is no token when none is set, and hands over one set later at once", async () => {
    delete stored[accessTokenKey];
    const { frame, posted } = await open();
    ready(frame);
    expect(tokenMessages(posted)).toEqual([[{ type: "epss:access-token", token: null }, server]]);

    for (const listener of storageListeners) listener({ [accessTokenKey]: { newValue: token } }, "local");
    expect(tokenMessages(posted).at(-1)).toEqual([{ type: "epss:access-token", token }, server]);
  });

  it("does not hand over what a sync area change or a malformed value says", async () => {
    delete stored[accessTokenKey];
    const { posted } = await open();
    for (const listener of storageListeners) listener({ [accessTokenKey]: { newValue: token } }, "sync");
    for (const listener of storageListeners) listener({ [accessTokenKey]: { newValue: "geen sleutel" } }, "local");
    expect(tokenMessages(posted)).toEqual([[{ type: "epss:access-token", token: null }, server]]);
  });
});
