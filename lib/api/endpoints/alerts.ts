import { endpoint } from "../endpoint";
import {
  Alert,
  AlertNote,
  AlertRules,
  ListAlertsQuery,
  UpdateFacilityAlertRules,
  UpdateZoneAlertRules,
} from "../schemas/alert";
import { IdParams, listOf } from "../schemas/common";
import { UpdateWorkingHours, WorkingHours } from "../schemas/working-hours";

const base = "/api/occupancy";

const rulesText =
  "Capacity (per facility and zone): a level is reached when occupancy is at or above its " +
  "percentage of the capacity and left only when it falls below (level − clear gap)%. One alert " +
  "per place: opened at warning (or straight at critical), escalated in place to critical, " +
  "never de-escalated (an escalation makes an acknowledged alert open again), resolved by the " +
  "system when occupancy falls below the warning's clear level. The facility's warning_threshold is the default warning_percent. " +
  "min_duration_seconds: a level must hold that long before it fires. cooldown_seconds: after " +
  "an alert resolves, no new one for the same place that long (if the level still holds then, " +
  "it fires). Each level change is also sent as an occupancy.threshold webhook event. " +
  "camera_offline (warning): a camera that has reported before and has sent nothing for " +
  "`minutes` of the facility's working hours (any hour without a schedule), now being within " +
  "them; resolved when it reports again. " +
  "unusual_occupancy (warning): the usual level for this local hour of the week is the median " +
  "m of the hour's time-weighted average occupancy in each of the last 8 weeks (at least 4 " +
  "weeks with data), its spread s = 1.4826 × the median absolute deviation; the live occupancy " +
  "is unusual, during working hours, when |occupancy − m| ≥ max(min_deviation, sensitivity × s), " +
  "and usual again below half of that. " +
  "drift (warning): the count still above `tolerance` 30 minutes after the end of working hours " +
  "or just before the daily reset, or held at zero (more exits than entries counted) in the " +
  "last 24 hours; resolved when a later end-of-day check is clean. " +
  "ingest_drop: frames from the facility's cameras in the last 15 complete minutes are " +
  "`drop_percent` % or more below the rate of the hour before (which had at least 60 frames), " +
  "during working hours (critical when nothing arrives at all); resolved when the rate is back " +
  "above half of that hour's. Every alert carries its evidence.";

function rulesEndpoints(kind: "facility" | "zone", collection: string) {
  return {
    get: endpoint({
      method: "GET",
      path: `${base}/${collection}/{id}/alert-rules`,
      summary: `A ${kind}'s alert rules in force`,
      description: rulesText,
      tag: "Alerts",
      capability: "read",
      params: IdParams,
      response: AlertRules,
    }),
    put: endpoint({
      method: "PUT",
      path: `${base}/${collection}/{id}/alert-rules`,
      summary: `Change a ${kind}'s alert rules (the fields given)`,
      description:
        kind === "zone"
          ? "What a zone does not set comes from its facility's rules."
          : "Zones without their own settings follow these.",
      tag: "Alerts",
      capability: "configure",
      params: IdParams,
      body: kind === "facility" ? UpdateFacilityAlertRules : UpdateZoneAlertRules,
      response: AlertRules,
    }),
  };
}

const facilityRules = rulesEndpoints("facility", "facilities");
const zoneRules = rulesEndpoints("zone", "zones");

export const alertEndpoints = {
  listAlerts: endpoint({
    method: "GET",
    path: `${base}/alerts`,
    summary: "List alerts, newest first",
    description:
      "Alerts of the facilities the caller may see. status: active (default: open or " +
      "acknowledged), resolved or all; from/to filter on when the alert opened (half-open). " +
      `Types: capacity, camera_offline, unusual_occupancy, drift, ingest_drop. ${rulesText}`,
    tag: "Alerts",
    capability: "read",
    query: ListAlertsQuery,
    response: listOf(Alert),
  }),
  acknowledgeAlert: endpoint({
    method: "PUT",
    path: `${base}/alerts/{id}/acknowledge`,
    summary: "Acknowledge an open alert",
    description:
      "Records who saw it, when, and an optional note. It stays active until its condition ends " +
      "or someone resolves it. 409 unless the alert is open.",
    tag: "Alerts",
    capability: "configure",
    params: IdParams,
    body: AlertNote,
    response: Alert,
    errors: [409],
  }),
  resolveAlert: endpoint({
    method: "PUT",
    path: `${base}/alerts/{id}/resolve`,
    summary: "Resolve an alert",
    description:
      "Records who resolved it, when, and an optional note. If its condition still holds, a new " +
      "alert may open after the rule's cooldown. 409 if already resolved.",
    tag: "Alerts",
    capability: "configure",
    params: IdParams,
    body: AlertNote,
    response: Alert,
    errors: [409],
  }),
  getFacilityAlertRules: facilityRules.get,
  updateFacilityAlertRules: facilityRules.put,
  getZoneAlertRules: zoneRules.get,
  updateZoneAlertRules: zoneRules.put,
  getWorkingHours: endpoint({
    method: "GET",
    path: `${base}/facilities/{id}/working-hours`,
    summary: "A facility's working hours",
    description:
      "Local wall-clock intervals per weekday and closed dates, in the facility's time zone. " +
      "Without a schedule every hour counts as working (always_open). Alerts about silent " +
      "cameras, unusual occupancy and ingest rates apply during working hours only.",
    tag: "Alerts",
    capability: "read",
    params: IdParams,
    response: WorkingHours,
  }),
  putWorkingHours: endpoint({
    method: "PUT",
    path: `${base}/facilities/{id}/working-hours`,
    summary: "Set a facility's working hours (replaces them)",
    description:
      "A weekday left out is closed. Overlapping intervals are merged; a shift past midnight is " +
      "two intervals (22:00–24:00 and 00:00–06:00 the next day).",
    tag: "Alerts",
    capability: "configure",
    params: IdParams,
    body: UpdateWorkingHours,
    response: WorkingHours,
  }),
};
