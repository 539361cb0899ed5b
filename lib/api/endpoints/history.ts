import { endpoint } from "../endpoint";
import { Aggregate, AggregateResult } from "../schemas/aggregate";
import { IdParams } from "../schemas/common";
import { History, HistoryCsv, HistoryExportQuery, HistoryQuery } from "../schemas/history";

const entities = [
  ["camera", "cameras"],
  ["zone", "zones"],
  ["facility", "facilities"],
  ["line", "lines"],
] as const;
const units = [
  ["logs", "minute", "Per-minute log"],
  ["hourly", "hour", "Hourly history"],
  ["daily", "day", "Daily history"],
  ["monthly", "month", "Monthly history"],
] as const;

export type HistoryEntity = (typeof entities)[number][0];
export type HistoryUnit = (typeof units)[number][1];

function historyEndpoint(kind: HistoryEntity, collection: string, path: string, label: string) {
  return endpoint({
    method: "GET",
    path: `/api/occupancy/${collection}/{id}/${path}`,
    summary: `${label} of a ${kind}`,
    description:
      "Every bucket in the half-open range [from, to), in the facility's time zone (or tz), gaps " +
      "filled with zeros and coverage 0. Local buckets follow daylight-saving changes: a 25-hour " +
      "day has two 02:00 hours, told apart by their offsets. Computed from the minute buckets on " +
      "demand. Answers CSV with format=csv or Accept: text/csv." +
      (kind === "line" ? " Lines have entries and exits only." : ""),
    tag: "History",
    capability: "read",
    params: IdParams,
    query: HistoryQuery,
    response: History,
  });
}

/** `cameraHourly`, `zoneDaily`, …: one endpoint per entity and unit. */
export const historyEndpoints = Object.fromEntries(
  entities.flatMap(([kind, collection]) =>
    units.map(([path, , label]) => [
      `${kind}${path[0]!.toUpperCase()}${path.slice(1)}`,
      historyEndpoint(kind, collection, path, label),
    ]),
  ),
) as Record<
  `${HistoryEntity}${"Logs" | "Hourly" | "Daily" | "Monthly"}`,
  ReturnType<typeof historyEndpoint>
>;

export const rollupEndpoints = {
  exportFacilityHistory: endpoint({
    method: "GET",
    path: "/api/occupancy/facilities/{id}/export",
    summary: "Export a facility's history as CSV",
    description:
      "Every bucket of the range for the facility, its zones, cameras and lines (or one kind), " +
      "one CSV row per entity and bucket, in local time with a UTC offset column. Streamed: hours " +
      "for up to a year of hundreds of cameras. Default: today by hour.",
    tag: "History",
    capability: "read",
    params: IdParams,
    query: HistoryExportQuery,
    response: HistoryCsv,
    produces: "text/csv",
  }),
  aggregate: endpoint({
    method: "POST",
    path: "/api/occupancy/aggregate",
    summary: "Roll up now",
    description:
      "Brings every pending rollup up to date, then rolls the range up again: quarter hours from " +
      "the minute buckets still kept, local hours, days and months (in each facility's zone) from " +
      "those. A job does the same every few minutes and reports are exact without it; use this " +
      "after a bulk import or to check. At most 93 days per call. Safe to repeat.",
    tag: "History",
    capability: "configure",
    body: Aggregate,
    response: AggregateResult,
  }),
};
