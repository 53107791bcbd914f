// The panel's frame: a banner with the connection state, the offline notice, the search box, a line for messages,
// the main region the views go into, and a live region for screen readers.
import { h } from "./dom";
import type { ConnectionStatus } from "./hub-client";

export interface Layout {
  connection: HTMLElement;
  offline: HTMLElement;
  searchForm: HTMLFormElement;
  searchInput: HTMLInputElement;
  flash: HTMLElement;
  main: HTMLElement;
  announcer: HTMLElement;
}

export const searchLabel = "Zoek een werkinstructie";

export function buildLayout(root: HTMLElement): Layout {
  const connection = h("p", { class: "connection", attrs: { "data-status": "connecting" } });
  const offline = h("div", { class: "offline", attrs: { role: "status" } });
  const searchInput = h("input", {
    id: "epss-search",
    class: "search-input",
    attrs: {
      type: "search",
      autocomplete: "off",
      spellcheck: "false",
      maxlength: 200,
      placeholder: "Zoek een werkinstructie",
      "aria-describedby": "epss-search-hint",
    },
  });
  const searchForm = h(
    "form",
    { class: "search", attrs: { role: "search", "aria-label": "Werkinstructies zoeken" } },
    h("label", { class: "sr-only", text: searchLabel, attrs: { for: "epss-search" } }),
    searchInput,
    h("p", { id: "epss-search-hint", class: "sr-only", text: "Pijltje omlaag gaat naar de resultaten, Enter opent het eerste, Escape wist." }),
  );
  const flash = h("div", { class: "flash", attrs: { role: "status" } });
  const main = h("main", { id: "main", class: "main", attrs: { tabindex: -1 } });
  const announcer = h("div", { class: "sr-only", attrs: { role: "status", "aria-live": "polite", "aria-atomic": "true" } });
  root.replaceChildren(
    h(
      "header",
      { class: "topbar" },
      h("p", { class: "brand" }, h("span", { class: "brand-mark", text: "E", attrs: { "aria-hidden": "true" } }), "Werkinstructies"),
      connection,
    ),
    offline,
    searchForm,
    flash,
    main,
    announcer,
  );
  return { connection, offline, searchForm, searchInput, flash, main, announcer };
}

const statusText: Record<ConnectionStatus, string> = {
  connecting: "Verbinden…",
  connected: "Verbonden",
  reconnecting: "Geen verbinding",
  offline: "Geen verbinding",
  refused: "Geen toegang",
  stopped: "Niet verbonden",
};

/**
 * Where the panel runs, which decides how the official gets access when the server refuses them: top, its own page
 * (the sign-in cookie counts: sign in); extension, framed by the browser extension (no cookie reaches the frame: a
 * token in the extension's options); frame, framed by another page (the overlay).
 */
export type Embedding = "top" | "extension" | "frame";

export interface Access {
  embedding: Embedding;
  /** Whether the extension handed the panel a token (then it is that token the server refused). */
  hasToken: boolean;
}

/** Where the sign-in page brings the official back to: this panel. */
export const signInHref = "/signin?returnUrl=%2Fpanel";

function refusal(access: Access): { title: string; detail: string; signIn: boolean } {
  switch (access.embedding) {
    case "extension":
      return access.hasToken
        ? {
            title: "De server weigert de toegangssleutel van de extensie.",
            detail: "Vraag je beheerder om een nieuwe toegangssleutel en stel die in bij de opties van de Epss-extensie.",
            signIn: false,
          }
        : {
            title: "Stel in de extensie een toegangssleutel in.",
            detail:
              "Deze server laat alleen aangemelde gebruikers toe. Open de opties van de Epss-extensie (rechtsklik op het pictogram, Opties) en vul de toegangssleutel in die je van je beheerder kreeg.",
            signIn: false,
          };
    case "top":
      return { title: "Je bent niet aangemeld.", detail: "Meld je aan om de werkinstructies te gebruiken.", signIn: true };
    case "frame":
      return { title: "Geen toegang tot de werkinstructies.", detail: "Deze server laat alleen aangemelde gebruikers toe. Vraag je beheerder hoe je toegang krijgt.", signIn: false };
  }
}

/** Shows the connection state in the banner and, when there is no connection, the offline notice (or what to do for access). */
export function showConnection(layout: Layout, status: ConnectionStatus, browserOnline: boolean, guideOpen: boolean, access: Access): void {
  // Without a network the browser's own word counts: the server's last answer (connected, refused) is stale.
  const effective: ConnectionStatus = browserOnline ? status : status === "connected" ? "reconnecting" : status === "refused" ? "offline" : status;
  layout.connection.dataset.status = effective;
  layout.connection.replaceChildren(h("span", { class: "dot", attrs: { "aria-hidden": "true" } }), statusText[effective]);

  if (effective === "refused") {
    const { title, detail, signIn } = refusal(access);
    if (layout.offline.dataset.signature === `${title}|${detail}`) return;
    layout.offline.dataset.signature = `${title}|${detail}`;
    layout.offline.replaceChildren(
      h(
        "div",
        { class: "offline-box" },
        h("p", { class: "offline-title", text: title }),
        h("p", { class: "offline-detail", text: detail }),
        signIn ? h("p", { class: "offline-detail" }, h("a", { text: "Aanmelden", attrs: { href: signInHref } })) : null,
      ),
    );
    return;
  }

  const offline = effective === "reconnecting" || effective === "offline" || effective === "stopped";
  const title = !browserOnline
    ? "Je bent offline."
    : effective === "reconnecting"
      ? "De verbinding is verbroken. Opnieuw verbinden…"
      : "Geen verbinding met de server. Het paneel blijft het proberen.";
  const detail = guideOpen
    ? "Je kunt de open werkinstructie gewoon blijven gebruiken. Wat je afvinkt en meldt, wordt verstuurd zodra de verbinding terug is."
    : "Werkinstructies die je eerder opende, kun je nog lezen. Zoeken en voorstellen werken weer zodra de verbinding terug is.";
  const signature = offline ? `${title}|${detail}` : "";
  if (layout.offline.dataset.signature === signature) return; // unchanged: do not announce again
  layout.offline.dataset.signature = signature;
  layout.offline.replaceChildren(
    ...(offline
      ? [h("div", { class: "offline-box" }, h("p", { class: "offline-title", text: title }), h("p", { class: "offline-detail", text: detail }))]
      : []),
  );
}
