import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Panel, tokenWaitMs } from "../src/panel/app";
import { embeddingOf } from "../src/panel/host-link";
import { GuidanceClient, isRefusal } from "../src/panel/hub-client";
import type { Embedding } from "../src/panel/layout";
import { Outbox } from "../src/panel/outbox";
import { memoryStore, PanelStorage } from "../src/panel/storage";
import { accessTokenFromMessage } from "../src/shared/host-messages";
import { button, defaultServer, FakeConnection, settle } from "./fakes";

const token = "epss_abcdefghijklmnopqrstuvwxyz0123456789";
const extensionOrigin = "chrome-extension://abcdefghijklmnopabcdefghijklmnop";

interface Mounted {
  panel: Panel;
  client: GuidanceClient;
  connection: FakeConnection;
  /** The panel's window: an iframe's (a parent other than itself), or the top window. */
  frame: Window;
  fetched: { url: string; init?: RequestInit }[];
}

let mounted: Mounted | null = null;

beforeEach(() => {
  vi.useFakeTimers();
  vi.spyOn(console, "warn").mockImplementation(() => undefined);
});
afterEach(async () => {
  await mounted?.panel.destroy();
  mounted = null;
  vi.restoreAllMocks();
  vi.useRealTimers();
});

/**
 * A panel framed in an iframe of the test document (or, for "top", in the test document's own window), on a fake hub
 * that refuses anyone without `requiredToken`.
 */
async function mountFramed(embedding: Embedding, requiredToken: string | null = token): Promise<Mounted> {
  document.body.replaceChildren();
  const iframe = document.createElement("iframe");
  document.body.append(iframe);
  const frame = embedding === "top" ? window : iframe.contentWindow!;
  const root = document.createElement("div");
  document.body.append(root);
  const storage = new PanelStorage(memoryStore());
  let connection: FakeConnection | undefined;
  const fetched: Mounted["fetched"] = [];
  const client = new GuidanceClient({
    url: "http://epss.test/hubs/guidance?client=test",
    outbox: new Outbox(storage),
    createConnection: (_url, policy, accessToken) => {
      connection = new FakeConnection(defaultServer(), policy, accessToken);
      connection.requiredToken = requiredToken;
      return connection;
    },
    fetch: (url, init) => {
      fetched.push({ url, ...(init ? { init } : {}) });
      return Promise.resolve({ status: 404 });
    },
    warn: () => undefined,
  });
  const panel = new Panel({ root, client, storage, window: frame, embedding, context: { url: "https://bz.example/reisdocument/aanvragen", app: "burgerzaken" } });
  panel.start();
  await settle();
  mounted = { panel, client, connection: connection!, frame, fetched };
  return mounted;
}

/** A message to the panel's window, from `source` (the parent by default) with `origin`. */
function post(m: Mounted, data: unknown, origin = extensionOrigin, source: Window = m.frame.parent): void {
  m.frame.dispatchEvent(new MessageEvent("message", { data, origin, source }));
}

function advice(): string {
  return document.querySelector(".offline-box")?.textContent ?? "";
}

describe("the access-token message", () => {
  it("takes a token or null, and nothing else", () => {
    expect(accessTokenFromMessage({ type: "epss:access-token", token })).toEqual({ type: "epss:access-token", token });
    expect(accessTokenFromMessage({ type: "epss:access-token", token: null })).toEqual({ type: "epss:access-token", token: null });
    expect(accessTokenFromMessage({ type: "epss:access-token", token: "" })).toBeNull();
    expect(accessTokenFromMessage({ type: "epss:access-token", token: "epss_a b" })).toBeNull();
    expect(accessTokenFromMessage({ type: "epss:access-token", token: 42 })).toBeNull();
    expect(accessTokenFromMessage({ type: "epss:access-token", token: "x".repeat(513) })).toBeNull();
    expect(accessTokenFromMessage({ type: "epss:context", token })).toBeNull();
  });

  it("tells a panel on its own page from one framed by a page", () => {
    expect(embeddingOf(window)).toBe("top");
    const iframe = document.createElement("iframe");
    document.body.append(iframe);
    expect(embeddingOf(iframe.contentWindow!)).toBe("frame"); // jsdom has no ancestorOrigins
  });
});

