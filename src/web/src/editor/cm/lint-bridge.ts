// The server's diagnostics (from the preview, or a refused save) as CodeMirror lint diagnostics at their line, with a
// fix where one is obvious: a link to a step id that is not there, when one id in the text is close to it.
import type { Text } from "@codemirror/state";
import type { Action, Diagnostic } from "@codemirror/lint";
import type { ContentProblemResponse } from "../../shared/editor-contract";
import { headings } from "../text";

/** Edit distance with swapped neighbours as one edit (optimal string alignment): "bpr" is one typo from "brp". */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number): number => d[i]?.[j] ?? 0;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}

/** The one id closest to a mistyped one, when it is close enough to be obvious (a typo, not another step). */
export function nearestId(wrong: string, ids: readonly string[]): string | null {
  const limit = Math.max(1, Math.floor(wrong.length / 3));
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  let tie = false;
  for (const id of ids) {
    const distance = editDistance(wrong, id);
    if (distance < bestDistance) {
      best = id;
      bestDistance = distance;
      tie = false;
    } else if (distance === bestDistance) {
      tie = true;
    }
  }
  return best !== null && bestDistance <= limit && !tie ? best : null;
}

/** The server's problems as lint diagnostics: from the column to the end of its line (the whole line when the column
 * is past it), so the mark is visible; problems past the end of the text go to its last line. */
export function toLintDiagnostics(doc: Text, problems: readonly ContentProblemResponse[]): Diagnostic[] {
  const ids = headings(doc.toString()).flatMap((heading) => (heading.id === null ? [] : [heading.id]));
  return problems.map((problem) => {
    const line = doc.line(Math.min(Math.max(1, problem.line), doc.lines));
    let from = Math.min(line.from + Math.max(0, problem.column - 1), line.to);
    if (from === line.to) from = line.from;
    const diagnostic: Diagnostic = {
      from,
      to: line.to,
      severity: problem.level === "error" ? "error" : "warning",
      source: problem.code,
      message: problem.message,
    };
    const fix = stepIdFix(problem, ids);
    return fix ? { ...diagnostic, actions: [fix] } : diagnostic;
  });
}

function stepIdFix(problem: ContentProblemResponse, ids: readonly string[]): Action | null {
  if (problem.code !== "link-step-unknown") return null;
  const wrong = /'#([^']+)'/.exec(problem.message)?.[1];
  if (!wrong) return null;
  const near = nearestId(wrong, ids);
  if (!near) return null;
  return {
    name: `Bedoel je #${near}?`,
    apply: (view, from, to) => {
      // The diagnostic's range as it stands now (mapped through later typing); the link may have been fixed already.
      const line = view.state.doc.lineAt(from);
      const at = line.text.indexOf(`](#${wrong})`);
      if (at < 0 || to < line.from) return;
      const start = line.from + at + 3;
      view.dispatch({ changes: { from: start, to: start + wrong.length, insert: near }, userEvent: "input.fix" });
    },
  };
}
