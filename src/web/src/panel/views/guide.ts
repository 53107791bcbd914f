// One step of a guide at a time: where the official is ("Stap 3 van 7", the steps to jump to), the step's safe
// HTML with its checks wired up, the decision as buttons (from step.next), and the way on, back and out.
// Moving on from a step with unticked checks asks first, in the page.
import type { FlagAnswerResponse, NextStepResponse, SourceResponse, StepResponse } from "../../shared/contract";
import { h, insertServerHtml, serverHtml, uniqueId } from "../dom";
import type { SendOutcome } from "../hub-client";
import { currentStep, isTicked, stepIndex, type Walk } from "../state";
import { renderConfirm } from "./confirm";
import { reportDisclosure } from "./report-form";

/** Where the official wants to go from the current step. */
export type Destination =
  | { kind: "next"; option: NextStepResponse }
  | { kind: "decision"; option: NextStepResponse }
  | { kind: "link"; guideId?: string; stepId?: string }
  | { kind: "jump"; stepId: string };

/**
 * Where the step is done, when the layer over the host application has something to say: the step belongs on another
 * page (and the panel picks it up again there), its field is not on this page, or the field is not visible yet.
 */
export type PlaceNote = { kind: "other-page"; page: string } | { kind: "missing" } | { kind: "hidden" };

export interface GuideModel {
  walk: Walk;
  /** Shown above the step, e.g. that the guide was just updated. */
  notice: string | null;
  /** The title of the guide "Terug" leads into, when it leads out of this guide. */
  backIntoGuide: string | null;
  place?: PlaceNote | null;
  /** Experts' answers to flags this official raised on the guide, until "Gelezen". */
  answers?: FlagAnswerResponse[];
}

export interface GuideActions {
  tick(stepId: string, checkId: string, checked: boolean): void;
  go(destination: Destination): void;
  back(): void;
  restart(): void;
  complete(): void;
  close(): void;
  flag(stepId: string, text: string): Promise<SendOutcome>;
  dismissAnswer(flagId: string): void;
}

export const stepTitleId = "step-title";

export function renderGuide(model: GuideModel, actions: GuideActions): HTMLElement {
  const { walk } = model;
  const step = currentStep(walk) ?? walk.guide.steps[0];
  const guideTitleId = uniqueId("guide-title");
  const article = h("article", { class: "view view-guide", attrs: { "aria-labelledby": guideTitleId } });
  if (!step) return article;

  const index = Math.max(0, stepIndex(walk));
  const total = walk.guide.steps.length;

  article.append(
    h(
      "div",
      { class: "guide-head" },
      h("h1", { id: guideTitleId, class: "guide-title", text: walk.guide.title }),
      h("button", {
        class: "button button-quiet button-small",
        text: "Sluiten",
        attrs: { type: "button", "aria-label": "Werkinstructie sluiten" },
        on: { click: () => actions.close() },
      }),
    ),
  );

  if (walk.guide.outdated) article.append(outdatedNote(walk));

  article.append(progress(walk, index, total), stepList(walk, index, actions));

  if (model.notice) article.append(h("p", { class: "notice notice-info", text: model.notice }));
  for (const answer of model.answers ?? []) article.append(answerNote(answer, actions));

  const confirmSlot = h("div", { class: "confirm-slot" });
  const body = h("div", { class: "step-body" });
  insertServerHtml(body, serverHtml(step.html));
  body.querySelector("nav.epss-decision")?.remove(); // the decision is rendered as buttons from step.next
  wireChecks(body, walk, step, actions);

  // The checks gate the usual way on: the plain next step and a decision's first option. Another option and a link
  // into another guide are the unusual path, taken exactly because a check cannot honestly be ticked: no question.
  const leave = (destination: Destination): void => {
    if (isUnusualPath(step, destination)) actions.go(destination);
    else askBeforeLeaving(body, confirmSlot, () => actions.go(destination));
  };
  wireInlineLinks(body, leave);

  const section = h(
    "section",
    { class: "step", attrs: { "aria-labelledby": stepTitleId } },
    h("h2", { id: stepTitleId, class: "step-title", text: step.title, attrs: { tabindex: -1 } }),
  );
  // Right under the step's title: the official lands there when the step changes, so this is seen first.
  if (model.place) section.append(placeNote(model.place));
  // The intro is shown where the guide is entered at its start, also by a branch from another guide.
  const enteredHere = !walk.path.some((entry) => entry.guideId === walk.guide.id);
  if (index === 0 && enteredHere && walk.guide.introHtml.trim() !== "") {
    const intro = h("div", { class: "guide-intro" });
    insertServerHtml(intro, serverHtml(walk.guide.introHtml));
    wireInlineLinks(intro, leave);
    section.append(intro);
  }
  section.append(body);
  const sources = stepSources(step.sources ?? []);
  if (sources) section.append(sources);
  section.append(confirmSlot, stepActions(step, body, confirmSlot, leave, actions));
  article.append(section, tools(model, step, actions));
  return article;
}

