import { describe, expect, it } from "vitest";
import { appFor, defaultSettings, matchesPattern, permissionOrigin, ruleErrors, serverError, settingsFrom } from "../src/extension/settings";

describe("match patterns", () => {
  it("match like Chrome's: any port without one, that port with one", () => {
    expect(matchesPattern("http://localhost/*", "http://localhost:5090/reisdocument/aanvragen")).toBe(true);
    expect(matchesPattern("http://localhost:5090/*", "http://localhost:5090/klanten")).toBe(true);
    expect(matchesPattern("http://localhost:5090/*", "http://localhost:5091/klanten")).toBe(false);
    expect(matchesPattern("https://*.gemeente.nl/bz/*", "https://bz.test.gemeente.nl/bz/klanten")).toBe(true);
    expect(matchesPattern("https://*.gemeente.nl/bz/*", "https://gemeente.nl.evil.example/bz/")).toBe(false);
    expect(matchesPattern("*://bz.example/*", "https://bz.example/")).toBe(true);
    expect(matchesPattern("*://bz.example/*", "file:///bz.example/")).toBe(false);
    expect(matchesPattern("http://bz.example/reisdocument/*", "http://bz.example/rijbewijs/")).toBe(false);
  });

  it("name the application of the first matching rule", () => {
    const rules = [
      { pattern: "http://127.0.0.1/*", app: "burgerzaken" },
      { pattern: "http://*/*", app: "anders" },
    ];
    expect(appFor(rules, "http://127.0.0.1:4000/klanten")).toBe("burgerzaken");
    expect(appFor(rules, "http://bz.example/")).toBe("anders");
    expect(appFor(rules, "https://bz.example/")).toBeUndefined();
  });

  it("ask permission per origin, without the port", () => {
    expect(permissionOrigin("http://localhost:5090/bz/*")).toBe("http://localhost/*");
    expect(permissionOrigin("https://*.gemeente.nl/*")).toBe("https://*.gemeente.nl/*");
    expect(permissionOrigin("geen patroon")).toBeNull();
  });
});

describe("validation", () => {
  it("explains what is wrong with a rule, in Dutch", () => {
    expect(ruleErrors({ pattern: "http://localhost:5090/*", app: "burgerzaken" })).toEqual([]);
    expect(ruleErrors({ pattern: "localhost:5090", app: "burgerzaken" })[0]).toMatch(/patroon/);
    expect(ruleErrors({ pattern: "ftp://x/*", app: "burgerzaken" })).toHaveLength(1);
    expect(ruleErrors({ pattern: "http://x:99999/*", app: "burgerzaken" })[0]).toMatch(/poort/);
    expect(ruleErrors({ pattern: "http://x/*", app: "Burger Zaken" })[0]).toMatch(/applicatie/);
  });

  it("takes a server address without a path", () => {
    expect(serverError("http://localhost:5080")).toBeNull();
    expect(serverError("https://epss.gemeente.nl/")).toBeNull();
    expect(serverError("localhost:5080")).not.toBeNull();
    expect(serverError("http://localhost:5080/panel")).not.toBeNull();
    expect(serverError("javascript:alert(1)")).not.toBeNull();
  });

  it("falls back to the defaults for what is stored wrongly", () => {
    expect(settingsFrom(undefined)).toEqual(defaultSettings);
    expect(settingsFrom({ server: "http://epss.example:8080/", rules: [{ pattern: "http://x/*", app: "bz" }, { pattern: 1 }] })).toEqual({
      server: "http://epss.example:8080",
      rules: [{ pattern: "http://x/*", app: "bz" }],
    });
    expect(settingsFrom({ server: "nonsense", rules: "x" })).toEqual(defaultSettings);
  });
});
