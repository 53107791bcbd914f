import { describe, expect, it } from "vitest";
import { defaultSettings, effectiveSettings, managedPolicyFrom } from "../src/extension/settings";
import schema from "../static/managed-schema.json";
import manifest from "../static/manifest.json";

// chrome.storage.managed cannot be set from a browser test (Chromium reads it from the machine's policy only), so the
// merge of the administrator's policy with the official's own settings is tested here, on what Chrome hands over.

const own = { server: "http://localhost:5080", rules: [{ pattern: "http://localhost:5090/*", app: "burgerzaken" }] };

describe("the administrator's policy", () => {
  it("sets the server and the applications, which the official can then not change", () => {
    const { policy, problems } = managedPolicyFrom({
      serverUrl: "https://epss.gemeente.example/",
      hostApplications: [{ pattern: "https://burgerzaken.gemeente.example/*", app: "burgerzaken" }],
    });
    expect(problems).toEqual([]);
    const effective = effectiveSettings(own, policy);
    expect(effective.settings).toEqual({
      server: "https://epss.gemeente.example",
      rules: [{ pattern: "https://burgerzaken.gemeente.example/*", app: "burgerzaken" }],
    });
    expect(effective.serverLocked).toBe(true);
    expect(effective.rulesLocked).toBe(true);
    expect(effective.managed).toBe(true);
  });

  it("allows no long-lived token unless it says so (a kiosk PC)", () => {
    expect(effectiveSettings(own, managedPolicyFrom({ serverUrl: "https://epss.gemeente.example" }).policy).allowToken).toBe(false);
    expect(effectiveSettings(own, managedPolicyFrom({ allowToken: false }).policy).allowToken).toBe(false);
    expect(effectiveSettings(own, managedPolicyFrom({ allowToken: true }).policy).allowToken).toBe(true);
  });

  it("leaves what it does not set to the official", () => {
    const effective = effectiveSettings(own, managedPolicyFrom({ serverUrl: "https://epss.gemeente.example" }).policy);
    expect(effective.settings.rules).toEqual(own.rules);
    expect(effective.rulesLocked).toBe(false);
  });

  it("without a policy: the official's own settings, and the token on the options page as before", () => {
    const effective = effectiveSettings(own, managedPolicyFrom({}).policy);
    expect(effective).toEqual({ settings: own, serverLocked: false, rulesLocked: false, allowToken: true, managed: false });
    expect(effectiveSettings(undefined, managedPolicyFrom(undefined).policy).settings).toEqual(defaultSettings);
  });

  it("says what of it is not usable, and uses the rest", () => {
    const { policy, problems } = managedPolicyFrom({
      serverUrl: "epss.gemeente.example/pad",
      hostApplications: [{ pattern: "burgerzaken", app: "burgerzaken" }, { pattern: "https://bz.gemeente.example/*", app: "bz" }],
      allowToken: "ja",
    });
    expect(policy).toEqual({ rules: [{ pattern: "https://bz.gemeente.example/*", app: "bz" }] });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain("serveradres van je beheerder");
  });
});

describe("the manifest", () => {
  it("names the managed schema, which describes what the policy may set", () => {
    expect(manifest.storage.managed_schema).toBe("managed-schema.json");
    expect(Object.keys(schema.properties).sort()).toEqual(["allowToken", "hostApplications", "serverUrl"]);
  });

  it("has no version of its own: the build writes package.json's", () => {
    expect(manifest).not.toHaveProperty("version");
  });
});
