// "Niet alles is afgevinkt": an accessible confirmation inside the page (not window.confirm). It takes the focus,
// Escape or "Blijf bij deze stap" keeps the official on the step, "Toch verder" goes on.
import { h, uniqueId } from "../dom";

export interface ConfirmOptions {
  title: string;
  message: string;
  proceedLabel: string;
  stayLabel: string;
  onProceed(): void;
  onStay(): void;
}

export function renderConfirm(options: ConfirmOptions): HTMLElement {
  const titleId = uniqueId("confirm-title");
  const messageId = uniqueId("confirm-message");
  const proceed = h("button", { class: "button button-primary", text: options.proceedLabel, attrs: { type: "button" } });
  const stay = h("button", {
    class: "button button-secondary",
    text: options.stayLabel,
    attrs: { type: "button", "data-autofocus": true },
  });
  const dialog = h(
    "div",
    { class: "confirm", attrs: { role: "alertdialog", "aria-labelledby": titleId, "aria-describedby": messageId } },
    h("p", { id: titleId, class: "confirm-title", text: options.title }),
    h("p", { id: messageId, text: options.message }),
    h("div", { class: "button-row" }, proceed, stay),
  );
  proceed.addEventListener("click", () => options.onProceed());
  stay.addEventListener("click", () => options.onStay());
  dialog.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      options.onStay();
    }
  });
  return dialog;
}
