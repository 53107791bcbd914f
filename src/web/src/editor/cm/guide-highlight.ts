// The guide format's own highlighting on top of CodeMirror's Markdown: front matter and its keys, step headings and
// their {#id …} attributes, checks, alerts, decisions and guide: links (the syntax of content/README.md). Marks are
// classes only; the theme in editor.css gives them colour with enough contrast.
import { RangeSetBuilder } from "@codemirror/state";
import { Decoration, type DecorationSet, EditorView, ViewPlugin, type ViewUpdate } from "@codemirror/view";

const frontMatterLine = Decoration.line({ class: "cm-guide-frontmatter" });
const stepLine = Decoration.line({ class: "cm-guide-step" });
const checkLine = Decoration.line({ class: "cm-guide-check" });
const alertLine = Decoration.line({ class: "cm-guide-alert" });
const decisionLine = Decoration.line({ class: "cm-guide-decision" });
const mark = (name: string): Decoration => Decoration.mark({ class: `cm-guide-${name}` });
const marks = {
  key: mark("key"),
  attrs: mark("attrs"),
  stepId: mark("step-id"),
  checkBox: mark("check-box"),
  alertKind: mark("alert-kind"),
  guideLink: mark("guide-link"),
  stepLink: mark("step-link"),
};

const fencePattern = /^\s*(```|~~~)/;
const attrsPattern = /\{[^}\n]*\}\s*$/;
const decisionPattern = /^\s*[-*+]\s+\[[^\]]*\]\([^)]*\)\s*$/;
const linkTargetPattern = /\]\(((guide:[^)\s]*)|(#[^)\s]*))\)/g;

/** The last line (1-based) of the front matter, or 0 when the text has none (or it is not closed yet). */
export function frontMatterEnd(doc: { lines: number; line(n: number): { text: string } }): number {
  if (doc.lines < 2 || doc.line(1).text.trim() !== "---") return 0;
  for (let n = 2; n <= doc.lines; n++) if (doc.line(n).text.trim() === "---") return n;
  return 0;
}

function build(view: EditorView): DecorationSet {
  const builder = new RangeSetBuilder<Decoration>();
  const doc = view.state.doc;
  const fmEnd = frontMatterEnd(doc);
  // Fences are tracked from the top so that a `##` inside a code block is not taken for a step; guides are small.
  let inFence = false;
  for (let n = 1; n <= doc.lines; n++) {
    const line = doc.line(n);
    const text = line.text;
    if (n <= fmEnd) {
      builder.add(line.from, line.from, frontMatterLine);
      const key = /^(\s*)([A-Za-z][\w.-]*):/.exec(text);
      if (key && n !== 1 && n !== fmEnd) builder.add(line.from + (key[1]?.length ?? 0), line.from + (key[1]?.length ?? 0) + (key[2]?.length ?? 0), marks.key);
      continue;
    }
    if (fencePattern.test(text)) inFence = !inFence;
    if (inFence) continue;
    if (/^##\s/.test(text)) {
      builder.add(line.from, line.from, stepLine);
      const attrs = attrsPattern.exec(text);
      if (attrs) {
        const start = line.from + attrs.index;
        const id = /#[A-Za-z0-9_-]+/.exec(attrs[0].replace(/"[^"]*"|'[^']*'/g, (quoted) => " ".repeat(quoted.length)));
        if (id) {
          builder.add(start, start + id.index, marks.attrs);
          builder.add(start + id.index, start + id.index + id[0].length, marks.stepId);
          builder.add(start + id.index + id[0].length, line.to, marks.attrs);
        } else {
          builder.add(start, line.to, marks.attrs);
        }
      }
      continue;
    }
    const check = /^(\s*[-*+]\s+)(\[[ xX]\])/.exec(text);
    if (check) {
      builder.add(line.from, line.from, checkLine);
      const at = line.from + (check[1]?.length ?? 0);
      builder.add(at, at + 3, marks.checkBox);
      continue;
    }
    const alert = /^(>\s*)(\[![A-Za-z]+\])/.exec(text);
    if (alert) {
      builder.add(line.from, line.from, alertLine);
      const at = line.from + (alert[1]?.length ?? 0);
      builder.add(at, at + (alert[2]?.length ?? 0), marks.alertKind);
      continue;
    }
    const decision = decisionPattern.test(text);
    if (decision) builder.add(line.from, line.from, decisionLine);
    for (const link of text.matchAll(linkTargetPattern)) {
      const from = line.from + (link.index ?? 0) + 2;
      builder.add(from, from + (link[1]?.length ?? 0), link[2] ? marks.guideLink : marks.stepLink);
    }
  }
  return builder.finish();
}

/** Highlights the guide format. Rebuilt on every change: guides are a few hundred lines at most. */
export const guideHighlight = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = build(view);
    }
    update(update: ViewUpdate): void {
      if (update.docChanged) this.decorations = build(update.view);
    }
  },
  { decorations: (plugin) => plugin.decorations },
);
