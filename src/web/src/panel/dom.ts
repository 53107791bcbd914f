// Building DOM without HTML strings. Text always goes in through textContent; the only HTML the panel inserts is
// the server's safe render (step html, intro html, search snippets), and only through insertServerHtml.

type Child = Node | string | null | undefined | false;

export interface ElementOptions {
  class?: string;
  id?: string;
  text?: string;
  attrs?: Record<string, string | number | boolean | null | undefined>;
  on?: Partial<{ [K in keyof HTMLElementEventMap]: (event: HTMLElementEventMap[K]) => void }>;
}

/** Creates an element; children that are strings become text nodes. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: ElementOptions = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (options.class) element.className = options.class;
  if (options.id) element.id = options.id;
  if (options.text !== undefined) element.textContent = options.text;
  for (const [name, value] of Object.entries(options.attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? "" : String(value));
  }
  for (const [type, handler] of Object.entries(options.on ?? {})) {
    element.addEventListener(type, handler as EventListener);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return element;
}

/** A piece of HTML the server rendered safely: step.html, guide.introHtml or a search snippet. Nothing else. */
export type ServerHtml = string & { readonly __serverHtml: unique symbol };

export function serverHtml(html: string): ServerHtml {
  return html as ServerHtml;
}

/** Puts the server's safe HTML into a container; external links open in a new window without an opener. */
export function insertServerHtml(container: HTMLElement, html: ServerHtml): void {
  container.innerHTML = html;
  for (const link of container.querySelectorAll<HTMLAnchorElement>("a[target=_blank]")) {
    link.rel = "noopener noreferrer";
    link.append(h("span", { class: "sr-only", text: " (opent in een nieuw venster)" }));
  }
}

/** A text for screen readers only. */
export function srOnly(text: string): HTMLSpanElement {
  return h("span", { class: "sr-only", text });
}

let nextId = 0;
/** A unique element id for aria references. */
export function uniqueId(prefix: string): string {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

/** True when a key press goes into a text field (then "/" is a character, not a shortcut). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !["checkbox", "radio", "button", "submit", "reset"].includes(target.type);
  }
  return false;
}
