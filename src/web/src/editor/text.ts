// Pure helpers on the guide's Markdown text: lines, step headings, the insert helpers' snippets (in the syntax of
// content/README.md), a new guide's template, and a line diff for the merge view.

/** A `## ` heading: one step. */
export interface Heading {
  /** 1-based line. */
  line: number;
  title: string;
  id: string | null;
}

const headingPattern = /^##\s+(.*?)\s*(\{([^}]*)\})?\s*$/;
const fencePattern = /^\s*(```|~~~)/;

/** The step headings of the text, skipping front matter and fenced code (a `##` there is not a step). */
export function headings(text: string): Heading[] {
  const lines = text.split("\n");
  const found: Heading[] = [];
  let at = 0;
  if (lines[0]?.trim() === "---") {
    at = lines.findIndex((line, index) => index > 0 && line.trim() === "---") + 1;
    if (at === 0) return found; // unfinished front matter: nothing after it is a step yet
  }
  let inFence = false;
  for (; at < lines.length; at++) {
    const line = lines[at] ?? "";
    if (fencePattern.test(line)) inFence = !inFence;
    if (inFence) continue;
    const match = headingPattern.exec(line);
    if (!match) continue;
    const id = attributeIds(match[3] ?? "")[0] ?? null;
    found.push({ line: at + 1, title: (match[1] ?? "").trim(), id });
  }
  return found;
}

/** The `#id` tokens of an attribute block's content; quoted values (target="#x") are not ids. */
function attributeIds(attributes: string): string[] {
  const unquoted = attributes.replace(/"[^"]*"|'[^']*'/g, " ");
  return [...unquoted.matchAll(/(?:^|\s)#([A-Za-z0-9_-]+)/g)].map((match) => match[1] ?? "").filter((id) => id !== "");
}

/** Every id given in `{#id}` attributes: the ids a new step must not reuse. */
export function stepIds(text: string): Set<string> {
  const ids = new Set<string>();
  for (const match of text.matchAll(/\{([^}\n]*)\}/g)) for (const id of attributeIds(match[1] ?? "")) ids.add(id);
  return ids;
}

/** base, base-2, base-3, …: the first not in the text (nor in taken). */
export function freshStepId(text: string, base = "nieuwe-stap", taken: Iterable<string> = []): string {
  const ids = stepIds(text);
  for (const id of taken) ids.add(id);
  if (!ids.has(base)) return base;
  for (let n = 2; ; n++) if (!ids.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** The 1-based line of an offset in the text. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The offset where a 1-based line starts (the end of the text for a line past it). */
export function lineStart(text: string, line: number): number {
  let offset = 0;
  for (let current = 1; current < line; current++) {
    const next = text.indexOf("\n", offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return offset;
}

/** The step id of the heading at or above the line, when there is one. */
export function stepIdAtLine(text: string, line: number): string | null {
  let id: string | null = null;
  for (const heading of headings(text)) {
    if (heading.line > line) break;
    id = heading.id;
  }
  return id;
}

export type SnippetKind = "step" | "check" | "warning" | "decision";

export interface Insertion {
  /** Text to put at the cursor, already separated from what is around it by blank lines. */
  text: string;
  /** Where the cursor goes, relative to the start of the insertion: on the placeholder to overwrite. */
  select: [number, number];
  /** Steps to add at the end of the text (a decision's two new targets). */
  append?: string;
}

/** A snippet for the toolbar: each is a block of its own, so blank lines are added where the text has none. */
export function snippet(kind: SnippetKind, text: string, cursor: number): Insertion {
  let body: string;
  let placeholder: string;
  let append: string | undefined;
  switch (kind) {
    case "step": {
      const id = freshStepId(text);
      placeholder = "Nieuwe stap";
      body = `## ${placeholder} {#${id}}\n\nBeschrijf wat de medewerker doet.\n`;
      break;
    }
    case "check":
      placeholder = "Controlepunt";
      body = `- [ ] ${placeholder}\n`;
      break;
    case "warning":
      placeholder = "Beschrijf wat er mis kan gaan.";
      body = `> [!WARNING]\n> ${placeholder}\n`;
      break;
    case "decision": {
      // Every option needs an existing target: two new steps at the end (side steps finish the guide: .end).
      const yes = freshStepId(text, "ja");
      const no = freshStepId(text, "nee", [yes]);
      placeholder = "Welke vraag beantwoordt de medewerker?";
      body = `${placeholder}\n\n- [Ja](#${yes})\n- [Nee](#${no})\n`;
      append = `## Ja {#${yes} .end}\n\nBeschrijf wat de medewerker doet.\n\n## Nee {#${no} .end}\n\nBeschrijf wat de medewerker doet.\n`;
      break;
    }
  }
  const before = text.slice(0, cursor);
  const after = text.slice(cursor);
  const lead = before === "" || before.endsWith("\n\n") ? "" : before.endsWith("\n") ? "\n" : "\n\n";
  const trail = after === "" || after.startsWith("\n") ? "" : "\n";
  const start = lead.length + body.indexOf(placeholder);
  return { text: lead + body + trail, select: [start, start + placeholder.length], ...(append ? { append } : {}) };
}

/** Text to add after the existing text, as its own block. */
export function appendBlock(text: string, block: string): string {
  const separator = text === "" || text.endsWith("\n\n") ? "" : text.endsWith("\n") ? "\n" : "\n\n";
  return text + separator + block;
}

export const guideIdPattern = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** A new guide: front matter and one step (the linter warns about what is still to fill in). */
export function newGuideTemplate(id: string, today: Date): string {
  const reviewBy = new Date(Date.UTC(today.getUTCFullYear() + 1, today.getUTCMonth(), today.getUTCDate())).toISOString().slice(0, 10);
  return [
    "---",
    `id: ${id}`,
    "title: Nieuwe gids",
    "summary: Gebruik dit als …",
    "roles: [baliemedewerker]",
    "tags: []",
    "synonyms: []",
    "owner: ",
    `review-by: ${reviewBy}`,
    "related: []",
    "---",
    "",
    "## Eerste stap {#eerste-stap .end}",
    "",
    "Beschrijf wat de medewerker doet.",
    "",
  ].join("\n");
}

export interface LineChange {
  kind: "same" | "added" | "removed";
  line: string;
  oldNumber?: number;
  newNumber?: number;
}

/** A line diff (longest common subsequence), in the shape of the server's DiffLine. */
export function diffLines(oldText: string, newText: string): LineChange[] {
  const a = oldText.split("\n");
  const b = newText.split("\n");
  // Common head and tail first: most edits touch a few lines, so the table stays small.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const result: LineChange[] = [];
  for (let i = 0; i < head; i++) result.push({ kind: "same", line: a[i] ?? "", oldNumber: i + 1, newNumber: i + 1 });

  const n = midA.length;
  const m = midB.length;
  if (n * m > 4_000_000) {
    // Too big for the table: show it as replaced rather than freeze the page.
    midA.forEach((line, i) => result.push({ kind: "removed", line, oldNumber: head + i + 1 }));
    midB.forEach((line, j) => result.push({ kind: "added", line, newNumber: head + j + 1 }));
  } else {
    const table = new Uint32Array((n + 1) * (m + 1));
    const at = (i: number, j: number): number => table[i * (m + 1) + j] ?? 0;
    for (let i = n - 1; i >= 0; i--)
      for (let j = m - 1; j >= 0; j--)
        table[i * (m + 1) + j] = midA[i] === midB[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && midA[i] === midB[j]) {
        result.push({ kind: "same", line: midA[i] ?? "", oldNumber: head + i + 1, newNumber: head + j + 1 });
        i++;
        j++;
      } else if (i < n && (j >= m || at(i + 1, j) >= at(i, j + 1))) {
        result.push({ kind: "removed", line: midA[i] ?? "", oldNumber: head + i + 1 });
        i++;
      } else {
        result.push({ kind: "added", line: midB[j] ?? "", newNumber: head + j + 1 });
        j++;
      }
    }
  }
  for (let k = tail; k > 0; k--) {
    result.push({ kind: "same", line: a[a.length - k] ?? "", oldNumber: a.length - k + 1, newNumber: b.length - k + 1 });
  }
  return result;
}
