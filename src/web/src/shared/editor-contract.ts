// The editor's contract with the server (src/Epss.Server/Authoring, Apis/FlagEndpoints.cs). Everything here is for
// experts only (policy EditGuides); the editor page signs in with the cookie (/signin?returnUrl=/editor).
// JSON is camelCase; properties marked optional are left out when empty. Keep in step with the C# records.
//
// Review flow: the content folder holds the PUBLISHED guides (what officials see). A save in the editor does not touch
// the file: it adds a version to the guide's open CHANGE (one per guide, shared by all experts), status "draft".
// Someone sends the change for review ("in-review"); another expert publishes it (written to the file, pushed to every
// open panel) or sends it back with a note ("sent-back", editable again). The publisher may be neither the one who
// sent it for review nor the author of its newest version. Any save to a change in review puts it back to "draft".
//
// Errors are RFC 7807 problem+json: { title, detail, status, ...extensions } in Dutch, ready to show.

import type { GuideResponse } from "./contract";

export const editorHubPath = "/hubs/editor";

/** Status of a guide in the editor's list, and of an open change. */
export type GuideStatus = "published" | "draft" | "in-review" | "sent-back";

/** GET /api/editor/guides: every guide the editor knows (served, with errors in the folder, or only an open change). */
export interface EditorGuideSummary {
  id: string;
  /** From the published text, else from the open change's text, else the id. */
  title: string;
  /** Path relative to the content folder, e.g. "identiteit/vaststellen.md". */
  file: string;
  status: GuideStatus;
  /** The file's version; null for a new guide that exists only as a change. */
  publishedVersion: string | null;
  /** The newest saved version: the open change's head, else the published version. */
  headVersion: string | null;
  owner: string | null;
  /** ISO date (yyyy-MM-dd). */
  reviewBy: string | null;
  /** Past its review-by date. */
  outdated: boolean;
  openFlags: number;
  /** The file in the folder has errors (officials keep seeing the last good version). */
  hasErrors: boolean;
  /** Experts who saved versions in the open change. */
  changeAuthors: string[];
  /** The signed-in expert has an unsaved draft (autosave) of this guide. */
  myDraft: boolean;
}

/** GET /api/guides/{id}/editor: what the editor needs to open a guide. 404 when the guide is unknown. */
export interface EditorGuideResponse {
  id: string;
  file: string;
  publishedVersion: string | null;
  /** The text to edit: the open change's newest version, else the published text. */
  headVersion: string | null;
  text: string;
  change: ChangeResponse | null;
  /** The signed-in expert's unsaved draft of this guide, if any (offer to continue with it). */
  draft: DraftResponse | null;
}

/** A diagnostic of the linter; line and column are 1-based. */
export interface ContentProblemResponse {
  file: string;
  line: number;
  column: number;
  level: "error" | "warning";
  code: string;
  message: string;
}

/** POST /api/guides/{id}/preview {text}: the text parsed and rendered as the panel would show it, with the diagnostics.
 * guide is null when the text has errors that leave no guide to show. Nothing is stored. */
export interface PreviewRequest {
  text: string;
}
export interface PreviewResponse {
  guide: GuideResponse | null;
  diagnostics: ContentProblemResponse[];
}

/** PUT /api/guides/{id}/source. baseVersion is the headVersion the expert started from (null for a new guide).
 * mergedWith: after a publish conflict (the published text changed outside the editor while the change was open),
 * the published version the expert merged in. 200 SavedResponse; 409 ConflictProblem; 422 InvalidProblem.
 * A successful save deletes the expert's unsaved draft of the guide. */
export interface SaveSourceRequest {
  text: string;
  baseVersion: string | null;
  note?: string;
  mergedWith?: string;
}
export interface SavedResponse {
  version: string;
  status: GuideStatus;
}

/** 409 on save, restore or publish. theirs: the newest text on the server; yours: the text that was sent. */
export interface ConflictProblem {
  title: string;
  detail: string;
  status: 409;
  theirs: { version?: string; text: string | null };
  yours: { text: string };
  /** Publish conflicts only: the published version to pass as mergedWith when saving the merged text. */
  publishedVersion?: string;
}

/** 422 on save or publish. */
export interface InvalidProblem {
  title: string;
  detail: string;
  status: 422;
  diagnostics: ContentProblemResponse[];
}

/** GET/PUT/DELETE /api/guides/{id}/draft: the signed-in expert's unsaved text (autosave), one per expert and guide.
 * PUT {text, baseVersion} → 204; GET → 200 DraftResponse or 404; DELETE → 204. At most 1 MB of text. */
export interface DraftRequest {
  text: string;
  baseVersion: string | null;
}
export interface DraftResponse {
  text: string;
  baseVersion: string | null;
  updatedAt: string;
}

