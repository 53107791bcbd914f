// The links from a guide's row: to its funnel here, and to the guide itself as officials see it: the panel opened on
// that guide (/panel?guide=ID), which every role may read.
import { h } from "../panel/dom";
import { internalLink, type ViewContext } from "./context";

export function guideHref(guideId: string): string {
  return `/panel?guide=${encodeURIComponent(guideId)}`;
}

export function guideCell(ctx: ViewContext, guideId: string, title: string, withFunnel = true): HTMLElement {
  return h(
    "span",
    { class: "guide-cell" },
    h("span", { class: "guide-title", text: title }),
    h(
      "span",
      { class: "row-links" },
      withFunnel ? internalLink(ctx, "Trechter", { view: "trechter", funnel: guideId }, `Trechter van ${title}`) : null,
      h("a", { text: "Gids bekijken", attrs: { href: guideHref(guideId), "aria-label": `Gids bekijken: ${title}` } }),
    ),
  );
}
