// The options page: the guidance server's address and the application rules. On save it asks for host permission
// for exactly the rules' origins (Chrome shows the official what is asked) and stores the settings; the service
// worker then registers the content script for the granted ones. Apart from those, the access token (for a server
// without anonymous reading): stored, tested against the server, removed; never shown back in full.
import {
  accessTokenError,
  accessTokenFrom,
  accessTokenKey,
  maskToken,
  normalizeServer,
  permissionOrigin,
  ruleErrors,
  serverError,
  serverPermission,
  settingsFrom,
  settingsKey,
  type AppRule,
} from "./settings";
import { readSettings } from "./stored-settings";
import { checkToken } from "./token-check";

function element<T extends HTMLElement>(id: string, type: new () => T): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`options.html lacks #${id}`);
  return found;
}

const form = element("instellingen", HTMLFormElement);
const serverInput = element("server", HTMLInputElement);
const serverMessage = element("server-fout", HTMLParagraphElement);
const rulesBody = element("regels", HTMLTableSectionElement);
const addButton = element("regel-toevoegen", HTMLButtonElement);
const status = element("status", HTMLParagraphElement);
const tokenForm = element("toegang", HTMLFormElement);
const tokenInput = element("sleutel", HTMLInputElement);
const tokenCurrent = element("sleutel-huidig", HTMLParagraphElement);
const tokenMessage = element("sleutel-fout", HTMLParagraphElement);
const tokenStatus = element("sleutel-status", HTMLParagraphElement);
const testButton = element("sleutel-testen", HTMLButtonElement);
const removeButton = element("sleutel-verwijderen", HTMLButtonElement);
const managedNote = element("beheer", HTMLParagraphElement);
const managedProblems = element("beheer-fouten", HTMLUListElement);
const kioskNote = element("kiosk-uit", HTMLParagraphElement);

let rowCount = 0;

function addRow(rule: AppRule): void {
  const number = ++rowCount;
  const row = document.createElement("tr");
  const cell = (input: HTMLInputElement, label: string): HTMLTableCellElement => {
    const td = document.createElement("td");
    input.setAttribute("aria-label", `${label} (regel ${number})`);
    td.append(input);
    return td;
  };
  const pattern = document.createElement("input");
  pattern.name = "patroon";
  pattern.value = rule.pattern;
  pattern.spellcheck = false;
  const app = document.createElement("input");
  app.name = "applicatie";
  app.value = rule.app;
  app.spellcheck = false;
  const remove = document.createElement("button");
  remove.type = "button";
  remove.textContent = "Verwijderen";
  remove.setAttribute("aria-label", `Regel ${number} verwijderen`);
  remove.addEventListener("click", () => row.remove());
  const actions = document.createElement("td");
  actions.append(remove);
  const errors = document.createElement("td");
  errors.className = "fout";
  row.append(cell(pattern, "Adrespatroon"), cell(app, "Applicatie"), actions, errors);
  rulesBody.append(row);
}

function readRules(): { rules: AppRule[]; valid: boolean } {
  let valid = true;
  const rules: AppRule[] = [];
  for (const row of Array.from(rulesBody.rows)) {
    const [pattern, app] = Array.from(row.querySelectorAll("input"));
    const errorCell = row.cells[3];
    if (pattern === undefined || app === undefined || errorCell === undefined) continue;
    const rule = { pattern: pattern.value.trim(), app: app.value.trim() };
    if (rule.pattern === "" && rule.app === "") continue; // an empty row is no rule
    const errors = ruleErrors(rule);
    errorCell.textContent = errors.join(" ");
    pattern.setAttribute("aria-invalid", String(errors.length > 0));
    if (errors.length > 0) valid = false;
    else rules.push(rule);
  }
  return { rules, valid };
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  status.textContent = "";
  const problem = serverError(serverInput.value);
  serverMessage.textContent = problem ?? "";
  serverInput.setAttribute("aria-invalid", String(problem !== null));
  const { rules, valid } = readRules();
  if (problem !== null || !valid) {
    status.textContent = "Niet opgeslagen: verbeter de gemarkeerde velden.";
    return;
  }
  const origins = [...new Set(rules.map((rule) => permissionOrigin(rule.pattern)).filter((origin): origin is string => origin !== null))];
  // Asked at once, inside the click: Chrome only shows the permission prompt during a user gesture.
  const asked = origins.length === 0 ? Promise.resolve(true) : chrome.permissions.request({ origins });
  void asked
    .then(async (granted) => {
      await chrome.storage.local.set({
        [settingsKey]: { server: locked.server ? ownSettings.server : normalizeServer(serverInput.value), rules: locked.rules ? ownSettings.rules : rules },
      });
      status.textContent = granted
        ? "Opgeslagen."
        : "Opgeslagen, maar zonder toestemming voor de applicaties werkt de extensie daar niet. Sla opnieuw op om toestemming te geven.";
    })
    .catch((error: unknown) => {
      status.textContent = `Niet opgeslagen: ${error instanceof Error ? error.message : String(error)}`;
    });
});

