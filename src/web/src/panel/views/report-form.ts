// A short text form for "Meld een probleem" (a flag on a step) and "Niets gevonden" (a missing topic).
// Shows how it went: sent, queued until the connection is back, or refused (with the server's reason).
import { Limits } from "../../shared/contract";
import { h, uniqueId } from "../dom";
import { ServerError, type SendOutcome } from "../hub-client";

export interface ReportFormOptions {
  /** The question above the text field. */
  label: string;
  hint?: string;
  submitLabel: string;
  /** Said when the official sends an empty text (the server needs a text). */
  emptyMessage?: string;
  send(text: string): Promise<SendOutcome>;
  /** Called after the form was closed without sending. */
  onCancel(): void;
  /** Called with the confirmation element in place of the form. */
  onDone(message: string): void;
}

export const sentMessage = "Dank je, je melding is opgeslagen.";
export const queuedMessage = "Dank je. Er is nu geen verbinding; je melding wordt verstuurd zodra die er weer is.";

export function renderReportForm(options: ReportFormOptions): HTMLFormElement {
  const fieldId = uniqueId("report-text");
  const countId = uniqueId("report-count");
  const errorId = uniqueId("report-error");
  const max = Limits.flagTextLength;

  const text = h("textarea", {
    id: fieldId,
    class: "field",
    attrs: { rows: 4, maxlength: max, "aria-describedby": `${countId} ${errorId}`, required: true },
  });
  const count = h("p", { id: countId, class: "hint", text: `Nog ${max} tekens over.` });
  const error = h("p", { id: errorId, class: "form-error", attrs: { role: "alert" } });
  const submit = h("button", { class: "button button-primary", text: options.submitLabel, attrs: { type: "submit" } });
  const cancel = h("button", { class: "button button-quiet", text: "Annuleren", attrs: { type: "button" } });

  text.addEventListener("input", () => {
    count.textContent = `Nog ${max - text.value.length} tekens over.`;
  });

  const form = h(
    "form",
    { class: "report-form", attrs: { novalidate: true } },
    h("label", { class: "label", text: options.label, attrs: { for: fieldId } }),
    options.hint ? h("p", { class: "hint", text: options.hint }) : null,
    text,
    count,
    error,
    h("div", { class: "button-row" }, submit, cancel),
  );

  cancel.addEventListener("click", () => options.onCancel());
  form.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      options.onCancel();
    }
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const value = text.value.trim();
    if (value === "") {
      error.textContent = options.emptyMessage ?? "Schrijf kort wat er niet klopt.";
      text.setAttribute("aria-invalid", "true");
      text.focus();
      return;
    }
    submit.disabled = true;
    error.textContent = "";
    text.removeAttribute("aria-invalid");
    options.send(value.slice(0, max)).then(
      (outcome) => options.onDone(outcome === "sent" ? sentMessage : queuedMessage),
      (failure: unknown) => {
        submit.disabled = false;
        error.textContent =
          failure instanceof ServerError
            ? `Je melding is niet opgeslagen. ${failure.reason}`
            : "Je melding is niet opgeslagen. Probeer het nog eens.";
        text.focus();
      },
    );
  });
  return form;
}

/**
 * A button that opens the form below it, and after sending shows the confirmation in its place.
 * Returns the wrapper; the form gets focus when it opens. key names the draft, so that a re-render (a guide
 * update arriving while the official types) can put an unsent text back: see keepDrafts.
 */
export function reportDisclosure(key: string, buttonLabel: string, form: Omit<ReportFormOptions, "onCancel" | "onDone">): HTMLElement {
  const slotId = uniqueId("report");
  const toggle = h("button", {
    class: "button button-quiet",
    text: buttonLabel,
    attrs: { type: "button", "aria-expanded": "false", "aria-controls": slotId },
  });
  const slot = h("div", { id: slotId, class: "report-slot" });
  const status = h("p", { class: "confirmation", attrs: { role: "status" } });
  const wrapper = h("div", { class: "report", attrs: { "data-report-key": key } }, toggle, slot, status);

  const close = (): void => {
    slot.replaceChildren();
    toggle.setAttribute("aria-expanded", "false");
  };
  toggle.addEventListener("click", () => {
    if (toggle.getAttribute("aria-expanded") === "true") {
      close();
      return;
    }
    status.textContent = "";
    const element = renderReportForm({
      ...form,
      onCancel: () => {
        close();
        toggle.focus();
      },
      onDone: (message) => {
        close();
        status.textContent = message;
        toggle.focus();
      },
    });
    slot.replaceChildren(element);
    toggle.setAttribute("aria-expanded", "true");
    const text = element.querySelector("textarea");
    if (text) text.dataset.focusKey = `report:${key}`;
    text?.focus();
  });
  return wrapper;
}

/**
 * Remembers the texts typed in open report forms inside container; the returned function puts them back into
 * the forms of the same key after the container was rendered again.
 */
export function keepDrafts(container: HTMLElement): (rendered: HTMLElement) => void {
  const drafts = new Map<string, string>();
  for (const wrapper of container.querySelectorAll<HTMLElement>(".report[data-report-key]")) {
    const text = wrapper.querySelector("textarea");
    if (text && wrapper.dataset.reportKey) drafts.set(wrapper.dataset.reportKey, text.value);
  }
  return (rendered) => {
    for (const [key, value] of drafts) {
      const wrapper = [...rendered.querySelectorAll<HTMLElement>(".report[data-report-key]")].find((w) => w.dataset.reportKey === key);
      const toggle = wrapper?.querySelector<HTMLButtonElement>("button[aria-expanded]");
      if (!wrapper || !toggle) continue;
      if (toggle.getAttribute("aria-expanded") !== "true") {
        const active = document.activeElement;
        toggle.click(); // opens the form, which takes the focus: give it back (the caller restores focus in its view)
        if (active instanceof HTMLElement && active.isConnected) active.focus();
      }
      const text = wrapper.querySelector("textarea");
      if (!text) continue;
      text.value = value;
      text.dispatchEvent(new Event("input"));
    }
  };
}
