// The extension's settings (chrome.storage.local, key "settings"): the guidance server's address and the rules that
// say which pages belong to which host application. A rule's pattern is a Chrome match pattern
// (scheme://host/path, `*` wildcards; without a port it matches every port), so the same pattern serves the content
// script registration, the permission request and the application name.

export interface AppRule {
  pattern: string;
  app: string;
}

export interface Settings {
  server: string;
  rules: AppRule[];
}

export const settingsKey = "settings";

export const defaultSettings: Settings = {
  server: "http://localhost:5080",
  rules: [{ pattern: "http://localhost:5090/*", app: "burgerzaken" }],
};

/** The settings as stored, or the defaults where they are missing or malformed. */
export function settingsFrom(stored: unknown): Settings {
  if (typeof stored !== "object" || stored === null) return defaultSettings;
  const { server, rules } = stored as Record<string, unknown>;
  const validServer = typeof server === "string" && serverError(server) === null ? normalizeServer(server) : defaultSettings.server;
  const validRules = Array.isArray(rules)
    ? rules.filter(
        (rule): rule is AppRule =>
          typeof rule === "object" &&
          rule !== null &&
          typeof (rule as AppRule).pattern === "string" &&
          typeof (rule as AppRule).app === "string" &&
          ruleErrors(rule as AppRule).length === 0,
      )
    : defaultSettings.rules;
  return { server: validServer, rules: validRules.map((rule) => ({ pattern: rule.pattern.trim(), app: rule.app.trim() })) };
}

/** A Dutch reason why `value` is not a usable server address, or null. */
export function serverError(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return "Vul een volledig adres in, zoals http://localhost:5080.";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "Het adres moet met http:// of https:// beginnen.";
  if (url.username !== "" || url.password !== "") return "Het adres mag geen gebruikersnaam of wachtwoord bevatten.";
  if ((url.pathname !== "/" && url.pathname !== "") || url.search !== "" || url.hash !== "")
    return "Vul alleen het adres van de server in, zonder pad (zoals http://localhost:5080).";
  return null;
}

/** The server address as an origin (no trailing slash). */
export function normalizeServer(value: string): string {
  return new URL(value.trim()).origin;
}

const patternShape = /^(\*|https?):\/\/(\*|(?:\*\.)?[^/*:]+)(?::(\d{1,5}))?(\/.*)$/;
const appShape = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Dutch reasons why a rule is not usable; empty when it is. */
export function ruleErrors(rule: AppRule): string[] {
  const errors: string[] = [];
  const match = patternShape.exec(rule.pattern.trim());
  if (match === null) {
    errors.push("Het patroon moet de vorm http://host/pad* hebben, zoals http://localhost:5090/*.");
  } else if (match[3] !== undefined && Number(match[3]) > 65_535) {
    errors.push("Het poortnummer in het patroon is ongeldig.");
  }
  if (!appShape.test(rule.app.trim())) errors.push("De naam van de applicatie bestaat uit kleine letters, cijfers en streepjes, zoals burgerzaken.");
  return errors;
}

/**
 * The origin pattern a rule needs host permission for: the pattern's scheme and host with path /* (permissions are
 * per origin; the port is dropped because Chrome's host permissions ignore it).
 */
export function permissionOrigin(pattern: string): string | null {
  const match = patternShape.exec(pattern.trim());
  return match === null ? null : `${match[1]}://${match[2]}/*`;
}

/** Whether `url` matches the match pattern. */
export function matchesPattern(pattern: string, url: string): boolean {
  const match = patternShape.exec(pattern.trim());
  if (match === null) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const [, scheme = "", host = "", port, path = "/"] = match;
  const protocol = parsed.protocol.slice(0, -1);
  if (scheme === "*" ? protocol !== "http" && protocol !== "https" : protocol !== scheme) return false;
  if (host !== "*") {
    if (host.startsWith("*.")) {
      const base = host.slice(2);
      if (parsed.hostname !== base && !parsed.hostname.endsWith(`.${base}`)) return false;
    } else if (parsed.hostname !== host.toLowerCase()) return false;
  }
  if (port !== undefined && parsed.port !== port && !(parsed.port === "" && port === (protocol === "https" ? "443" : "80"))) return false;
  const escaped = path.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${escaped}$`).test(parsed.pathname + parsed.search);
}

/** The application of the first rule that matches `url`, if any. */
export function appFor(rules: readonly AppRule[], url: string): string | undefined {
  return rules.find((rule) => matchesPattern(rule.pattern, url))?.app;
}

// ---- the access token --------------------------------------------------------------------------------------------
// An API token made with `epss users token NAME`, for a server that does not allow anonymous reading: the panel in
// the side panel page is a cross-site frame and gets no sign-in cookie. Kept apart from the settings under its own
// key, in chrome.storage.local only (never sync: it would travel to every browser of the Google account).

export const accessTokenKey = "accessToken";

/** The prefix of every token the server makes (Epss.Accounts' AccountStore.TokenPrefix). */
export const tokenPrefix = "epss_";

/** The stored token, or null when none is stored (or what is stored is not a token). */
export function accessTokenFrom(stored: unknown): string | null {
  return typeof stored === "string" && accessTokenError(stored) === null ? stored.trim() : null;
}

/** A Dutch reason why `value` is not a usable token, or null. */
export function accessTokenError(value: string): string | null {
  const token = value.trim();
  if (token === "") return "Vul de toegangssleutel in.";
  if (!token.startsWith(tokenPrefix) || /\s/.test(token) || token.length > 512)
    return `Een toegangssleutel begint met ${tokenPrefix} en bevat geen spaties. Kopieer de hele sleutel die je van je beheerder kreeg.`;
  return null;
}

/** The token as shown back: its prefix and last four characters, never the whole. */
export function maskToken(token: string): string {
  return token.length >= tokenPrefix.length + 8 ? `${tokenPrefix}…${token.slice(-4)}` : `${tokenPrefix}…`;
}

/** The host permission for the server's origin (needed to test a token from the options page, across origins). */
export function serverPermission(server: string): string {
  const url = new URL(server);
  return `${url.protocol}//${url.hostname}/*`;
}
