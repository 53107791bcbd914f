import { afterEach, describe, expect, it, vi } from "vitest";
import { HostLink, type HostLinkEvents } from "../src/panel/host-link";

// The panel's link to the page that frames it, checked by origin: the tests frame it in an iframe of the test
// document and give the parent's origin as the browser would (ancestorOrigins, which jsdom lacks).

const extension = "chrome-extension://abcdefghijklmnopabcdefghijklmnop";
const token = "epss_abcdefghijklmnopqrstuvwxyz0123456789";

const listening = new AbortController();
afterEach(() => {
  vi.restoreAllMocks();
  document.body.replaceChildren();
});

function framed(parentOrigin: string | null) {
  const iframe = document.createElement("iframe");
  document.body.append(iframe);
  const frame = iframe.contentWindow!;
  const posted: { message: unknown; target: string }[] = [];
  vi.spyOn(frame.parent, "postMessage").mockImplementation(((message: unknown, target: string) => {
    posted.push({ message, target });
  }) as typeof frame.postMessage);
  const tokens: (string | null)[] = [];
  const contexts: unknown[] = [];
  const events: HostLinkEvents = { accessToken: (t) => tokens.push(t), context: (c) => contexts.push(c), targetStatus: () => undefined };
  const link = new HostLink(frame, events, listening.signal, parentOrigin);
  const fromParent = (data: unknown, origin: string): void => {
    frame.dispatchEvent(new MessageEvent("message", { data, origin, source: frame.parent }));
  };
  return { link, posted, tokens, contexts, fromParent };
}

describe("the panel's messages to the page that frames it", () => {
  it("go to the parent's origin, never to any origin", () => {
    const { link, posted } = framed("https://burgerzaken.gemeente.example");
    link.announceReady();
    expect(posted).toEqual([{ message: { type: "epss:ready" }, target: "https://burgerzaken.gemeente.example" }]);
  });

  it("wait, where the browser does not say the parent's origin, until the parent has spoken", () => {
    const { link, posted, fromParent } = framed(null);
    link.announceReady();
    expect(posted).toEqual([]);
    fromParent({ type: "epss:context", context: { url: "https://bz.example/a" } }, extension);
    expect(posted).toEqual([{ message: { type: "epss:ready" }, target: extension }]);
  });
});

describe("what the panel takes from the page that frames it", () => {
  it("takes the token of its extension parent, and nothing from another origin", () => {
    const { tokens, contexts, fromParent } = framed(extension);
    fromParent({ type: "epss:access-token", token }, "chrome-extension://ponmlkjihgfedcbaponmlkjihgfedcba");
    fromParent({ type: "epss:context", context: { url: "https://kwaad.example/" } }, "https://kwaad.example");
    expect(tokens).toEqual([]);
    expect(contexts).toEqual([]);
    fromParent({ type: "epss:access-token", token }, extension);
    expect(tokens).toEqual([token]);
  });

  it("no token from a host application that frames it, though its context counts", () => {
    const { tokens, contexts, fromParent } = framed("https://burgerzaken.gemeente.example");
    fromParent({ type: "epss:access-token", token }, "https://burgerzaken.gemeente.example");
    fromParent({ type: "epss:context", context: { url: "https://burgerzaken.gemeente.example/a" } }, "https://burgerzaken.gemeente.example");
    expect(tokens).toEqual([]);
    expect(contexts).toEqual([{ url: "https://burgerzaken.gemeente.example/a" }]);
  });

  it("where the browser does not say the parent's origin, holds the parent to the origin it first spoke from", () => {
    const { tokens, fromParent } = framed(null);
    fromParent({ type: "epss:context", context: {} }, "https://burgerzaken.gemeente.example");
    fromParent({ type: "epss:access-token", token }, extension);
    expect(tokens).toEqual([]);
  });
});
