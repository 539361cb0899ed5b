import { and, eq, inArray } from "drizzle-orm";
import { DateTime } from "luxon";
import type { Db } from "@/db/client";
import { alerts, occupancyHourly, occupancyLive } from "@/db/schema";
import { iso } from "@/lib/iso";
import { isWorkingAt } from "@/lib/working-hours/schedule";
import { baselineOf, judgeOccupancy, unusualThreshold } from "./baseline";
import type { Place } from "./context";
import { activeStatuses, openAlert, resolveAlert } from "./store";

export const unusualKey = (p: { kind: string; id: string }) =>
  `unusual_occupancy:${p.kind}:${p.id}`;

const WEEKS = 8;

/** The same local hour of the same weekday, 1 to 8 weeks back (wall-clock, across DST). */
export function sameHourInPastWeeks(now: number, timeZone: string): number[] {
  const hour = DateTime.fromMillis(now, { zone: timeZone }).startOf("hour");
  return Array.from({ length: WEEKS }, (_, k) => hour.minus({ weeks: k + 1 }).toMillis());
}

/**
 * Live occupancy against the usual level of this local hour of the week (see ./baseline). Opens
 * only during working hours; resolves once back within half the threshold, or when no baseline
 * remains.
 */
export async function checkUnusualOccupancy(
  db: Db,
  places: Place[],
  now = Date.now(),
): Promise<number> {
  const active = await db
    .select()
    .from(alerts)
    .where(and(eq(alerts.type, "unusual_occupancy"), inArray(alerts.status, [...activeStatuses])));
  const activeByKey = new Map(active.map((a) => [a.conditionKey, a]));
  const at = new Date(now);
  let changed = 0;

  for (const place of places) {
    const key = unusualKey(place);
    const alert = activeByKey.get(key);
    const rule = place.rules.unusual_occupancy;
    const working = isWorkingAt(place.schedule, place.facility.timezone, now);
    if (!alert && (!rule.enabled || !working)) continue;

    const starts = sameHourInPastWeeks(now, place.facility.timezone);
    const rows = await db
      .select({
        start: occupancyHourly.start,
        coveredIntegral: occupancyHourly.coveredIntegral,
        coveredSeconds: occupancyHourly.coveredSeconds,
      })
      .from(occupancyHourly)
      .where(
        and(
          eq(occupancyHourly.entityKind, place.kind),
          eq(occupancyHourly.entityId, place.id),
          inArray(
            occupancyHourly.start,
            starts.map((s) => new Date(s)),
          ),
        ),
      );
    const samples = rows
      .filter((r) => r.coveredSeconds > 0)
      .map((r) => ({ week_start: iso(r.start), average: r.coveredIntegral / r.coveredSeconds }));
    const baseline = baselineOf(samples.map((s) => s.average));
    const [live] = await db
      .select({ occupancy: occupancyLive.occupancy })
      .from(occupancyLive)
      .where(and(eq(occupancyLive.entityKind, place.kind), eq(occupancyLive.entityId, place.id)));
    const occupancy = live?.occupancy ?? 0;
    const r = { sensitivity: rule.sensitivity, minDeviation: rule.min_deviation };

    if (alert) {
      const verdict = baseline ? judgeOccupancy(occupancy, baseline, r) : "usual";
      if (!rule.enabled || verdict === "usual") {
        await db.transaction((tx) =>
          resolveAlert(
            tx,
            alert.id,
            "system",
            baseline ? "Occupancy is back near its usual level" : "No baseline for this hour",
            at,
            { ...alert.evidence, resolved_occupancy: occupancy },
          ),
        );
        changed++;
      }
      continue;
    }
    if (!baseline || judgeOccupancy(occupancy, baseline, r) !== "unusual") continue;
    const usual = Math.round(baseline.median * 10) / 10;
    const opened = await db.transaction((tx) =>
      openAlert(
        tx,
        {
          facilityId: place.facility.id,
          zoneId: place.zoneId,
          type: "unusual_occupancy",
          severity: "warning",
          conditionKey: key,
          message: `${place.name} has ${occupancy} people; usually about ${usual} at this hour of the week`,
          evidence: {
            entity_kind: place.kind,
            entity_id: place.id,
            occupancy,
            median: usual,
            mad: Math.round(baseline.mad * 100) / 100,
            spread: Math.round(baseline.spread * 100) / 100,
            threshold: Math.round(unusualThreshold(baseline, r) * 100) / 100,
            samples,
            rule: "|occupancy − median| ≥ max(min_deviation, sensitivity × 1.4826 × MAD)",
          },
        },
        at,
      ),
    );
    if (opened) changed++;
  }
  return changed;
}