/** "Bron: Paspoortwet art. 44", each a link out when it has an address; nothing when the step names no source. */
function stepSources(sources: SourceResponse[]): HTMLElement | null {
  if (sources.length === 0) return null;
  const parts: (Node | string)[] = [];
  sources.forEach((source, at) => {
    if (at > 0) parts.push(", ");
    parts.push(sourceLink(source));
  });
  return h("p", { class: "step-sources" }, sources.length === 1 ? "Bron: " : "Bronnen: ", ...parts);
}

/** The guide's sources, folded away under the step's tools, each with the day it was last checked. */
function guideSources(sources: SourceResponse[]): HTMLElement | null {
  if (sources.length === 0) return null;
  return h(
    "details",
    { class: "sources" },
    h("summary", { text: "Bronnen van deze werkinstructie" }),
    h(
      "ul",
      { class: "source-list" },
      ...sources.map((source) =>
        h(
          "li",
          {},
          sourceLink(source),
          source.checked ? h("span", { class: "muted", text: ` (nagekeken ${formatDate(source.checked)})` }) : null,
        ),
      ),
    ),
  );
}

function sourceLink(source: SourceResponse): HTMLElement {
  // The server accepts only http(s) addresses for sources; checked again here, as for anything put in an href.
  if (source.url === undefined || !/^https?:\/\//i.test(source.url)) return h("span", { text: source.label });
  return h(
    "a",
    { attrs: { href: source.url, target: "_blank", rel: "noopener noreferrer" } },
    source.label,
    h("span", { class: "sr-only", text: " (opent in een nieuw venster)" }),
  );
}

/** "Je meldde: … — Antwoord van de inhoudsdeskundige: …", all of it text, with "Gelezen". */
function answerNote(answer: FlagAnswerResponse, actions: GuideActions): HTMLElement {
  const labelId = uniqueId("answer");
  return h(
    "section",
    { class: "notice notice-answer", attrs: { "aria-labelledby": labelId, "data-flag-id": answer.flagId } },
    h("p", { id: labelId, class: "answer-label", text: answer.stepTitle ? `Je meldde bij „${answer.stepTitle}”:` : "Je meldde:" }),
    h("p", { class: "answer-text", text: answer.text }),
    h("p", { class: "answer-label", text: "Antwoord van de inhoudsdeskundige:" }),
    h("p", { class: "answer-text", text: answer.answer }),
    h("button", {
      class: "button button-quiet button-small",
      text: "Gelezen",
      attrs: { type: "button", "data-focus-key": `answer-${answer.flagId}` },
      on: { click: () => actions.dismissAnswer(answer.flagId) },
    }),
  );
}

function placeNote(place: PlaceNote): HTMLElement {
  switch (place.kind) {
    case "other-page":
      return h(
        "p",
        { class: "notice notice-place", attrs: { "data-place": "other-page" } },
        "Het veld voor deze stap staat op een andere pagina van de applicatie: ",
        h("strong", { text: place.page }),
        ". Daar wordt het aangewezen.",
      );
    case "missing":
      return h("p", {
        class: "notice notice-place",
        attrs: { "data-place": "missing" },
        text: "Het veld bij deze stap staat niet op deze pagina. Volg de tekst van de stap; de fout is doorgegeven.",
      });
    case "hidden":
      return h("p", {
        class: "notice notice-place",
        attrs: { "data-place": "hidden" },
        text: "Het veld bij deze stap is nu niet zichtbaar, bijvoorbeeld omdat een venster nog dicht is. Zodra het verschijnt, wordt het aangewezen.",
      });
  }
}

function outdatedNote(walk: Walk): HTMLElement {
  const since = walk.guide.reviewBy ? ` Hij had vóór ${formatDate(walk.guide.reviewBy)} opnieuw bekeken moeten worden.` : "";
  return h(
    "div",
    { class: "outdated", attrs: { role: "note" } },
    h("p", { class: "outdated-title", text: "Deze werkinstructie is verouderd." }),
    h("p", { text: `${since.trim()} Twijfel je ergens over, overleg dan met een collega.`.trim() }),
  );
}

function progress(walk: Walk, index: number, total: number): HTMLElement {
  const visited = new Set(walk.path.filter((entry) => entry.guideId === walk.guide.id).map((entry) => entry.stepId));
  return h(
    "div",
    { class: "progress" },
    h("p", { class: "progress-text", text: `Stap ${index + 1} van ${total}` }),
    h(
      "ol",
      { class: "progress-bar", attrs: { "aria-hidden": "true" } },
      ...walk.guide.steps.map((step, at) =>
        h("li", { class: at === index ? "is-current" : visited.has(step.id) ? "is-visited" : "" }),
      ),
    ),
  );
}

function stepList(walk: Walk, index: number, actions: GuideActions): HTMLElement {
  const list = h(
    "ol",
    { class: "step-list" },
    ...walk.guide.steps.map((step, at) =>
      h(
        "li",
        {},
        h(
          "button",
          {
            class: "step-link",
            attrs: { type: "button", "aria-current": at === index ? "step" : null, "data-focus-key": `jump:${step.id}` },
            on: {
              click: () => {
                if (at !== index) actions.go({ kind: "jump", stepId: step.id });
              },
            },
          },
          h("span", { class: "step-number", text: `${at + 1}.` }),
          " ",
          h("span", { text: step.title }),
        ),
      ),
    ),
  );
  return h("details", { class: "steps" }, h("summary", { text: "Alle stappen" }), list);
}

function wireChecks(body: HTMLElement, walk: Walk, step: StepResponse, actions: GuideActions): void {
  for (const box of body.querySelectorAll<HTMLInputElement>("input[type=checkbox][data-check-id]")) {
    const checkId = box.dataset.checkId ?? "";
    box.checked = isTicked(walk, step.id, checkId);
    box.dataset.focusKey = `check:${checkId}`;
    box.closest("li")?.classList.toggle("is-ticked", box.checked);
    box.addEventListener("change", () => {
      box.closest("li")?.classList.toggle("is-ticked", box.checked);
      actions.tick(step.id, checkId, box.checked);
    });
  }
}

function wireInlineLinks(container: HTMLElement, leave: (destination: Destination) => void): void {
  container.addEventListener("click", (event) => {
    const link = event.target instanceof Element ? event.target.closest("a") : null;
    if (!link) return;
    const { guideId, stepId } = link.dataset;
    if (guideId !== undefined || stepId !== undefined) {
      event.preventDefault();
      leave({ kind: "link", ...(guideId !== undefined ? { guideId } : {}), ...(stepId !== undefined ? { stepId } : {}) });
    } else if (link.getAttribute("href")?.startsWith("#")) {
      event.preventDefault(); // an anchor the panel does not know: stay put
    }
  });
}

/** "Opnieuw beginnen" throws away the ticks and the way taken: asks first when there is any, in the page. */
function askBeforeRestart(walk: Walk, slot: HTMLElement, proceed: () => void): void {
  // Ticks on this step are in its boxes (a tick does not render the step again); earlier steps' in the walk.
  const tickedHere = slot.closest("article")?.querySelector("input[type=checkbox][data-check-id]:checked") != null;
  const hasProgress = tickedHere || walk.path.length > 0 || Object.values(walk.ticks).some((ticks) => ticks.length > 0);
  if (!hasProgress) {
    proceed();
    return;
  }
  const close = (): void => slot.replaceChildren();
  const dialog = renderConfirm({
    title: "Opnieuw beginnen?",
    message: "Je vinkjes en de stappen die je al deed in deze werkinstructie gaan verloren.",
    proceedLabel: "Opnieuw beginnen",
    stayLabel: "Blijf waar je bent",
    onProceed: () => {
      close();
      proceed();
    },
    onStay: close,
  });
  slot.replaceChildren(dialog);
  dialog.querySelector<HTMLElement>("[data-autofocus]")?.focus();
}

/** A decision's option other than its first, or a link into another guide. */
export function isUnusualPath(step: StepResponse, destination: Destination): boolean {
  if (destination.kind === "link") return destination.guideId !== undefined;
  if (destination.kind === "decision") return step.next.indexOf(destination.option) > 0;
  return false;
}

/** Goes on at once when every check is ticked; otherwise asks first, in the page. */
function askBeforeLeaving(body: HTMLElement, slot: HTMLElement, proceed: () => void): void {
  const boxes = [...body.querySelectorAll<HTMLInputElement>("input[type=checkbox][data-check-id]")];
  const open = boxes.filter((box) => !box.checked);
  if (open.length === 0) {
    proceed();
    return;
  }
  const close = (): void => slot.replaceChildren();
  const dialog = renderConfirm({
    title: "Niet alles is afgevinkt",
    message:
      open.length === 1
        ? `1 van de ${boxes.length} controlepunten is nog niet afgevinkt. Wil je toch verder?`
        : `${open.length} van de ${boxes.length} controlepunten zijn nog niet afgevinkt. Wil je toch verder?`,
    proceedLabel: "Toch verder",
    stayLabel: "Blijf bij deze stap",
    onProceed: () => {
      close();
      proceed();
    },
    onStay: () => {
      close();
      open[0]?.focus();
    },
  });
  slot.replaceChildren(dialog);
  dialog.querySelector<HTMLElement>("[data-autofocus]")?.focus();
}

function stepActions(
  step: StepResponse,
  body: HTMLElement,
  confirmSlot: HTMLElement,
  leave: (destination: Destination) => void,
  actions: GuideActions,
): HTMLElement {
  if (step.isDecision && step.next.length > 0) {
    return h(
      "div",
      { class: "decision", attrs: { role: "group", "aria-label": "Keuze" } },
      ...step.next.map((option) => {
        const hintId = uniqueId("option-hint");
        const elsewhere = option.guideId !== undefined;
        return h(
          "button",
          {
            class: "button option",
            attrs: { type: "button", "aria-describedby": elsewhere ? hintId : null, "data-focus-key": `option:${option.label}` },
            on: { click: () => leave({ kind: "decision", option }) },
          },
          h("span", { class: "option-label", text: option.label }),
          elsewhere ? h("span", { id: hintId, class: "option-hint", text: "Opent een andere werkinstructie" }) : null,
        );
      }),
    );
  }
  const next = step.next[0];
  if (!step.isEnd && next) {
    return h(
      "div",
      { class: "step-actions" },
      h("button", {
        class: "button button-primary",
        text: next.label,
        attrs: { type: "button", "data-focus-key": "next" },
        on: { click: () => leave({ kind: "next", option: next }) },
      }),
    );
  }
  return h(
    "div",
    { class: "step-actions" },
    h("button", {
      class: "button button-primary",
      text: "Klaar",
      attrs: { type: "button", "data-focus-key": "done" },
      on: { click: () => askBeforeLeaving(body, confirmSlot, () => actions.complete()) },
    }),
  );
}

function tools(model: GuideModel, step: StepResponse, actions: GuideActions): HTMLElement {
  const { walk } = model;
  const restartSlot = h("div", { class: "confirm-slot" });
  return h(
    "div",
    { class: "step-tools" },
    restartSlot,
    h(
      "div",
      { class: "button-row" },
      walk.path.length > 0
        ? h("button", {
            class: "button button-secondary",
            text: "Terug",
            attrs: { type: "button", "data-focus-key": "back" },
            on: { click: () => actions.back() },
          })
        : null,
      h("button", {
        class: "button button-secondary",
        text: "Opnieuw beginnen",
        attrs: { type: "button", "data-focus-key": "restart" },
        on: { click: () => askBeforeRestart(walk, restartSlot, () => actions.restart()) },
      }),
    ),
    model.backIntoGuide ? h("p", { class: "hint", text: `Terug gaat naar: ${model.backIntoGuide}` }) : null,
    guideSources(walk.guide.sources ?? []),
    reportDisclosure(`flag:${walk.guide.id}:${step.id}`, "Meld een probleem", {
      label: "Wat klopt er niet of is onduidelijk aan deze stap?",
      hint: "Een inhoudsdeskundige kijkt ernaar. Schrijf geen gegevens van de klant op.",
      submitLabel: "Versturen",
      send: (text) => actions.flag(step.id, text),
    }),
  );
}

const dateFormat = new Intl.DateTimeFormat("nl-NL", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

/** "2026-03-01" → "1 maart 2026"; anything else as it is. */
export function formatDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return isoDate;
  return dateFormat.format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))));
}