describe("hub client: the access token", () => {
  function client(requiredToken: string | null) {
    let connection!: FakeConnection;
    const fetched: (RequestInit | undefined)[] = [];
    const guidance = new GuidanceClient({
      url: "http://epss.test/hubs/guidance?client=x",
      outbox: new Outbox(new PanelStorage(memoryStore())),
      createConnection: (_url, policy, accessToken) => {
        connection = new FakeConnection(defaultServer(), policy, accessToken);
        connection.requiredToken = requiredToken;
        return connection;
      },
      fetch: (_url, init) => {
        fetched.push(init);
        return Promise.resolve({ status: 200 });
      },
      warn: () => undefined,
    });
    return { guidance, connection, fetched };
  }

  it("reads a 401 on the negotiation as a refusal, a network failure not", () => {
    expect(isRefusal(new Error("Failed to complete negotiation with the server: Error: Unauthorized: Status code '401'"))).toBe(true);
    expect(isRefusal(Object.assign(new Error("Forbidden"), { statusCode: 403 }))).toBe(true);
    expect(isRefusal(new Error("Failed to complete negotiation with the server: TypeError: Failed to fetch"))).toBe(false);
  });

  it("is refused without the token, and connects at once, with it, when the token arrives", async () => {
    const { guidance, connection } = client(token);
    guidance.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(guidance.status).toBe("refused");
    const starts = connection.startCount;
    expect(connection.startTokens.every((offered) => offered === null)).toBe(true);

    guidance.setAccessToken(token);
    await vi.advanceTimersByTimeAsync(0); // no waiting for the retry policy's next delay
    expect(connection.startCount).toBe(starts + 1);
    expect(connection.startTokens.at(-1)).toBe(token);
    expect(guidance.status).toBe("connected");
    await guidance.stop();
  });

  it("offers the token at every reconnect, and to the guide check over HTTP", async () => {
    const { guidance, connection, fetched } = client(token);
    guidance.setAccessToken(token);
    guidance.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(guidance.status).toBe("connected");
    connection.close();
    await vi.advanceTimersByTimeAsync(0);
    expect(connection.startTokens).toEqual([token, token]);

    await guidance.guideIsGone("adres-controleren");
    expect(new Headers(fetched[0]?.headers).get("authorization")).toBe(`Bearer ${token}`);
    await guidance.stop();
  });
});

describe("the panel framed by the extension", () => {
  it("takes the token from its parent extension page, connects with it and shows suggestions", async () => {
    const m = await mountFramed("extension");
    expect(m.connection.startCount).toBe(0); // waiting for the extension's answer to epss:ready

    post(m, { type: "epss:access-token", token });
    await settle();
    expect(m.connection.startTokens).toEqual([token]);
    expect(m.client.status).toBe("connected");
    expect(button("Adres controleren")).toBeTruthy();
    expect(advice()).toBe("");
  });

  it("ignores a token from a page that is not an extension, and from a window that is not its parent", async () => {
    const m = await mountFramed("extension");
    post(m, { type: "epss:access-token", token }, "https://kwaadaardig.example");
    const stranger = document.createElement("iframe");
    document.body.append(stranger);
    post(m, { type: "epss:access-token", token }, extensionOrigin, stranger.contentWindow!);
    await settle();
    expect(m.connection.startCount).toBe(0);

    await settle(tokenWaitMs); // no token came: it connects without one, and is refused
    expect(m.connection.startTokens.every((offered) => offered === null)).toBe(true);
    expect(m.client.status).toBe("refused");
  });

  it("says to set a token in the extension when the server refuses it, and connects once the token arrives", async () => {
    const m = await mountFramed("extension");
    post(m, { type: "epss:access-token", token: null });
    await settle();
    expect(m.client.status).toBe("refused");
    expect(advice()).toContain("Stel in de extensie een toegangssleutel in.");
    expect(document.querySelector(".connection")?.textContent).toBe("Geen toegang");
    expect(document.body.textContent).toContain("Voorstellen verschijnen zodra je toegang hebt.");

    // The official sets the token in the options page; the side panel page posts it.
    post(m, { type: "epss:access-token", token });
    await settle();
    expect(m.connection.startTokens.at(-1)).toBe(token);
    expect(m.client.status).toBe("connected");
    expect(advice()).toBe("");
    expect(button("Adres controleren")).toBeTruthy();
  });

  it("says the token was refused when the extension has one the server does not take", async () => {
    const m = await mountFramed("extension");
    post(m, { type: "epss:access-token", token: "epss_ingetrokken" });
    await settle();
    expect(m.client.status).toBe("refused");
    expect(advice()).toContain("De server weigert de toegangssleutel van de extensie.");
  });
});

describe("the panel elsewhere", () => {
  it("on its own page ignores tokens (the cookie counts) and, refused, offers to sign in", async () => {
    const m = await mountFramed("top");
    vi.spyOn(window, "postMessage").mockImplementation(() => undefined);
    // Unframed, the panel is its own parent: the one check that tells it apart is that it is not framed.
    post(m, { type: "epss:access-token", token });
    await settle();
    expect(m.connection.startTokens.every((offered) => offered === null)).toBe(true);
    expect(m.client.status).toBe("refused");
    expect(advice()).toContain("Je bent niet aangemeld.");
    const link = [...document.querySelectorAll<HTMLAnchorElement>(".offline-box a")].find((a) => a.textContent === "Aanmelden");
    expect(link?.getAttribute("href")).toBe("/signin?returnUrl=%2Fpanel");
  });

  it("framed by the overlay, does not wait for a token and does not mention the extension", async () => {
    const m = await mountFramed("frame");
    expect(m.connection.startCount).toBeGreaterThan(0);
    expect(m.client.status).toBe("refused");
    expect(advice()).toContain("Geen toegang tot de werkinstructies.");
    expect(advice()).not.toContain("extensie");
  });
});
