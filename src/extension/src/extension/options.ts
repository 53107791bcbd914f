// The options page: the guidance server's address and the application rules. On save it asks for host permission
// for exactly the rules' origins (Chrome shows the official what is asked) and stores the settings; the service
// worker then registers the content script for the granted ones.
import { permissionOrigin, ruleErrors, serverError, settingsFrom, settingsKey, normalizeServer, type AppRule } from "./settings";

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
      await chrome.storage.local.set({ [settingsKey]: { server: normalizeServer(serverInput.value), rules } });
      status.textContent = granted
        ? "Opgeslagen."
        : "Opgeslagen, maar zonder toestemming voor de applicaties werkt de extensie daar niet. Sla opnieuw op om toestemming te geven.";
    })
    .catch((error: unknown) => {
      status.textContent = `Niet opgeslagen: ${error instanceof Error ? error.message : String(error)}`;
    });
});

addButton.addEventListener("click", () => addRow({ pattern: "", app: "" }));

void chrome.storage.local.get(settingsKey).then((stored) => {
  const settings = settingsFrom(stored[settingsKey]);
  serverInput.value = settings.server;
  for (const rule of settings.rules) addRow(rule);
  if (settings.rules.length === 0) addRow({ pattern: "", app: "" });
});
