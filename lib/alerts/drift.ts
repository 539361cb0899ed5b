import { and, desc, eq, gt, gte, inArray, lt, sum } from "drizzle-orm";
import type { Db } from "@/db/client";
import { alerts, occupancyAdjustments, occupancyMinutes } from "@/db/schema";
import { iso } from "@/lib/iso";
import { lastClosingAtOrBefore } from "@/lib/working-hours/schedule";
import type { Place } from "./context";
import { activeStatuses, findLatest, openAlert, resolveAlert } from "./store";

export const driftKey = (p: { kind: string; id: string }) => `drift:${p.kind}:${p.id}`;

/** How long after closing time the count must be back to zero. */
export const CLOSING_GRACE_MS = 30 * 60_000;
const DAY_MS = 86_400_000;

interface Check {
  kind: "closing" | "reset";
  at: number;
  residual: number;
}

/**
 * The count should come back to zero at the end of the day. Checks, per facility and zone with
 * counted occupancy: the residual 30 minutes after the end of working hours, the residual just
 * before the daily reset (what the reset threw away), and zero-clamps (more exits than entries
 * counted) in the last 24 hours. One drift alert per place; resolved when a later check is clean.
 */
export async function checkDrift(db: Db, places: Place[], now = Date.now()): Promise<number> {
  const active = await db
    .select()
    .from(alerts)
    .where(and(eq(alerts.type, "drift"), inArray(alerts.status, [...activeStatuses])));
  const activeByKey = new Map(active.map((a) => [a.conditionKey, a]));
  const at = new Date(now);
  let changed = 0;

  for (const place of places) {
    const key = driftKey(place);
    const alert = activeByKey.get(key);
    const rule = place.rules.drift;
    if (!rule.enabled) {
      if (alert) {
        await db.transaction((tx) =>
          resolveAlert(tx, alert.id, "system", "The rule was turned off", at),
        );
        changed++;
      }
      continue;
    }
    const isPlace = and(
      eq(occupancyMinutes.entityKind, place.kind),
      eq(occupancyMinutes.entityId, place.id),
    );
    const occupancyBefore = async (ms: number) => {
      const [row] = await db
        .select({ occEnd: occupancyMinutes.occEnd })
        .from(occupancyMinutes)
        .where(and(isPlace, lt(occupancyMinutes.minute, new Date(ms))))
        .orderBy(desc(occupancyMinutes.minute))
        .limit(1);
      return row?.occEnd ?? null;
    };

    const checks: Check[] = [];
    const closing = lastClosingAtOrBefore(
      place.schedule,
      place.facility.timezone,
      now - CLOSING_GRACE_MS,
    );
    if (closing !== null && now - closing < DAY_MS) {
      const residual = await occupancyBefore(closing + CLOSING_GRACE_MS);
      if (residual !== null)
        checks.push({ kind: "closing", at: closing + CLOSING_GRACE_MS, residual });
    }
    const [reset] = await db
      .select({ ts: occupancyAdjustments.ts })
      .from(occupancyAdjustments)
      .where(
        and(
          eq(occupancyAdjustments.entityKind, place.kind),
          eq(occupancyAdjustments.entityId, place.id),
          eq(occupancyAdjustments.kind, "reset"),
          gte(occupancyAdjustments.ts, new Date(now - DAY_MS)),
        ),
      )
      .orderBy(desc(occupancyAdjustments.ts))
      .limit(1);
    if (reset) {
      const residual = await occupancyBefore(reset.ts.getTime());
      if (residual !== null) checks.push({ kind: "reset", at: reset.ts.getTime(), residual });
    }
    const [clamped] = await db
      .select({ clamps: sum(occupancyMinutes.clamps).mapWith(Number) })
      .from(occupancyMinutes)
      .where(
        and(
          isPlace,
          gte(occupancyMinutes.minute, new Date(now - DAY_MS)),
          gt(occupancyMinutes.clamps, 0),
        ),
      );
    const clamps = clamped?.clamps ?? 0;
    const latest = checks.sort((a, b) => b.at - a.at)[0];
    const drifting = latest && latest.residual > rule.tolerance ? latest : null;

    if (alert) {
      const since = Date.parse(alert.openedAt.toISOString());
      const clean = latest && latest.at > since && latest.residual <= rule.tolerance;
      const newClamps = clamps > Number(alert.evidence.clamps_24h ?? 0);
      if (clean && !newClamps) {
        await db.transaction((tx) =>
          resolveAlert(
            tx,
            alert.id,
            "system",
            `The count came back to ${latest.residual} at ${iso(new Date(latest.at))}`,
            at,
          ),
        );
        changed++;
      }
      continue;
    }
    if (!drifting && clamps === 0) continue;
    // Once per check: an alert resolved by hand does not come back for the same evening.
    const checkId = drifting ? `${drifting.kind}:${drifting.at}` : `clamps:${clamps}`;
    const previous = await findLatest(db, key);
    if (previous && previous.evidence.check_id === checkId) continue;
    if (!drifting && previous && now - previous.openedAt.getTime() < DAY_MS) continue;
    const message = drifting
      ? `${place.name} still counted ${drifting.residual} ${drifting.kind === "closing" ? "30 minutes after closing" : "at the daily reset"} (tolerance ${rule.tolerance}): the count is drifting`
      : `${place.name}'s count was held at zero ${clamps} times in the last 24 hours (more exits than entries counted)`;
    const opened = await db.transaction((tx) =>
      openAlert(
        tx,
        {
          facilityId: place.facility.id,
          zoneId: place.zoneId,
          type: "drift",
          severity: "warning",
          conditionKey: key,
          message,
          evidence: {
            entity_kind: place.kind,
            entity_id: place.id,
            check_id: checkId,
            check: drifting
              ? { kind: drifting.kind, at: iso(new Date(drifting.at)), residual: drifting.residual }
              : null,
            tolerance: rule.tolerance,
            clamps_24h: clamps,
          },
        },
        at,
      ),
    );
    if (opened) changed++;
  }
  return changed;
}
