// Search results: a list of buttons, one per hit, moved through with the arrow keys. The snippet is the server's
// HTML-encoded text with <mark> around the matched words: the only search text inserted as HTML. When nothing is
// found: the closest guides and a way to report the missing topic.
import type { GuideBriefResponse, SearchHitResponse } from "../../shared/contract";
import { h, insertServerHtml, serverHtml, uniqueId } from "../dom";
import type { SendOutcome } from "../hub-client";
import type { SearchState } from "../search";
import { card } from "./start";
import { reportDisclosure } from "./report-form";

export interface ResultsActions {
  openHit(hit: SearchHitResponse, rank: number): void;
  openClosest(guide: GuideBriefResponse): void;
  reportMissing(query: string, text: string): Promise<SendOutcome>;
  /** Put the focus back in the search box (arrow up from the first hit, Escape, or typing). */
  focusSearch(): void;
}

export function renderResults(state: Exclude<SearchState, { kind: "empty" }>, actions: ResultsActions): HTMLElement {
  const headingId = uniqueId("results-title");
  const section = h(
    "section",
    { class: "view view-results", attrs: { "aria-labelledby": headingId } },
    h("h1", { id: headingId, class: "view-title", text: "Zoekresultaten", attrs: { tabindex: -1 } }),
  );

  switch (state.kind) {
    case "pending":
      section.append(h("p", { class: "muted", text: "Zoeken…" }));
      break;
    case "offline":
      section.append(
        h("p", { class: "notice notice-warning", text: "Zoeken kan niet zonder verbinding. Zodra de verbinding terug is, zoekt het paneel opnieuw." }),
      );
      break;
    case "error":
      section.append(h("p", { class: "notice notice-warning", text: state.message }));
      break;
    case "results":
      if (state.response.hits.length > 0) {
        section.append(
          h("p", { class: "result-count", text: resultCountText(state.response.total, state.query) }),
          hitList(state.response.hits, actions),
        );
      } else {
        section.append(...nothingFound(state.query, state.response.closest ?? [], actions));
      }
      break;
  }
  return section;
}

export function resultCountText(total: number, query: string): string {
  return `${total} ${total === 1 ? "resultaat" : "resultaten"} voor “${query.trim()}”`;
}

function hitList(hits: SearchHitResponse[], actions: ResultsActions): HTMLOListElement {
  const list = h("ol", { class: "hits", attrs: { "aria-label": "Zoekresultaten" } });
  hits.forEach((hit, index) => {
    const snippetId = uniqueId("hit-snippet");
    const button = h(
      "button",
      {
        class: "hit-button",
        attrs: { type: "button", "aria-describedby": snippetId, "data-focus-key": `hit:${hit.id}:${hit.stepId ?? ""}` },
        on: { click: () => actions.openHit(hit, index + 1) },
      },
      h("span", { class: "hit-title", text: hit.title }),
      hit.stepTitle ? h("span", { class: "hit-step", text: `Stap: ${hit.stepTitle}` }) : null,
    );
    const snippet = h("p", { id: snippetId, class: "hit-snippet" });
    insertServerHtml(snippet, serverHtml(hit.snippet));
    list.append(h("li", { class: "hit" }, button, snippet));
  });
  list.addEventListener("keydown", (event) => moveThroughHits(event, list, actions));
  return list;
}

/** Arrow keys, Home and End move through the hits; Escape and typing go back to the search box. */
function moveThroughHits(event: KeyboardEvent, list: HTMLElement, actions: ResultsActions): void {
  const buttons = [...list.querySelectorAll<HTMLButtonElement>(".hit-button")];
  const index = buttons.findIndex((button) => button === document.activeElement);
  if (index < 0) return;
  const focus = (at: number): void => {
    event.preventDefault();
    buttons[at]?.focus();
  };
  switch (event.key) {
    case "ArrowDown":
      focus(Math.min(index + 1, buttons.length - 1));
      return;
    case "ArrowUp":
      if (index === 0) {
        event.preventDefault();
        actions.focusSearch();
      } else focus(index - 1);
      return;
    case "Home":
      focus(0);
      return;
    case "End":
      focus(buttons.length - 1);
      return;
    case "Escape":
      event.preventDefault();
      actions.focusSearch();
      return;
    default:
      if ((event.key.length === 1 && event.key !== " " && !event.ctrlKey && !event.metaKey && !event.altKey) || event.key === "Backspace") {
        actions.focusSearch(); // the key then lands in the search box
      }
  }
}

/** Focuses the first hit; false when there is none. */
export function focusFirstHit(container: HTMLElement): boolean {
  const first = container.querySelector<HTMLButtonElement>(".hit-button");
  first?.focus();
  return first !== null;
}

function nothingFound(query: string, closest: GuideBriefResponse[], actions: ResultsActions): HTMLElement[] {
  const parts: HTMLElement[] = [h("p", { class: "nothing-found", text: `Niets gevonden voor “${query.trim()}”` })];
  if (closest.length > 0) {
    const closestId = uniqueId("closest-title");
    parts.push(
      h("h2", { id: closestId, class: "section-title", text: "Misschien bedoel je" }),
      h(
        "ul",
        { class: "cards", attrs: { "aria-labelledby": closestId } },
        ...closest.map((guide) => card(guide.id, guide.title, guide.summary, null, () => actions.openClosest(guide))),
      ),
    );
  }
  parts.push(
    h(
      "div",
      { class: "missing" },
      h("h2", { class: "section-title", text: "Staat het er niet bij?" }),
      h("p", { class: "muted", text: "Laat het weten, dan kan een inhoudsdeskundige er een werkinstructie voor maken." }),
      reportDisclosure("missing", "Meld wat je zocht", {
        label: "Wat wilde je doen of weten?",
        hint: `Je zoekopdracht “${query.trim()}” wordt meegestuurd.`,
        submitLabel: "Versturen",
        emptyMessage: "Schrijf kort wat je zocht.",
        send: (text) => actions.reportMissing(query.trim(), text),
      }),
    ),
  );
  return parts;
}
