// The guidance hub's contract, as the server defines it (src/Epss.Server/Hubs and Apis). JSON is camelCase;
// optional properties are left out when empty. Keep in step with the C# records.

export const hubPath = "/hubs/guidance";

/** Hub methods the panel calls (connection.invoke(name, ...)). */
export const HubMethods = {
  search: "Search", // (query: string) => SearchResponse
  setContext: "SetContext", // (context: PageContextRequest) => ContextResponse
  openGuide: "OpenGuide", // (id: string) => GuideResponse; afterwards GuideUpdated/GuideRemoved for that guide
  closeGuide: "CloseGuide", // () => void
  recordEvent: "RecordEvent", // (event: UsageEventRequest) => UsageAck
  recordEvents: "RecordEvents", // (events: UsageEventRequest[]) => UsageAck[]  (at most 100)
  flagStep: "FlagStep", // (flag: FlagRequest) => FlagResponse
  reportMissing: "ReportMissing", // (report: MissingTopicRequest) => FlagResponse
  flagAnswers: "FlagAnswers", // (guideId: string) => FlagAnswerResponse[]  (this official's answered flags on it, not yet read)
  answerSeen: "AnswerSeen", // (flagId: string) => void  ("Gelezen": not offered again)
} as const;

/** Calls the server makes on the panel (connection.on(name, handler)). */
export const ClientMethods = {
  guideUpdated: "GuideUpdated", // (guide: GuideResponse)
  guideRemoved: "GuideRemoved", // (guideId: string)
} as const;

export interface CheckResponse {
  id: string;
  text: string;
}

/** Where a step leads: a step of this guide (stepId), another guide (guideId), or a step of another guide (both). */
export interface NextStepResponse {
  label: string;
  stepId?: string;
  guideId?: string;
}

/**
 * A regulation or instruction a guide or step rests on. `label` is how it is shown ("Paspoortwet art. 44"); `url`, when
 * present, is an http(s) address the server has checked; `checked` is the day (yyyy-mm-dd) an expert last read the guide
 * against it.
 */
export interface SourceResponse {
  id: string;
  title: string;
  article?: string;
  url?: string;
  checked: string | null;
  label: string;
}

export interface StepResponse {
  id: string;
  title: string;
  /** Safe HTML rendered by the server: the only HTML the panel may insert. */
  html: string;
  checks: CheckResponse[];
  /** CSS selector of the host application's element this step is about. */
  target: string | null;
  /** URL pattern (`*` wildcards) of the host page the step is done on, when the guide spans pages. */
  page?: string | null;
  next: NextStepResponse[];
  isDecision: boolean;
  isEnd: boolean;
  /** The guide's sources this step names for the rule it states (absent in a copy stored by an older panel). */
  sources?: SourceResponse[];
}

export interface GuideResponse {
  id: string;
  title: string;
  summary: string;
  version: string;
  reviewBy: string | null;
  outdated: boolean;
  owner: string | null;
  roles: string[];
  tags: string[];
  related: string[];
  /** Safe HTML rendered by the server. */
  introHtml: string;
  steps: StepResponse[];
  /** What the guide rests on (absent in a copy stored by an older panel). */
  sources?: SourceResponse[];
}

export interface SearchHitResponse {
  id: string;
  title: string;
  /** HTML-encoded text with the matched words in <mark>: safe to insert as HTML. */
  snippet: string;
  score: number;
  stepId?: string;
  stepTitle?: string;
}

export interface GuideBriefResponse {
  id: string;
  title: string;
  summary: string;
}

export interface SearchResponse {
  query: string;
  total: number;
  hits: SearchHitResponse[];
  /** When nothing was found: the guides closest to what was typed. */
  closest?: GuideBriefResponse[];
}

export interface SuggestionResponse {
  id: string;
  title: string;
  summary: string;
  /** Dutch, e.g. "past bij deze pagina". */
  reason: string;
}

export interface ContextResponse {
  suggestions: SuggestionResponse[];
}

export interface PageContextRequest {
  url?: string;
  title?: string;
  app?: string;
  role?: string;
}

export type UsageEventType =
  | "guide-opened"
  | "step-viewed"
  | "check-ticked"
  | "decision-taken"
  | "guide-completed"
  | "guide-abandoned"
  | "search"
  | "target-missing";

/** suggestion: offered for the page; search: a hit; link: a decision or link in another guide; resume: after a
 * reload; recent: from the recently opened guides; restart: "Opnieuw beginnen". */
export type OpenedVia = "suggestion" | "search" | "link" | "resume" | "recent" | "restart";

/** A usage event. id is a UUID made by the panel, so that sending it twice stores it once. */
export interface UsageEventRequest {
  id: string;
  type: UsageEventType;
  /** ISO 8601 with offset, when it happened (it may be sent later, after being offline). */
  occurredAt: string;
  /** One walk through a guide, from opening to completing or abandoning it (a UUID made by the panel). */
  runId?: string;
  guideId?: string;
  guideVersion?: string;
  stepId?: string;
  /** guide-opened: how the official got there. */
  via?: OpenedVia;
  /** check-ticked */
  checkId?: string;
  checked?: boolean;
  /** decision-taken: where the chosen option leads. */
  toStepId?: string;
  toGuideId?: string;
  /** search: what was typed, how many guides were found, which hit was opened (1-based rank), if any. */
  query?: string;
  hitCount?: number;
  openedGuideId?: string;
  openedRank?: number;
  /** target-missing: the step's selector, the host page (without query or fragment) and what the layer found. */
  selector?: string;
  pageUrl?: string;
  targetStatus?: "missing" | "ambiguous" | "invalid";
}

export interface UsageAck {
  id: string;
  status: "stored" | "duplicate";
}

export interface FlagRequest {
  /** A UUID made by the panel: a flag sent twice (after a lost answer) is stored once. */
  id?: string;
  guideId: string;
  stepId: string;
  text: string;
}

export interface MissingTopicRequest {
  id?: string;
  query: string;
  text: string;
}

export interface FlagResponse {
  id: string;
  guideId: string | null;
  stepId: string | null;
  guideVersion: string | null;
  query: string | null;
  text: string;
  createdAt: string;
  status: string;
}

/** An expert's answer to a flag this official raised on the guide (FlagAnswerResponse in GuidanceContracts.cs). */
export interface FlagAnswerResponse {
  flagId: string;
  stepId: string | null;
  /** The step's title as the guide has it now; null when the step is gone. */
  stepTitle: string | null;
  /** What the official wrote. */
  text: string;
  answer: string;
  answeredAt: string;
}

/** Limits the server enforces (a longer value is refused with a Dutch message). */
export const Limits = {
  queryLength: 200,
  flagTextLength: 1000,
  eventsPerBatch: 100,
} as const;
