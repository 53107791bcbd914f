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

// ---- the administrator's policy (chrome.storage.managed) ---------------------------------------------------------
// A municipality installs the extension by policy (ExtensionInstallForcelist) and configures it there too
// (3rdparty → extensions → <id>, the schema in static/managed-schema.json): what the policy sets is used on every PC
// and the official cannot change it on the options page. Without a policy the official's own settings count.

/** What the policy sets; a field it does not set (or sets wrongly) is absent. */
export interface ManagedPolicy {
  server?: string;
  rules?: AppRule[];
  allowToken?: boolean;
}

/** The policy as Chrome hands it over (chrome.storage.managed.get()), and the Dutch reasons for what was left out. */
export function managedPolicyFrom(stored: unknown): { policy: ManagedPolicy; problems: string[] } {
  const policy: ManagedPolicy = {};
  const problems: string[] = [];
  if (typeof stored !== "object" || stored === null) return { policy, problems };
  const { serverUrl, hostApplications, allowToken } = stored as Record<string, unknown>;
  if (typeof serverUrl === "string") {
    const problem = serverError(serverUrl);
    if (problem === null) policy.server = normalizeServer(serverUrl);
    else problems.push(`Het serveradres van je beheerder (${serverUrl}) is niet bruikbaar: ${problem}`);
  }
  if (Array.isArray(hostApplications)) {
    const rules: AppRule[] = [];
    for (const rule of hostApplications as unknown[]) {
      const { pattern, app } = (typeof rule === "object" && rule !== null ? rule : {}) as Record<string, unknown>;
      const candidate = { pattern: typeof pattern === "string" ? pattern.trim() : "", app: typeof app === "string" ? app.trim() : "" };
      const errors = ruleErrors(candidate);
      if (errors.length === 0) rules.push(candidate);
      else problems.push(`Een applicatieregel van je beheerder (${candidate.pattern || "zonder patroon"}) is overgeslagen: ${errors.join(" ")}`);
    }
    policy.rules = rules;
  }
  if (typeof allowToken === "boolean") policy.allowToken = allowToken;
  return { policy, problems };
}

/** The settings in force: the policy's where it sets them, the official's own elsewhere. */
export interface EffectiveSettings {
  settings: Settings;
  /** Set by the administrator: shown, not editable. */
  serverLocked: boolean;
  rulesLocked: boolean;
  /**
   * Whether a long-lived access token may be kept (a kiosk PC without personal sign-in). Under a policy only when it
   * says so (allowToken: true): a token on a shared PC is the administrator's decision, not each official's. Without
   * a policy, as before: the official may set one on the options page.
   */
  allowToken: boolean;
  managed: boolean;
}

export function effectiveSettings(local: unknown, policy: ManagedPolicy): EffectiveSettings {
  const own = settingsFrom(local);
  const managed = policy.server !== undefined || policy.rules !== undefined || policy.allowToken !== undefined;
  return {
    settings: { server: policy.server ?? own.server, rules: policy.rules ?? own.rules },
    serverLocked: policy.server !== undefined,
    rulesLocked: policy.rules !== undefined,
    allowToken: policy.allowToken ?? !managed,
    managed,
  };
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
