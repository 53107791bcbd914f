// The start screen: the guides suggested for the page the official is on (with the reason), the walk to pick up
// again when there is one, and recently opened guides (readable offline).
import type { GuideBriefResponse, PageContextRequest, SuggestionResponse } from "../../shared/contract";
import { h, uniqueId } from "../dom";

export interface StartModel {
  context: PageContextRequest;
  /** null while the suggestions are not known yet. */
  suggestions: SuggestionResponse[] | null;
  connection: "connecting" | "connected" | "offline" | "refused";
  /** A message about what just happened ("Afgerond: …", "… is niet meer beschikbaar"). */
  notice: { text: string; tone: "success" | "info" } | null;
  /** A walk left earlier that can be picked up again. */
  resume: { title: string; stepTitle: string } | null;
  /** Recently opened guides, kept for reading offline. */
  recent: GuideBriefResponse[];
}

export interface StartActions {
  openSuggestion(id: string): void;
  openRecent(id: string): void;
  resume(): void;
}

export function renderStart(model: StartModel, actions: StartActions): HTMLElement {
  const headingId = uniqueId("start-title");
  const section = h("section", { class: "view view-start", attrs: { "aria-labelledby": headingId } });

  if (model.notice) {
    section.append(h("p", { class: `notice notice-${model.notice.tone}`, text: model.notice.text }));
  }

  if (model.resume) {
    const resumeButton = h("button", {
      class: "card-button",
      text: model.resume.title,
      attrs: { type: "button", "data-focus-key": "resume" },
      on: { click: () => actions.resume() },
    });
    const detailId = uniqueId("resume-detail");
    resumeButton.setAttribute("aria-describedby", detailId);
    section.append(
      h(
        "div",
        { class: "resume" },
        h("h2", { class: "section-title", text: "Verder waar je was" }),
        h("div", { class: "card" }, resumeButton, h("p", { id: detailId, class: "card-text", text: `Bij stap: ${model.resume.stepTitle}` })),
      ),
    );
  }

  section.append(h("h1", { id: headingId, class: "view-title", text: "Voor deze pagina", attrs: { tabindex: -1 } }));
  const pageName = model.context.title ?? model.context.app;
  if (pageName) section.append(h("p", { class: "context-line", text: `Pagina: ${pageName}` }));

  if (model.suggestions === null) {
    section.append(
      h("p", {
        class: "muted",
        text:
          model.connection === "offline"
            ? "Voorstellen verschijnen zodra er verbinding is."
            : model.connection === "refused"
              ? "Voorstellen verschijnen zodra je toegang hebt."
              : "Voorstellen worden geladen…",
      }),
    );
  } else if (model.suggestions.length === 0) {
    section.append(
      h("p", { class: "muted", text: "Er zijn geen werkinstructies voorgesteld voor deze pagina. Zoek hierboven naar wat je nodig hebt." }),
    );
  } else {
    section.append(
      h(
        "ul",
        { class: "cards", attrs: { "aria-label": "Voorgestelde werkinstructies" } },
        ...model.suggestions.map((suggestion) =>
          card(suggestion.id, suggestion.title, suggestion.summary, suggestion.reason, () => actions.openSuggestion(suggestion.id)),
        ),
      ),
    );
  }

  if (model.recent.length > 0) {
    const recentId = uniqueId("recent-title");
    section.append(
      h(
        "div",
        { class: "recent" },
        h("h2", { id: recentId, class: "section-title", text: "Recent geopend" }),
        h(
          "ul",
          { class: "link-list", attrs: { "aria-labelledby": recentId } },
          ...model.recent.map((guide) =>
            h(
              "li",
              {},
              h("button", {
                class: "link-button",
                text: guide.title,
                attrs: { type: "button", "data-focus-key": `recent:${guide.id}` },
                on: { click: () => actions.openRecent(guide.id) },
              }),
            ),
          ),
        ),
      ),
    );
  }

  section.append(
    h(
      "p",
      { class: "shortcut-hint" },
      "Zoeken: druk op ",
      h("kbd", { text: "/" }),
      " of ",
      h("kbd", { text: "Ctrl" }),
      "+",
      h("kbd", { text: "K" }),
      ".",
    ),
  );
  return section;
}

/** A card whose button carries the title (its accessible name); summary and reason describe it. */
export function card(id: string, title: string, summary: string, reason: string | null, open: () => void): HTMLLIElement {
  const summaryId = uniqueId("card-summary");
  const button = h("button", {
    class: "card-button",
    text: title,
    attrs: { type: "button", "aria-describedby": summaryId, "data-focus-key": `guide:${id}` },
    on: { click: open },
  });
  return h(
    "li",
    { class: "card" },
    button,
    h("p", { id: summaryId, class: "card-text" }, summary, reason ? h("span", { class: "reason", text: reason }) : null),
  );
}
