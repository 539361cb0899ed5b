import { and, desc, eq, gte, lt, type SQL, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import {
  occupancyDaily,
  occupancyHourly,
  occupancyMonthly,
  occupancyQuarters,
  type RollupKind,
} from "@/db/schema";
import type { RollupBucket } from "@/lib/timeseries/rollup";

export type Level = "quarter" | "hour" | "day" | "month";

export interface RollupEntity {
  kind: RollupKind;
  id: string;
  facilityId: string;
}

export const LEVEL_TABLES = {
  quarter: occupancyQuarters,
  hour: occupancyHourly,
  day: occupancyDaily,
  month: occupancyMonthly,
} as const;

type Row = typeof occupancyQuarters.$inferSelect;

export function bucketOfRow(r: Row): RollupBucket {
  const start = r.start.getTime();
  const end = r.end.getTime();
  return {
    start,
    end,
    entries: r.entries,
    exits: r.exits,
    net: r.entries - r.exits,
    occupancyStart: r.occStart,
    occupancyEnd: r.occEnd,
    occupancyMin: r.occMin,
    occupancyMinAt: r.occMinAt.getTime(),
    occupancyMax: r.occMax,
    occupancyMaxAt: r.occMaxAt.getTime(),
    occupancyAvg: r.coveredSeconds > 0 ? r.coveredIntegral / r.coveredSeconds : null,
    integral: r.integral,
    coveredIntegral: r.coveredIntegral,
    coveredSeconds: r.coveredSeconds,
    durationSeconds: (end - start) / 1000,
    minutesAtOrOverCapacity: r.minutesOverCapacity,
    clamps: r.clamps,
    adjusted: r.adjusted,
    hasData: r.hasData,
  };
}

/** A row under the table's own column names, for json_populate_recordset. */
export function columnsOfBucket(entity: RollupEntity, b: RollupBucket) {
  return {
    entity_kind: entity.kind,
    entity_id: entity.id,
    facility_id: entity.facilityId,
    start: new Date(b.start).toISOString(),
    end: new Date(b.end).toISOString(),
    entries: b.entries,
    exits: b.exits,
    occ_start: b.occupancyStart,
    occ_end: b.occupancyEnd,
    occ_min: b.occupancyMin,
    occ_min_at: new Date(b.occupancyMinAt).toISOString(),
    occ_max: b.occupancyMax,
    occ_max_at: new Date(b.occupancyMaxAt).toISOString(),
    integral: b.integral,
    covered_integral: b.coveredIntegral,
    covered_seconds: b.coveredSeconds,
    minutes_over_capacity: b.minutesAtOrOverCapacity,
    clamps: b.clamps,
    adjusted: b.adjusted,
    has_data: b.hasData,
  };
}

function ofEntity(level: Level, entity: RollupEntity): SQL {
  const t = LEVEL_TABLES[level];
  return and(eq(t.entityKind, entity.kind), eq(t.entityId, entity.id))!;
}

/** Stored buckets starting in [fromMs, toMs), in time order. */
export async function readBuckets(
  tx: Executor,
  level: Level,
  entity: RollupEntity,
  fromMs: number,
  toMs = Number.POSITIVE_INFINITY,
): Promise<RollupBucket[]> {
  const t = LEVEL_TABLES[level];
  const rows = await tx
    .select()
    .from(t)
    .where(
      and(
        ofEntity(level, entity),
        gte(t.start, new Date(fromMs)),
        Number.isFinite(toMs) ? lt(t.start, new Date(toMs)) : undefined,
      ),
    )
    .orderBy(t.start);
  return rows.map(bucketOfRow);
}

/** The occupancy at `atMs`: the end of the last stored bucket before it (a missing row holds it). */
export async function occupancyAt(
  tx: Executor,
  level: Level,
  entity: RollupEntity,
  atMs: number,
): Promise<number> {
  const t = LEVEL_TABLES[level];
  const [row] = await tx
    .select({ occEnd: t.occEnd })
    .from(t)
    .where(and(ofEntity(level, entity), lt(t.start, new Date(atMs))))
    .orderBy(desc(t.start))
    .limit(1);
  return row?.occEnd ?? 0;
}

/** A bucket worth a row: something was counted or reported in it. */
export const worthKeeping = (b: RollupBucket) => b.hasData || b.coveredSeconds > 0;

const CHUNK = 1_000;

/**
 * Replaces the entity's stored buckets from `fromMs` on (up to `toMs`) with `buckets`, keeping
 * only those worth a row. Returns how many rows it wrote.
 */
export async function replaceBuckets(
  tx: Executor,
  level: Level,
  entity: RollupEntity,
  fromMs: number,
  buckets: readonly RollupBucket[],
  toMs = Number.POSITIVE_INFINITY,
): Promise<number> {
  const t = LEVEL_TABLES[level];
  await tx
    .delete(t)
    .where(
      and(
        ofEntity(level, entity),
        gte(t.start, new Date(fromMs)),
        Number.isFinite(toMs) ? lt(t.start, new Date(toMs)) : undefined,
      ),
    );
  // One JSON parameter, not 20 a row: building and preparing a 2,000-parameter insert took most of
  // the rollup job's time (bench:history).
  const rows = buckets.filter(worthKeeping).map((b) => columnsOfBucket(entity, b));
  for (let i = 0; i < rows.length; i += CHUNK) {
    const json = JSON.stringify(rows.slice(i, i + CHUNK));
    await tx.execute(sql`
      insert into ${t} select * from json_populate_recordset(null::${t}, ${json}::json)`);
  }
  return rows.length;
}
