// The usage analytics' contract (src/Epss.Usage/Analytics, served by src/Epss.Server/Apis/AnalyticsEndpoints.cs) for
// the dashboard (/dashboard) and for a municipality's own BI tool. Analysts and administrators only (policy
// ReadAnalytics); the dashboard signs in with the cookie. JSON is camelCase; optional properties are left out when
// empty. Keep in step with the C# records.
//
// Every report takes the same filters as query parameters:
//   from, to   ISO dates (yyyy-MM-dd), both inclusive, as days in the server's analytics time zone (default
//              Europe/Amsterdam); default: the last 30 days up to today. At most 400 days. The report is answered
//              for whole weeks (Monday to Sunday) around them: `period` says which.
//   role       only events of this role (e.g. baliemedewerker)
//   app        only events from this application (e.g. burgerzaken)
//   guideId    only this guide (reports that are per guide anyway ignore it)
// and format=csv for the same table as CSV: UTF-8 with BOM, ';' between fields, decimal comma, a header row with
// Dutch column names, one file per table (?table=name when a report has several; see each report).
//
// Small groups are never shown: a cell that rests on fewer than `minimumGroupSize` distinct pseudonymous users
// (setting Epss:Analytics:MinimumGroupSize, default 5) is suppressed — its numbers are null and `suppressed` is true
// (CSV: empty cells and a column "Onderdrukt" = "ja"). Totals are suppressed by the same rule. Against subtracting
// two reports (issue 16), every figure also leaves out the parts — one week, role and application of a cell — made by
// fewer than that many users, so figures can be lower than what happened.
//
// Errors are RFC 7807 problem+json in Dutch (400 for a bad filter).

/** The period the figures are for: always whole weeks, whatever days were asked for. */
export interface Period {
  /** yyyy-MM-dd, inclusive: a Monday */
  from: string;
  /** yyyy-MM-dd, inclusive: a Sunday */
  to: string;
  timeZone: string;
  /** ISO 8601 week of `from`, e.g. "2026-W45" */
  firstWeek: string;
  /** ISO 8601 week of `to` */
  lastWeek: string;
}

export interface ReportBase {
  period: Period;
  minimumGroupSize: number;
  /** The filters that were applied (absent: not filtered). */
  role?: string;
  app?: string;
  guideId?: string;
  /** True with users=anonymous: the use of panels that did not sign in, never counted with signed-in officials'. */
  anonymous?: boolean;
}

/** GET /api/analytics/guides — use per guide (CSV: one table). Guides with no use in the period are listed with 0. */
export interface GuideUseReport extends ReportBase {
  guides: GuideUseRow[];
}
export interface GuideUseRow {
  guideId: string;
  /** From the library; the id when the guide no longer exists. */
  title: string;
  /** Runs started (guide-opened). */
  opened: number | null;
  /** Runs completed (guide-completed). */
  completed: number | null;
  /** Runs abandoned (guide-abandoned). */
  abandoned: number | null;
  /** completed / opened, 0..1; null when opened is 0 or suppressed. */
  completionRate: number | null;
  /** Median seconds from guide-opened to guide-completed over completed runs. */
  medianSecondsToComplete: number | null;
  /** Distinct pseudonymous users who opened it. */
  users: number | null;
  suppressed: boolean;
}

/** GET /api/analytics/use-over-time — per week, every week of the period (guideId filter optional: all guides
 * together without it). Not per day: a day's figures would be its week's minus the other days'. */
export interface UseOverTimeReport extends ReportBase {
  weeks: UseOverTimeRow[];
}
export interface UseOverTimeRow {
  /** ISO 8601 week, e.g. "2026-W45" */
  week: string;
  /** yyyy-MM-dd: its Monday */
  from: string;
  /** yyyy-MM-dd: its Sunday */
  to: string;
  opened: number | null;
  completed: number | null;
  users: number | null;
  suppressed: boolean;
}

