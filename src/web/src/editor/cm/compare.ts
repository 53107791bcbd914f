// Two texts side by side in @codemirror/merge's MergeView: the review's comparison (both read-only) and the conflict
// view (theirs read-only, the merged text editable). Unchanged stretches are collapsed; it opens at the first change
// and steps between changes.
import { getChunks, goToNextChunk, goToPreviousChunk, MergeView } from "@codemirror/merge";
import { EditorState, type Extension } from "@codemirror/state";
import { EditorView, keymap } from "@codemirror/view";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { baseExtensions } from "./setup";

export interface CompareOptions {
  left: { text: string; label: string };
  right: { text: string; label: string; editable?: boolean; onChange?(text: string): void };
}

export interface Compare {
  readonly merge: MergeView;
  /** The right-hand text (the merged text in a conflict). */
  readonly right: EditorView;
  firstChange(): boolean;
  nextChange(): boolean;
  previousChange(): boolean;
  changeCount(): number;
  destroy(): void;
}

function side(label: string, editable: boolean, extra: Extension[]): Extension[] {
  return [
    ...baseExtensions(),
    EditorState.readOnly.of(!editable),
    EditorView.contentAttributes.of({ "aria-label": label }),
    ...extra,
  ];
}

export function createCompare(options: CompareOptions): Compare {
  const { left, right } = options;
  const merge = new MergeView({
    a: { doc: left.text, extensions: side(left.label, false, []) },
    b: {
      doc: right.text,
      extensions: side(right.label, right.editable === true, [
        history(),
        keymap.of([...defaultKeymap, ...historyKeymap]),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) right.onChange?.(update.state.doc.toString());
        }),
      ]),
    },
    collapseUnchanged: { margin: 3, minSize: 6 },
    gutter: true,
    highlightChanges: true,
  });
  merge.dom.classList.add("compare");
  merge.a.dom.classList.add("compare-left");
  merge.b.dom.classList.add("compare-right");
  // Hooks for the browser tests (and the console), as on the main text.
  Object.defineProperty(merge.a.dom, "epssView", { value: merge.a, configurable: true });
  Object.defineProperty(merge.b.dom, "epssView", { value: merge.b, configurable: true });
  const b = merge.b;
  const run = (command: typeof goToNextChunk): boolean => command({ state: b.state, dispatch: (tr) => b.dispatch(tr) });
  return {
    merge,
    right: b,
    firstChange: () => {
      const first = getChunks(b.state)?.chunks[0];
      if (!first) return false;
      const at = Math.min(first.fromB, b.state.doc.length);
      b.dispatch({ selection: { anchor: at }, effects: EditorView.scrollIntoView(at, { y: "center" }) });
      return true;
    },
    nextChange: () => run(goToNextChunk),
    previousChange: () => run(goToPreviousChunk),
    changeCount: () => getChunks(b.state)?.chunks.length ?? 0,
    destroy: () => merge.destroy(),
  };
}

/** A comparison with its own keyboard-reachable steps: "Vorige wijziging", "Volgende wijziging", opened at the first. */
export function compareSection(options: CompareOptions & { label: string; announce(text: string): void }): { element: HTMLElement; compare: Compare } {
  const compare = createCompare(options);
  const status = document.createElement("p");
  status.className = "hint compare-status";
  const count = compare.changeCount();
  status.textContent = count === 0 ? "Geen verschillen." : `${count} ${count === 1 ? "wijziging" : "wijzigingen"}; ongewijzigde regels zijn ingeklapt.`;
  const button = (text: string, run: () => boolean, done: string): HTMLButtonElement => {
    const element = document.createElement("button");
    element.type = "button";
    element.className = "button button-small";
    element.textContent = text;
    element.addEventListener("click", () => {
      if (run()) options.announce(done);
    });
    return element;
  };
  const nav = document.createElement("div");
  nav.className = "button-row compare-nav";
  nav.append(
    button("Vorige wijziging", () => compare.previousChange(), "Vorige wijziging."),
    button("Volgende wijziging", () => compare.nextChange(), "Volgende wijziging."),
  );
  const element = document.createElement("section");
  element.className = "compare-section";
  element.setAttribute("aria-label", options.label);
  element.append(status, nav, compare.merge.dom);
  compare.firstChange();
  return { element, compare };
}
