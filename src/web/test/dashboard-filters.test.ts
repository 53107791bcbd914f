import { describe, expect, it } from "vitest";
import { csvUrl, reportUrl, reports } from "../src/dashboard/api";
import { lastDays, parseState, stateToSearch, validateFilters } from "../src/dashboard/filters";
import { formatDuration, formatPercent } from "../src/dashboard/format";

const today = "2026-11-30";

describe("dashboard state in the URL", () => {
  it("falls back to the last 30 days and the overview for a hand-edited URL", () => {
    const state = parseState("?from=2026-02-30&to=gisteren&view=<script>&notOpenedDays=-3&dropOffThreshold=7", today);
    expect(state.filters).toEqual({ from: "2026-11-01", to: "2026-11-30", role: "", app: "", guideId: "" });
    expect(state.view).toBe("overzicht");
    expect(state.notOpenedDays).toBe(30);
    expect(state.dropOffThreshold).toBe(0.5);
  });

  it("round-trips every setting and leaves defaults out", () => {
    const search = "?from=2026-10-01&to=2026-10-31&role=baliemedewerker&app=burgerzaken&guideId=paspoort&view=meldingen&funnel=rijbewijs&notOpenedDays=60&dropOffThreshold=0.4";
    expect(stateToSearch(parseState(search, today))).toBe(search);
    expect(stateToSearch(parseState("?from=2026-10-01&to=2026-10-31&view=overzicht", today))).toBe("?from=2026-10-01&to=2026-10-31");
  });

  it("counts the quick periods inclusive of today", () => {
    expect(lastDays(7, today)).toEqual({ from: "2026-11-24", to: today });
    expect(lastDays(30, "2026-03-01")).toEqual({ from: "2026-01-31", to: "2026-03-01" });
  });

  it("refuses periods the server would refuse, in Dutch", () => {
    const base = { role: "", app: "", guideId: "" };
    expect(validateFilters({ ...base, from: "2026-01-01", to: "2026-12-31" })).toBeNull();
    expect(validateFilters({ ...base, from: "2025-01-01", to: "2026-12-31" })).toBe("Kies een periode van hoogstens 400 dagen.");
    expect(validateFilters({ ...base, from: "", to: "2026-12-31" })).toBe("Vul een geldige begin- en einddatum in.");
  });
});

describe("report addresses", () => {
  const filters = { from: "2026-11-01", to: "2026-11-30", role: "balie medewerker", app: "", guideId: "a&b" };

  it("encodes filter values and guide ids", () => {
    expect(reportUrl(reports.funnel("a/b"), filters)).toBe("/api/analytics/guides/a%2Fb/funnel?from=2026-11-01&to=2026-11-30&role=balie+medewerker&guideId=a%26b");
  });

  it("adds format=csv and the table after the report's own parameters", () => {
    expect(csvUrl(reports.health({ notOpenedDays: 14, dropOffThreshold: 0.25 }), filters, "not-opened")).toBe(
      "/api/analytics/health?from=2026-11-01&to=2026-11-30&role=balie+medewerker&guideId=a%26b&notOpenedDays=14&dropOffThreshold=0.25&format=csv&table=not-opened",
    );
  });
});

describe("formatting", () => {
  it("writes durations as mm:ss, past an hour too", () => {
    expect(formatDuration(0)).toBe("00:00");
    expect(formatDuration(205.4)).toBe("03:25");
    expect(formatDuration(3725)).toBe("62:05");
  });

  it("writes rates as Dutch percentages", () => {
    expect(formatPercent(0.4554)).toBe("45,5%");
    expect(formatPercent(1)).toBe("100%");
  });
});