addButton.addEventListener("click", () => addRow({ pattern: "", app: "" }));

/** What the administrator's policy sets is shown, not editable; on save the official's own value is kept for it. */
let locked = { server: false, rules: false };
let ownSettings = settingsFrom(undefined);

void Promise.all([readSettings(), chrome.storage.local.get(settingsKey)]).then(([effective, stored]) => {
  const settings = effective.settings;
  locked = { server: effective.serverLocked, rules: effective.rulesLocked };
  serverInput.value = settings.server;
  serverInput.readOnly = effective.serverLocked;
  for (const rule of settings.rules) addRow(rule);
  if (settings.rules.length === 0) addRow({ pattern: "", app: "" });
  if (effective.rulesLocked) {
    for (const control of rulesBody.querySelectorAll<HTMLInputElement | HTMLButtonElement>("input, button")) control.disabled = true;
    addButton.hidden = true;
  }
  managedNote.hidden = !effective.managed;
  for (const problem of effective.problems) {
    const item = document.createElement("li");
    item.textContent = problem;
    managedProblems.append(item);
  }
  // Without a token allowed (a policy that does not make this a kiosk PC), a token kept from before is no longer
  // used (the side panel ignores it) and is removed here.
  tokenForm.hidden = !effective.allowToken;
  kioskNote.hidden = effective.allowToken;
  if (!effective.allowToken) void chrome.storage.local.remove(accessTokenKey);
  ownSettings = settingsFrom(stored[settingsKey]);
});

// ---- the access token ------------------------------------------------------------------------------------------

let storedToken: string | null = null;

function showStoredToken(token: string | null): void {
  storedToken = token;
  tokenCurrent.textContent = token === null ? "Er is geen toegangssleutel ingesteld." : `Ingesteld: ${maskToken(token)}`;
  removeButton.hidden = token === null;
}

function say(text: string, ok: boolean | null): void {
  tokenStatus.textContent = text;
  if (ok === null) delete tokenStatus.dataset.ok;
  else tokenStatus.dataset.ok = String(ok);
}

/** The token in the field (checked), or the stored one when the field is empty; undefined when the field is wrong. */
function tokenToUse(): string | null | undefined {
  if (tokenInput.value.trim() === "") return storedToken;
  const problem = accessTokenError(tokenInput.value);
  tokenMessage.textContent = problem ?? "";
  tokenInput.setAttribute("aria-invalid", String(problem !== null));
  return problem === null ? tokenInput.value.trim() : undefined;
}

tokenForm.addEventListener("submit", (event) => {
  event.preventDefault();
  say("", null);
  const problem = accessTokenError(tokenInput.value);
  tokenMessage.textContent = problem ?? "";
  tokenInput.setAttribute("aria-invalid", String(problem !== null));
  if (problem !== null) return;
  const token = tokenInput.value.trim();
  chrome.storage.local.set({ [accessTokenKey]: token }).then(
    () => {
      tokenInput.value = ""; // not left on screen, even masked
      showStoredToken(token);
      say("Sleutel opgeslagen. Het zijpaneel gebruikt hem meteen.", null);
    },
    (error: unknown) => say(`Niet opgeslagen: ${error instanceof Error ? error.message : String(error)}`, false),
  );
});

testButton.addEventListener("click", () => {
  say("", null);
  const token = tokenToUse();
  if (token === undefined) return;
  const problem = serverError(serverInput.value);
  if (problem !== null) {
    say(`Eerst een geldig serveradres: ${problem}`, false);
    return;
  }
  const server = normalizeServer(serverInput.value);
  say("Bezig met testen…", null);
  // Asked inside the click (a user gesture): without host permission for the server the request is blocked (CORS).
  chrome.permissions
    .request({ origins: [serverPermission(server)] })
    .then(async (granted) => {
      if (!granted) {
        say("Zonder toestemming voor het adres van de server kan de extensie de verbinding niet testen.", false);
        return;
      }
      const result = await checkToken(server, token, (url, init) => fetch(url, init));
      say(result.message, result.ok);
    })
    .catch((error: unknown) => say(`Testen lukte niet: ${error instanceof Error ? error.message : String(error)}`, false));
});

removeButton.addEventListener("click", () => {
  chrome.storage.local.remove(accessTokenKey).then(
    () => {
      showStoredToken(null);
      say("Sleutel verwijderd.", null);
      tokenInput.focus();
    },
    (error: unknown) => say(`Niet verwijderd: ${error instanceof Error ? error.message : String(error)}`, false),
  );
});

void chrome.storage.local.get(accessTokenKey).then((stored) => showStoredToken(accessTokenFrom(stored[accessTokenKey])));
