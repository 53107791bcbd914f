import { describe, expect, it } from "vitest";
import { contextFromMessage, contextFromQuery } from "../src/panel/context";

describe("host context", () => {
  it("reads url, title, app and role from the panel's query string", () => {
    expect(contextFromQuery("?url=https%3A%2F%2Fbz.example%2Freisdocument%2Faanvragen&title=Reisdocument%20aanvragen&app=burgerzaken&role=baliemedewerker&x=1")).toEqual({
      url: "https://bz.example/reisdocument/aanvragen",
      title: "Reisdocument aanvragen",
      app: "burgerzaken",
      role: "baliemedewerker",
    });
  });

  it("accepts an epss:context message and keeps only the known fields", () => {
    expect(contextFromMessage({ type: "epss:context", context: { url: "https://bz.example/a", title: "A", extra: "<b>" } })).toEqual({
      url: "https://bz.example/a",
      title: "A",
    });
  });

  it("ignores messages of another shape", () => {
    for (const data of [
      null,
      "epss:context",
      { type: "other", context: { url: "x" } },
      { type: "epss:context" },
      { type: "epss:context", context: "https://bz.example" },
      { type: "epss:context", context: { url: 42 } },
      { type: "epss:context", context: { title: { toString: "x" } } },
      [{ type: "epss:context", context: {} }],
    ]) {
      expect(contextFromMessage(data)).toBeNull();
    }
  });
});