/** GET /api/analytics/guides/{id}/funnel — how many runs reached each step, and where they left. */
export interface FunnelReport extends ReportBase {
  guideId: string;
  title: string;
  /** Runs started in the period. */
  runs: number | null;
  completed: number | null;
  suppressed: boolean;
  /** The guide's steps in their order in the current version; steps seen in events but no longer in the guide come last. */
  steps: FunnelStep[];
}
export interface FunnelStep {
  stepId: string;
  /** The step's title; the id when the step no longer exists. */
  title: string;
  /** 1-based position in the current guide; null when it no longer exists. */
  position: number | null;
  /** Runs that viewed this step. */
  reached: number | null;
  /** Runs whose last viewed step was this one and that did not complete: they left here. */
  leftHere: number | null;
  /** leftHere / reached, 0..1. */
  dropOffRate: number | null;
  suppressed: boolean;
}

/** GET /api/analytics/guides/{id}/decisions — the options taken at each decision. */
export interface DecisionReport extends ReportBase {
  guideId: string;
  title: string;
  decisions: DecisionRow[];
}
export interface DecisionRow {
  stepId: string;
  stepTitle: string;
  /** Where the option leads: a step of this guide, another guide, or both. */
  toStepId?: string;
  toGuideId?: string;
  /** The option's label from the current guide, when it still exists. */
  label?: string;
  count: number | null;
  /** count / all decisions taken at this step, 0..1. */
  share: number | null;
  suppressed: boolean;
}

/** GET /api/analytics/searches — searches that failed the official, grouped by normalised query
 * (lower case, accents kept, spaces collapsed, trimmed). CSV: ?table=no-hits | not-opened. */
export interface SearchReport extends ReportBase {
  /** Searches that found nothing. */
  noHits: SearchRow[];
  /** Searches that found something but no hit was opened. */
  notOpened: SearchRow[];
}
export interface SearchRow {
  /** Null when suppressed: a query typed by fewer than minimumGroupSize users is not shown at all (it may hold a name). */
  query: string | null;
  count: number | null;
  users: number | null;
  /** ISO date-time of the latest such search. */
  lastSeen: string | null;
  suppressed: boolean;
}

/** GET /api/analytics/flags — flags per guide and step, by status. */
export interface FlagReport extends ReportBase {
  flags: FlagRow[];
}
export interface FlagRow {
  guideId: string;
  title: string;
  /** Null: a flag about a search that found nothing, or about the guide as a whole. */
  stepId: string | null;
  stepTitle: string | null;
  open: number | null;
  answered: number | null;
  closed: number | null;
  suppressed: boolean;
}

/** GET /api/analytics/targets-missing — a step's field not found on the host page (the guide is going stale). */
export interface TargetMissingReport extends ReportBase {
  targets: TargetMissingRow[];
}
export interface TargetMissingRow {
  guideId: string;
  title: string;
  stepId: string;
  stepTitle: string;
  selector: string;
  /** missing, ambiguous or invalid: the most frequent one. */
  targetStatus: string;
  count: number | null;
  users: number | null;
  lastSeen: string | null;
  /** Host pages it happened on (query and fragment already removed), most frequent first, at most 5. */
  pages: string[];
  suppressed: boolean;
}

/** GET /api/analytics/health?notOpenedDays=30&dropOffThreshold=0.5 — guides that need an expert's attention.
 * CSV: ?table=outdated | not-opened | high-drop-off | open-flags. Outdated and not opened name guides, not people:
 * not suppressed (lastOpened is null under a role or application filter, where it would be one official's moment).
 * highDropOff lists only guides whose runs rest on enough users; openFlags is suppressed like the rest (open null). */
export interface HealthReport extends ReportBase {
  outdated: { guideId: string; title: string; owner: string | null; reviewBy: string }[];
  notOpened: { guideId: string; title: string; owner: string | null; lastOpened: string | null }[];
  highDropOff: { guideId: string; title: string; runs: number; completionRate: number }[];
  openFlags: { guideId: string; title: string; open: number | null; suppressed: boolean }[];
}

/** GET /api/analytics/xapi?from&to — the events of the period as xAPI 1.0.3 statements (application/json array,
 * at most 50,000; `X-Epss-More: true` when there are more: narrow the period). */
export type XapiStatements = unknown[];
