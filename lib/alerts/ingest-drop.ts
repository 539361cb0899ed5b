import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { alerts, cameraMinutes } from "@/db/schema";
import { iso } from "@/lib/iso";
import { MINUTE_MS } from "@/lib/timeseries/minute";
import { isWorkingAt } from "@/lib/working-hours/schedule";
import type { Place } from "./context";
import { activeStatuses, openAlert, resolveAlert } from "./store";

export const ingestDropKey = (facilityId: string) => `ingest_drop:${facilityId}`;

const RECENT_MINUTES = 15;
const BEFORE_MINUTES = 60;
/** The hour before must have carried at least this many frames to judge a drop against. */
const MIN_FRAMES_BEFORE = 60;

/**
 * Frames received by a facility's cameras in the last 15 complete minutes against the hour
 * before: a drop of `drop_percent` % or more during working hours opens an alert; a rate back
 * above half of the hour-before rate resolves it.
 */
export async function checkIngestDrop(db: Db, places: Place[], now = Date.now()): Promise<number> {
  const end = Math.floor(now / MINUTE_MS) * MINUTE_MS;
  const split = end - RECENT_MINUTES * MINUTE_MS;
  const start = split - BEFORE_MINUTES * MINUTE_MS;
  const c = cameraMinutes;
  const rows = rowsOf<{ facility_id: string; recent: number | string; before: number | string }>(
    await db.execute(sql`
      select ${c.facilityId} as facility_id,
        coalesce(sum(${c.frames}) filter (where ${c.minute} >= ${iso(new Date(split))}::timestamptz), 0) as recent,
        coalesce(sum(${c.frames}) filter (where ${c.minute} < ${iso(new Date(split))}::timestamptz), 0) as before
      from ${c}
      where ${c.minute} >= ${iso(new Date(start))}::timestamptz
        and ${c.minute} < ${iso(new Date(end))}::timestamptz
      group by ${c.facilityId}`),
  );
  const rates = new Map(
    rows.map((r) => [
      r.facility_id,
      { recent: Number(r.recent) / RECENT_MINUTES, before: Number(r.before) / BEFORE_MINUTES },
    ]),
  );
  const active = await db
    .select()
    .from(alerts)
    .where(and(eq(alerts.type, "ingest_drop"), inArray(alerts.status, [...activeStatuses])));
  const activeByFacility = new Map(active.map((a) => [a.facilityId, a]));
  const at = new Date(now);
  let changed = 0;

  for (const place of places) {
    if (place.kind !== "facility") continue;
    const rule = place.rules.ingest_drop;
    const rate = rates.get(place.id) ?? { recent: 0, before: 0 };
    const alert = activeByFacility.get(place.id);
    if (alert) {
      const baseline = Number(alert.evidence.baseline_frames_per_minute);
      if (!rule.enabled || rate.recent >= baseline / 2) {
        await db.transaction((tx) =>
          resolveAlert(
            tx,
            alert.id,
            "system",
            rule.enabled ? "Frames arrive at the usual rate again" : "The rule was turned off",
            at,
            { ...alert.evidence, recovered_frames_per_minute: round(rate.recent) },
          ),
        );
        changed++;
      }
      continue;
    }
    if (!rule.enabled || rate.before * BEFORE_MINUTES < MIN_FRAMES_BEFORE) continue;
    if (!isWorkingAt(place.schedule, place.facility.timezone, now)) continue;
    const dropped = 1 - rate.recent / rate.before;
    if (dropped * 100 < rule.drop_percent) continue;
    const opened = await db.transaction((tx) =>
      openAlert(
        tx,
        {
          facilityId: place.id,
          type: "ingest_drop",
          severity: rate.recent === 0 ? "critical" : "warning",
          conditionKey: ingestDropKey(place.id),
          message:
            `Frames from ${place.name}'s cameras fell ${Math.round(dropped * 100)}% ` +
            `(${round(rate.recent)}/min in the last ${RECENT_MINUTES} minutes against ${round(rate.before)}/min the hour before)`,
          evidence: {
            recent_frames_per_minute: round(rate.recent),
            baseline_frames_per_minute: round(rate.before),
            drop_percent: Math.round(dropped * 1000) / 10,
            window: { from: iso(new Date(start)), split: iso(new Date(split)), to: iso(at) },
            threshold_percent: rule.drop_percent,
          },
        },
        at,
      ),
    );
    if (opened) changed++;
  }
  return changed;
}

const round = (n: number) => Math.round(n * 10) / 10;