export interface ReviewCommentResponse {
  id: number;
  /** The version the comment is about, and its 1-based line. */
  version: string;
  line: number;
  text: string;
  author: string;
  createdAt: string;
}

/** GET /api/guides/{id}/review: the open change (404 when there is none). */
export interface ChangeResponse {
  id: number;
  guideId: string;
  status: Exclude<GuideStatus, "published">;
  /** The published version the change started from (null: a new guide). */
  baseVersion: string | null;
  headVersion: string;
  /** Author of the head version. */
  headAuthor: string;
  authors: string[];
  createdAt: string;
  updatedAt: string;
  submittedBy?: string;
  submittedAt?: string;
  submitNote?: string;
  sentBackBy?: string;
  sentBackAt?: string;
  sentBackNote?: string;
  /** The published file changed since the change started (outside the editor): publishing would overwrite it, so
   * the change must first be merged with the published text (save with mergedWith). */
  publishedChangedSince: boolean;
  comments: ReviewCommentResponse[];
}

/** POST /api/guides/{id}/review/submit {version, note} → ChangeResponse (409 when version is not the head). */
export interface SubmitRequest {
  version: string;
  note?: string;
}
/** POST /api/guides/{id}/review/comments {version, line, text} → ReviewCommentResponse. */
export interface CommentRequest {
  version: string;
  line: number;
  text: string;
}
/** POST /api/guides/{id}/review/send-back {version, note} → ChangeResponse (403 for the one who sent it for review). */
export interface SendBackRequest {
  version: string;
  note: string;
}
/** POST /api/guides/{id}/review/publish {version} → SavedResponse (status "published").
 * 403: you sent it for review or wrote its newest version. 409: not in review / not the head (ConflictProblem without
 * publishedVersion) or the published text changed meanwhile (ConflictProblem with publishedVersion). 422: errors. */
export interface PublishRequest {
  version: string;
}
/** POST /api/guides/{id}/review/withdraw {note} → 204: the open change is dropped (its versions stay in history). */
export interface WithdrawRequest {
  note?: string;
}

/** GET /api/guides/{id}/history: newest first. */
export interface HistoryEntryResponse {
  version: string;
  author: string;
  createdAt: string;
  note: string;
  /** editor, watcher (changed outside the editor) or restore. */
  source: "editor" | "watcher" | "restore";
  /** Whether this version was ever published, and the latest time it was. */
  publishedAt?: string;
  publishedBy?: string;
  /** Whether it is the version officials see now. */
  current: boolean;
}
/** GET /api/guides/{id}/history/{version}: one version with its text. */
export interface VersionResponse extends Omit<HistoryEntryResponse, "current"> {
  text: string;
}
/** GET /api/guides/{id}/diff?from=&to=: a line diff. kind: "same" | "added" | "removed"; line numbers 1-based. */
export interface DiffLine {
  kind: "same" | "added" | "removed";
  line: string;
  oldNumber?: number;
  newNumber?: number;
}
/** POST /api/guides/{id}/restore {version, baseVersion, note}: the old text saved as a new version of the open change
 * (a draft to review, like any save) → SavedResponse; 409/422 as a save. */
export interface RestoreRequest {
  version: string;
  baseVersion: string | null;
  note?: string;
}

/** GET /api/flags?guideId=&stepId=&status=open|answered|closed&limit= → FlagDetailResponse[] newest first.
 * POST /api/flags/{id}/answer {text, fixedInVersion?} → FlagDetailResponse (closes it; 409 when answered before).
 * POST /api/flags/{id}/close → FlagDetailResponse. Who raised a flag is never shown. */
export interface FlagDetailResponse {
  id: string;
  guideId: string | null;
  stepId: string | null;
  /** The guide version the official saw. */
  guideVersion: string | null;
  /** A "nothing found" report: what was searched. */
  query: string | null;
  text: string;
  createdAt: string;
  status: "open" | "answered" | "closed";
  answer?: string;
  answeredBy?: string;
  answeredAt?: string;
  fixedInVersion?: string;
}
export interface FlagAnswerRequest {
  text: string;
  fixedInVersion?: string;
}

/** The editor hub (/hubs/editor, experts only; cookie). */
export const EditorHubMethods = {
  /** (guideId) => string[]: start being shown as present on the guide; returns the experts present (you included). */
  watch: "Watch",
  /** (guideId) => void */
  leave: "Leave",
} as const;

export const EditorClientMethods = {
  /** (guideId: string, experts: string[]): who has the guide open now (user names, each once). */
  presence: "Presence",
  /** (event: GuideChangedEvent): something happened to a guide's change; reload what you show of it. */
  guideChanged: "GuideChanged",
} as const;

export interface GuideChangedEvent {
  guideId: string;
  what: "saved" | "submitted" | "commented" | "sent-back" | "published" | "withdrawn";
  /** The change's head (or the published version after publishing). */
  version: string | null;
  by: string;
}
