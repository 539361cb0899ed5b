import { and, asc, eq, gte, isNull, lt, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import {
  crossings,
  type EntityKind,
  occupancyAdjustments,
  occupancyLive,
  occupancyMinutes,
} from "@/db/schema";
import { minuteOf } from "@/lib/timeseries/minute";
import { type LedgerEvent, replayOccupancy } from "@/lib/timeseries/occupancy-replay";

export interface Entity {
  kind: EntityKind;
  id: string;
  facilityId: string;
}

/** Which crossings feed an entity: a camera's own lines; a zone's or the facility's boundary lines. */
function crossingsOf(entity: Entity) {
  switch (entity.kind) {
    case "camera":
      return eq(crossings.cameraId, entity.id);
    case "zone":
      return eq(crossings.zoneId, entity.id);
    case "facility":
      return and(eq(crossings.facilityId, entity.id), isNull(crossings.zoneId));
  }
}

const minutesOf = (entity: Entity) =>
  and(eq(occupancyMinutes.entityKind, entity.kind), eq(occupancyMinutes.entityId, entity.id));

/**
 * Takes the entity's live row lock (creating the row on first use). Every writer of an entity's
 * buckets holds it, so two app instances never replay the same entity from stale reads. Callers
 * lock entities in a fixed order (camera, zones by id, facility) so they cannot deadlock.
 */
export async function lockEntity(tx: Executor, entity: Entity) {
  const [row] = await tx
    .insert(occupancyLive)
    .values({ entityKind: entity.kind, entityId: entity.id, facilityId: entity.facilityId })
    .onConflictDoUpdate({
      target: [occupancyLive.entityKind, occupancyLive.entityId],
      set: { facilityId: sql`excluded.facility_id` },
    })
    .returning();
  return row!;
}

/**
 * Recomputes an entity's minute buckets and live balance from the ledger, forward from the minute
 * holding `fromMs` (the earliest input just added). Call with the entity locked, after the new
 * ledger rows are inserted in the same transaction.
 */
export async function replayEntity(
  tx: Executor,
  entity: Entity,
  fromMs: number,
  allowNegative: boolean,
): Promise<number> {
  const fromMinute = minuteOf(fromMs);
  const from = new Date(fromMinute);

  const [previous] = await tx
    .select({ occEnd: occupancyMinutes.occEnd })
    .from(occupancyMinutes)
    .where(and(minutesOf(entity), lt(occupancyMinutes.minute, from)))
    .orderBy(sql`${occupancyMinutes.minute} desc`)
    .limit(1);
  const existing = await tx
    .select({ minute: occupancyMinutes.minute })
    .from(occupancyMinutes)
    .where(and(minutesOf(entity), gte(occupancyMinutes.minute, from)));
  const crossingRows = await tx
    .select({ ts: crossings.ts, delta: crossings.delta })
    .from(crossings)
    .where(and(crossingsOf(entity), gte(crossings.ts, from)))
    .orderBy(asc(crossings.ts), asc(crossings.id));
  const adjustmentRows = await tx
    .select({ ts: occupancyAdjustments.ts, value: occupancyAdjustments.value })
    .from(occupancyAdjustments)
    .where(
      and(
        eq(occupancyAdjustments.entityKind, entity.kind),
        eq(occupancyAdjustments.entityId, entity.id),
        gte(occupancyAdjustments.ts, from),
      ),
    )
    .orderBy(asc(occupancyAdjustments.ts), asc(occupancyAdjustments.id));

  // Crossings before adjustments: at the same instant the adjustment is the authority.
  const events: LedgerEvent[] = [
    ...crossingRows.map((c) => ({
      ts: c.ts.getTime(),
      kind: "crossing" as const,
      delta: c.delta > 0 ? (1 as const) : (-1 as const),
    })),
    ...adjustmentRows.map((a) => ({ ts: a.ts.getTime(), kind: "set" as const, value: a.value })),
  ];
  const { buckets, end } = replayOccupancy({
    start: previous?.occEnd ?? 0,
    fromMinute,
    events,
    existingMinutes: existing.map((e) => e.minute.getTime()),
    allowNegative,
  });

  if (buckets.length > 0) {
    await tx
      .insert(occupancyMinutes)
      .values(
        buckets.map((b) => ({
          entityKind: entity.kind,
          entityId: entity.id,
          facilityId: entity.facilityId,
          minute: new Date(b.minute),
          entries: b.entries,
          exits: b.exits,
          occStart: b.occStart,
          occEnd: b.occEnd,
          occMin: b.occMin,
          occMax: b.occMax,
          occMaxAtMs: b.occMaxAtMs,
          integral: b.integral,
          clamps: b.clamps,
          adjusted: b.adjusted,
        })),
      )
      .onConflictDoUpdate({
        target: [occupancyMinutes.entityKind, occupancyMinutes.entityId, occupancyMinutes.minute],
        set: {
          entries: sql`excluded.entries`,
          exits: sql`excluded.exits`,
          occStart: sql`excluded.occ_start`,
          occEnd: sql`excluded.occ_end`,
          occMin: sql`excluded.occ_min`,
          occMax: sql`excluded.occ_max`,
          occMaxAtMs: sql`excluded.occ_max_at_ms`,
          integral: sql`excluded.integral`,
          clamps: sql`excluded.clamps`,
          adjusted: sql`excluded.adjusted`,
        },
      });
  }

  // The replay rewrote every bucket from `fromMinute` on, the newest included: `end` is the
  // ledger's balance after its newest input, whichever input arrived last.
  const occupancy = end;
  const lastEvent = events.reduce((m, e) => Math.max(m, e.ts), 0);
  await tx
    .update(occupancyLive)
    .set({
      occupancy,
      asOf: sql`greatest(${occupancyLive.asOf}, ${new Date(lastEvent).toISOString()}::timestamptz)`,
      updatedAt: new Date(),
    })
    .where(and(eq(occupancyLive.entityKind, entity.kind), eq(occupancyLive.entityId, entity.id)));
  return occupancy;
}
