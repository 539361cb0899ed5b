import { and, eq, type SQL, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { rowsOf } from "@/db/rows";
import {
  crossings,
  type EntityKind,
  occupancyAdjustments,
  occupancyLive,
  occupancyMinutes,
} from "@/db/schema";
import { markRollup } from "@/lib/rollups/marks";
import { minuteOf } from "@/lib/timeseries/minute";
import {
  type LedgerEvent,
  type ReplayResult,
  replayOccupancy,
} from "@/lib/timeseries/occupancy-replay";
import { notifyOccupancyChange } from "./changes";

export interface Entity {
  kind: EntityKind;
  id: string;
  facilityId: string;
}

/** Which crossings feed an entity: a camera's own lines; a zone's or the facility's boundary lines. */
function crossingsOf(entity: Entity): SQL {
  switch (entity.kind) {
    case "camera":
      return sql`${crossings.cameraId} = ${entity.id}`;
    case "zone":
      return sql`${crossings.zoneId} = ${entity.id}`;
    case "facility":
      return sql`${crossings.facilityId} = ${entity.id} and ${crossings.zoneId} is null`;
  }
}

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

type LedgerRow = { k: number; ts: number; v: number };

/** An entity's ledger from a minute on: what a replay from that minute needs. */
export interface LedgerTail {
  fromMinute: number;
  /** Occupancy at the start of `fromMinute`. */
  start: number;
  existingMinutes: number[];
  events: LedgerEvent[];
}

/**
 * Everything a replay from the minute `from` needs, in one round trip. With `eventsFrom`, only
 * ledger inputs at or after it are read: the caller holds the earlier ones.
 */
export async function readLedger(
  tx: Executor,
  entity: Entity,
  from: Date,
  eventsFrom: Date = from,
): Promise<LedgerTail> {
  const m = occupancyMinutes;
  const a = occupancyAdjustments;
  const isEntity = sql`${m.entityKind} = ${entity.kind} and ${m.entityId} = ${entity.id}`;
  const fromTs = from.toISOString();
  const eventsTs = eventsFrom.toISOString();
  const result = await tx.execute(sql`
    (select 0 as k, 0::float8 as ts, s.v, 0::bigint as id from (
      (select ${m.occEnd}::float8 as v, ${m.minute} + interval '1 minute' as at from ${m}
        where ${isEntity} and ${m.minute} < ${fromTs}::timestamptz order by ${m.minute} desc limit 1)
      union all
      -- Retention deleted the minutes before a checkpoint: its balance is where replay starts.
      (select ${a.value}::float8, ${a.ts} from ${a}
        where ${a.entityKind} = ${entity.kind} and ${a.entityId} = ${entity.id}
          and ${a.kind} = 'checkpoint' and ${a.ts} <= ${fromTs}::timestamptz
        order by ${a.ts} desc limit 1)
      ) s order by s.at desc limit 1)
    union all
    (select 1, extract(epoch from ${m.minute}) * 1000, 0, 0 from ${m}
      where ${isEntity} and ${m.minute} >= ${fromTs}::timestamptz)
    union all
    (select 2, extract(epoch from ${crossings.ts}) * 1000, ${crossings.delta}, ${crossings.id}
      from ${crossings} where ${crossingsOf(entity)} and ${crossings.ts} >= ${eventsTs}::timestamptz)
    union all
    (select 3, extract(epoch from ${a.ts}) * 1000, ${a.value}, ${a.id} from ${a}
      where ${a.entityKind} = ${entity.kind} and ${a.entityId} = ${entity.id}
        and ${a.kind} <> 'checkpoint' and ${a.ts} >= ${eventsTs}::timestamptz)
    order by k, ts, id`);
  let start = 0;
  const existingMinutes: number[] = [];
  const events: LedgerEvent[] = [];
  for (const row of rowsOf<LedgerRow>(result)) {
    const ts = Math.round(Number(row.ts));
    const v = Number(row.v);
    if (row.k === 0) start = v;
    else if (row.k === 1) existingMinutes.push(ts);
    // Crossings before adjustments: at the same instant the adjustment is the authority.
    else if (row.k === 2) events.push({ ts, kind: "crossing", delta: v > 0 ? 1 : -1 });
    else events.push({ ts, kind: "set", value: v });
  }
  return { fromMinute: from.getTime(), start, existingMinutes, events };
}

/**
 * Recomputes an entity's minute buckets and live balance from the ledger, forward from the minute
 * holding `fromMs` (the earliest input just added). Call with the entity locked, after the new
 * ledger rows are inserted (in the same transaction or committed).
 */
export async function replayEntity(
  tx: Executor,
  entity: Entity,
  fromMs: number,
  allowNegative: boolean,
): Promise<number> {
  const tail = await readLedger(tx, entity, new Date(minuteOf(fromMs)));
  return (await replayTail(tx, entity, tail, allowNegative)).end;
}

/** Replays a ledger tail and writes its buckets and the live balance. Entity locked. */
export async function replayTail(
  tx: Executor,
  entity: Entity,
  tail: LedgerTail,
  allowNegative: boolean,
): Promise<ReplayResult> {
  const replay = replayOccupancy({ ...tail, allowNegative });
  const { buckets, end } = replay;
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

  // The replay rewrote every bucket from the tail's first minute on, the newest included: `end`
  // is the ledger's balance after its newest input, whichever input arrived last.
  const isEntity = and(
    eq(occupancyLive.entityKind, entity.kind),
    eq(occupancyLive.entityId, entity.id),
  );
  const [before] = await tx
    .select({ occupancy: occupancyLive.occupancy })
    .from(occupancyLive)
    .where(isEntity);
  await tx
    .update(occupancyLive)
    .set({
      occupancy: end,
      version: sql`${occupancyLive.version} + 1`,
      updatedAt: new Date(),
    })
    .where(isEntity);
  const first = buckets[0];
  if (first) await markRollup(tx, entity, { from: first.minute });
  const previous = before?.occupancy ?? 0;
  if (previous !== end) {
    await notifyOccupancyChange(tx, { entity, previous, occupancy: end, at: Date.now() });
  }
  return replay;
}
