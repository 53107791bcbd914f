// A line-based three-way merge (diff3, by the node-diff3 library) for the merge view, and the conflict markers it
// writes into the merged text.
// Pure: no DOM. Lines are split on "\n" and joined with "\n", so a "\r" stays part of its line and CRLF texts keep
// their endings; a final newline is the empty last "line" and merges like any other.
import { diff3Merge } from "node-diff3";

/** Both sides changed the same lines differently. Lines are 1-based in the merged text, markers included. */
export interface MergeConflict {
  /** 1, 2, …: also written in the marker lines, so the view finds a conflict after other lines were edited. */
  number: number;
  startLine: number;
  endLine: number;
  base: string[];
  theirs: string[];
  yours: string[];
}

export interface MergeResult {
  /** The merged text; each conflict appears as a marker block holding both sides. */
  text: string;
  conflicts: MergeConflict[];
}

export interface MarkerLabels {
  theirs: string;
  yours: string;
}

const defaultLabels: MarkerLabels = { theirs: "hun tekst", yours: "uw tekst" };

// Git's marker shape, so the lines are recognisable; the conflict number ties a block to its row in the view.
export const startMarker = (number: number, label: string): string => `<<<<<<< conflict ${number}: ${label}`;
export const separatorMarker = "=======";
export const endMarker = (number: number, label: string): string => `>>>>>>> conflict ${number}: ${label}`;

/** node-diff3's result: runs both sides agree on (or only one changed), and conflicts with all three versions. */
type Diff3Block = { ok: string[] } | { conflict: { a: string[]; o: string[]; b: string[] } };

/** Merges two edits of base (diff3 by node-diff3, on lines): a change made on one side only is taken, the same change
 * on both sides is taken once, and different changes to the same (or adjacent) lines become a conflict. */
export function mergeThreeWay(base: string, theirs: string, yours: string, labels: MarkerLabels = defaultLabels): MergeResult {
  const blocks = diff3Merge(theirs.split("\n"), base.split("\n"), yours.split("\n"), { excludeFalseConflicts: true }) as Diff3Block[];
  const out: string[] = [];
  const conflicts: MergeConflict[] = [];
  for (const block of blocks) {
    if ("ok" in block) out.push(...block.ok);
    else conflict(out, conflicts, block.conflict.o, block.conflict.a, block.conflict.b, labels);
  }
  return { text: out.join("\n"), conflicts };
}

function conflict(out: string[], conflicts: MergeConflict[], base: string[], theirs: string[], yours: string[], labels: MarkerLabels): void {
  // Lines both sides start or end with alike stay outside the markers: the conflict shows only what differs.
  let head = 0;
  while (head < theirs.length && head < yours.length && theirs[head] === yours[head]) head++;
  let tail = 0;
  while (tail < theirs.length - head && tail < yours.length - head && theirs[theirs.length - 1 - tail] === yours[yours.length - 1 - tail]) tail++;
  out.push(...theirs.slice(0, head));
  const number = conflicts.length + 1;
  const theirPart = theirs.slice(head, theirs.length - tail);
  const yourPart = yours.slice(head, yours.length - tail);
  const startLine = out.length + 1;
  out.push(startMarker(number, labels.theirs), ...theirPart, separatorMarker, ...yourPart, endMarker(number, labels.yours));
  conflicts.push({ number, startLine, endLine: out.length, base, theirs: theirPart, yours: yourPart });
  out.push(...theirs.slice(theirs.length - tail));
}

// ---- conflict blocks in a text the expert may have edited -------------------------------------------------------

/** A marker block as it stands now in the merged text. Lines are 1-based. */
export interface ConflictBlock {
  number: number;
  startLine: number;
  separatorLine: number;
  endLine: number;
  theirs: string[];
  yours: string[];
}

const startPattern = /^<{7} conflict (\d+): /;
const endPattern = /^>{7} conflict (\d+): /;

/** The complete marker blocks left in the text, in order; a block whose markers were partly removed is not one. */
export function conflictBlocks(text: string): ConflictBlock[] {
  const lines = text.split("\n");
  const blocks: ConflictBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const number = startPattern.exec(lines[i] ?? "")?.[1];
    if (number === undefined) continue;
    let separator = -1;
    let end = -1;
    for (let j = i + 1; j < lines.length; j++) {
      const line = lines[j] ?? "";
      if (startPattern.test(line)) break;
      if (separator < 0 && line === separatorMarker) separator = j;
      else if (separator >= 0 && endPattern.exec(line)?.[1] === number) {
        end = j;
        break;
      }
    }
    if (separator < 0 || end < 0) continue;
    blocks.push({
      number: Number(number),
      startLine: i + 1,
      separatorLine: separator + 1,
      endLine: end + 1,
      theirs: lines.slice(i + 1, separator),
      yours: lines.slice(separator + 1, end),
    });
    i = end;
  }
  return blocks;
}

export type ConflictChoice = "theirs" | "yours" | "both";

/** The text with one conflict's block replaced by the chosen side(s); unchanged when the block is no longer there. */
export function resolveConflict(text: string, number: number, choice: ConflictChoice): string {
  const block = conflictBlocks(text).find((candidate) => candidate.number === number);
  if (!block) return text;
  const lines = text.split("\n");
  const chosen = choice === "theirs" ? block.theirs : choice === "yours" ? block.yours : [...block.theirs, ...block.yours];
  lines.splice(block.startLine - 1, block.endLine - block.startLine + 1, ...chosen);
  return lines.join("\n");
}

/** 1-based lines that are conflict markers: a text with any of them must not be saved. A "=======" line counts only
 * after a start marker, because in Markdown it may underline a heading. */
export function markerLines(text: string): number[] {
  const found: number[] = [];
  let open = false;
  text.split("\n").forEach((line, index) => {
    if (/^<{7}(\s|$)/.test(line)) {
      open = true;
      found.push(index + 1);
    } else if (/^>{7}(\s|$)/.test(line)) {
      open = false;
      found.push(index + 1);
    } else if (open && line === separatorMarker) {
      found.push(index + 1);
    }
  });
  return found;
}
