// The CodeMirror 6 set-up of the guide's text: Markdown with the guide format's highlighting, the server's
// diagnostics as lint marks, completion, search and replace, soft wrap, history, and the editor's own commands
// (save, the insert helpers) on keys. Tab is not bound, so it still moves focus out of the text (keyboard users).
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { markdownLanguage } from "@codemirror/lang-markdown";
import { defaultHighlightStyle, LanguageSupport, syntaxHighlighting } from "@codemirror/language";
import { lintGutter, lintKeymap } from "@codemirror/lint";
import { highlightSelectionMatches, search, searchKeymap } from "@codemirror/search";
import { Compartment, EditorState, type Extension } from "@codemirror/state";
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
  type ViewUpdate,
} from "@codemirror/view";
import type { SnippetKind } from "../text";
import { guideCompletion } from "./completion";
import { guideHighlight } from "./guide-highlight";

/** The insert helpers' keys (CodeMirror notation) and how aria-keyshortcuts writes them. */
export const insertKeys: Record<SnippetKind, { key: string; aria: string; label: string }> = {
  step: { key: "Alt-Shift-s", aria: "Alt+Shift+S", label: "Alt+Shift+S" },
  check: { key: "Alt-Shift-c", aria: "Alt+Shift+C", label: "Alt+Shift+C" },
  warning: { key: "Alt-Shift-w", aria: "Alt+Shift+W", label: "Alt+Shift+W" },
  decision: { key: "Alt-Shift-b", aria: "Alt+Shift+B", label: "Alt+Shift+B" },
};

export interface SourceEditorOptions {
  doc: string;
  /** Ids of the elements that label and describe the text (the pane title, the diagnostics summary). */
  labelledBy: string;
  describedBy: string;
  onSave(): void;
  onInsert(kind: SnippetKind): void;
  /** Every change of text or cursor. */
  onUpdate(update: ViewUpdate): void;
  guideIds(): Promise<readonly string[]>;
}

/** CodeMirror's own words in Dutch (search panel, lint, completion, merge view). */
const dutch: Record<string, string> = {
  Find: "Zoeken",
  Replace: "Vervangen",
  next: "volgende",
  previous: "vorige",
  all: "alle",
  "match case": "hoofdlettergevoelig",
  regexp: "reguliere expressie",
  "by word": "hele woorden",
  replace: "vervang",
  "replace all": "vervang alle",
  close: "sluiten",
  "current match": "huidige treffer",
  "replaced $ matches": "$ treffers vervangen",
  "replaced match on line $": "treffer op regel $ vervangen",
  "on line": "op regel",
  "Go to line": "Ga naar regel",
  go: "ga",
  Diagnostics: "Meldingen",
  "No diagnostics": "Geen meldingen",
  Completions: "Aanvullingen",
  "Selection deleted": "Selectie verwijderd",
  "$ unchanged lines": "$ ongewijzigde regels",
  "Control character": "Stuurteken",
};

/** The nonce the server gave this page for style elements (its CSP allows no others); empty outside the server. */
function styleNonce(): string {
  return document.querySelector<HTMLMetaElement>('meta[name="epss-style-nonce"]')?.content ?? "";
}

/** The extensions that every text view of the editor shares (also the merge view's panes). */
export function baseExtensions(): Extension[] {
  const nonce = styleNonce();
  return [
    ...(nonce !== "" ? [EditorView.cspNonce.of(nonce)] : []),
    EditorState.phrases.of(dutch),
    // A content-editable without tabindex is not "focusable" to axe, which then flags the scroller around it
    // (scrollable-region-focusable); it is in the tab order either way, so this adds no tab stop.
    EditorView.contentAttributes.of({ tabindex: "0" }),
    EditorView.lineWrapping,
    // Markdown (GFM) without markdown()'s HTML and code-block languages: guides hold no HTML (the server refuses
    // it), and those parsers would more than double the bundle.
    new LanguageSupport(markdownLanguage),
    syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
    guideHighlight,
    EditorState.tabSize.of(2),
  ];
}

export interface SourceEditor {
  view: EditorView;
  setReadOnly(readOnly: boolean): void;
}

export function createSourceEditor(options: SourceEditorOptions): SourceEditor {
  const readOnly = new Compartment();
  const view = new EditorView({
    state: EditorState.create({
      doc: options.doc,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        history(),
        drawSelection(),
        highlightActiveLine(),
        highlightSelectionMatches(),
        closeBrackets(),
        ...baseExtensions(),
        autocompletion({ override: [guideCompletion({ guideIds: () => options.guideIds() })], icons: false }),
        lintGutter(),
        search({ top: true }),
        readOnly.of(EditorState.readOnly.of(false)),
        keymap.of([
          { key: "Mod-s", preventDefault: true, run: () => (options.onSave(), true) },
          ...(Object.entries(insertKeys) as [SnippetKind, { key: string }][]).map(([kind, { key }]) => ({
            key,
            preventDefault: true,
            run: () => (options.onInsert(kind), true),
          })),
          ...closeBracketsKeymap,
          ...defaultKeymap,
          ...searchKeymap,
          ...historyKeymap,
          ...completionKeymap,
          ...lintKeymap,
        ]),
        EditorView.contentAttributes.of({
          "aria-labelledby": options.labelledBy,
          "aria-describedby": options.describedBy,
          "aria-multiline": "true",
          spellcheck: "false",
          autocapitalize: "off",
        }),
        EditorView.updateListener.of((update) => options.onUpdate(update)),
      ],
    }),
  });
  // A hook for the browser tests (and the console): the view behind the text.
  Object.defineProperty(view.dom, "epssView", { value: view, configurable: true });
  return {
    view,
    setReadOnly: (value) => view.dispatch({ effects: readOnly.reconfigure(EditorState.readOnly.of(value)) }),
  };
}

/** Replaces the whole text (a reload, a draft taken up, a merge saved): one change, kept in the undo history. */
export function replaceText(view: EditorView, text: string): void {
  if (view.state.doc.toString() === text) return;
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}
