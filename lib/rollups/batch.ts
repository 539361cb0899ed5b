import { type SQL, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { bucketBoundaries } from "@/lib/timeseries/local-buckets";
import { MINUTE_MS } from "@/lib/timeseries/minute";
import type { MinuteBucket } from "@/lib/timeseries/occupancy-replay";
import type { RollupBucket } from "@/lib/timeseries/rollup";
import { BELOW, type LocalLevel, localStart, rollLocal } from "./levels";
import { readCoverage } from "./minutes";
import { type QuarterSource, quarterOf, quartersOf } from "./quarters";
import { noCounts, type RollupCounts } from "./roll-counts";
import {
  columnsOfBucket,
  LEVEL_TABLES,
  type Level,
  type RollupEntity,
  worthKeeping,
} from "./store";

/** One entity to roll up again: quarters from `from` (its minutes changed), local levels from the earlier of that and `localFrom`. */
export interface BatchItem {
  source: QuarterSource;
  from: number | null;
  localFrom: number | null;
}

const keyOf = (e: RollupEntity) => `${e.kind}:${e.id}`;

/** The entities and instants of a batch as one JSON parameter, joined as `v(kind, id, f)`. */
function list(rows: { entity: RollupEntity; at: number }[]): SQL {
  const json = JSON.stringify(
    rows.map((r) => ({ kind: r.entity.kind, id: r.entity.id, f: new Date(r.at).toISOString() })),
  );
  return sql`jsonb_to_recordset(${json}::jsonb) as v(kind text, id text, f timestamptz)`;
}

const ms = (v: unknown) => Math.round(Number(v));

/** Each entity's occupancy at its instant: the end of its last stored bucket before it. */
async function occupanciesAt(
  tx: Executor,
  level: Level,
  rows: { entity: RollupEntity; at: number }[],
) {
  const t = LEVEL_TABLES[level];
  const result = await tx.execute(sql`
    select v.kind, v.id, (select occ_end from ${t}
      where entity_kind = v.kind and entity_id = v.id and start < v.f
      order by start desc limit 1) as occ
    from ${list(rows)}`);
  const out = new Map<string, number>();
  for (const r of rowsOf<{ kind: string; id: string; occ: number | null }>(result)) {
    out.set(`${r.kind}:${r.id}`, r.occ ?? 0);
  }
  return out;
}

/** Each entity's stored buckets from its instant on, in time order. */
async function bucketsFrom(
  tx: Executor,
  level: Level,
  rows: { entity: RollupEntity; at: number }[],
) {
  const t = LEVEL_TABLES[level];
  const result = await tx.execute(sql`
    select v.kind, v.id, (extract(epoch from b.start) * 1000)::float8 as s, (extract(epoch from b."end") * 1000)::float8 as e,
      b.entries, b.exits, b.occ_start, b.occ_end, b.occ_min,
      (extract(epoch from b.occ_min_at) * 1000)::float8 as min_at, b.occ_max,
      (extract(epoch from b.occ_max_at) * 1000)::float8 as max_at, b.integral, b.covered_integral,
      b.covered_seconds, b.minutes_over_capacity, b.clamps, b.adjusted, b.has_data
    from ${list(rows)} cross join lateral (
      select * from ${t} where entity_kind = v.kind and entity_id = v.id and start >= v.f
      order by start) b`);
  const out = new Map<string, RollupBucket[]>();
  for (const r of rowsOf<Record<string, unknown>>(result)) {
    const key = `${r.kind}:${r.id}`;
    const start = ms(r.s);
    const end = ms(r.e);
    const coveredSeconds = Number(r.covered_seconds);
    const coveredIntegral = Number(r.covered_integral);
    const bucket: RollupBucket = {
      start,
      end,
      entries: Number(r.entries),
      exits: Number(r.exits),
      net: Number(r.entries) - Number(r.exits),
      occupancyStart: Number(r.occ_start),
      occupancyEnd: Number(r.occ_end),
      occupancyMin: Number(r.occ_min),
      occupancyMinAt: ms(r.min_at),
      occupancyMax: Number(r.occ_max),
      occupancyMaxAt: ms(r.max_at),
      occupancyAvg: coveredSeconds > 0 ? coveredIntegral / coveredSeconds : null,
      integral: Number(r.integral),
      coveredIntegral,
      coveredSeconds,
      durationSeconds: (end - start) / 1000,
      minutesAtOrOverCapacity:
        r.minutes_over_capacity === null ? null : Number(r.minutes_over_capacity),
      clamps: Number(r.clamps),
      adjusted: Boolean(r.adjusted),
      hasData: Boolean(r.has_data),
    };
    const list = out.get(key);
    if (list) list.push(bucket);
    else out.set(key, [bucket]);
  }
  return out;
}

/** Replaces each entity's stored buckets from its instant on. Returns the rows written. */
async function replaceFrom(
  tx: Executor,
  level: Level,
  rows: { entity: RollupEntity; at: number; buckets: RollupBucket[] }[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const t = LEVEL_TABLES[level];
  await tx.execute(sql`
    delete from ${t} t using ${list(rows)}
    where t.entity_kind = v.kind and t.entity_id = v.id and t.start >= v.f`);
  const columns = rows.flatMap((r) =>
    r.buckets.filter(worthKeeping).map((b) => columnsOfBucket(r.entity, b)),
  );
  for (let i = 0; i < columns.length; i += 5_000) {
    const json = JSON.stringify(columns.slice(i, i + 5_000));
    await tx.execute(
      sql`insert into ${t} select * from json_populate_recordset(null::${t}, ${json}::json)`,
    );
  }
  return columns.length;
}

/** Each entity's minute buckets from its instant on (lines: entries and exits only). */
async function minutesFrom(tx: Executor, rows: { entity: RollupEntity; at: number }[]) {
  const out = new Map<string, MinuteBucket[]>();
  const lines = rows.filter((r) => r.entity.kind === "line");
  const others = rows.filter((r) => r.entity.kind !== "line");
  const results = [];
  if (others.length > 0) {
    results.push(
      await tx.execute(sql`
        select v.kind, v.id, (extract(epoch from o.minute) * 1000)::float8 as m, o.entries, o.exits,
          o.occ_start, o.occ_end, o.occ_min, o.occ_max, o.occ_max_at_ms, o.integral, o.clamps,
          o.adjusted
        from ${list(others)} cross join lateral (
          select * from occupancy_minutes
          where entity_kind = v.kind and entity_id = v.id and minute >= v.f order by minute) o`),
    );
  }
  if (lines.length > 0) {
    results.push(
      await tx.execute(sql`
        select v.kind, v.id, (extract(epoch from l.minute) * 1000)::float8 as m, l.entries, l.exits
        from ${list(lines)} cross join lateral (
          select * from line_minutes where line_id = v.id and minute >= v.f order by minute) l`),
    );
  }
  for (const result of results) {
    for (const r of rowsOf<Record<string, unknown>>(result)) {
      const key = `${r.kind}:${r.id}`;
      const minute: MinuteBucket = {
        minute: ms(r.m),
        entries: Number(r.entries),
        exits: Number(r.exits),
        occStart: Number(r.occ_start ?? 0),
        occEnd: Number(r.occ_end ?? 0),
        occMin: Number(r.occ_min ?? 0),
        occMax: Number(r.occ_max ?? 0),
        occMaxAtMs: Number(r.occ_max_at_ms ?? 0),
        integral: Number(r.integral ?? 0),
        clamps: Number(r.clamps ?? 0),
        adjusted: Boolean(r.adjusted ?? false),
      };
      const list = out.get(key);
      if (list) list.push(minute);
      else out.set(key, [minute]);
    }
  }
  return out;
}

/**
 * The minutes each camera reported from its instant on, read as one bitmask per quarter hour
 * (15 times fewer rows than the minutes themselves).
 */
async function cameraCoverage(tx: Executor, cameras: Map<string, number>) {
  const out = new Map<string, number[]>();
  if (cameras.size === 0) return out;
  const json = JSON.stringify(
    [...cameras].map(([id, f]) => ({ id, f: new Date(f).toISOString() })),
  );
  const result = await tx.execute(sql`
    select v.id, ((extract(epoch from c.minute)::bigint / 900) * 900000)::float8 as q,
      bit_or(1 << ((extract(epoch from c.minute)::bigint / 60) % 15)::int) as mask
    from jsonb_to_recordset(${json}::jsonb) as v(id text, f timestamptz)
    join camera_minutes c on c.camera_id = v.id and c.minute >= v.f
    group by 1, 2 order by 1, 2`);
  for (const r of rowsOf<{ id: string; q: unknown; mask: unknown }>(result)) {
    const q = ms(r.q);
    const mask = Number(r.mask);
    const minutes = out.get(r.id) ?? [];
    if (minutes.length === 0) out.set(r.id, minutes);
    for (let i = 0; i < 15; i++) if (mask & (1 << i)) minutes.push(q + i * MINUTE_MS);
  }
  return out;
}

const LOCAL_LEVELS: LocalLevel[] = ["hour", "day", "month"];
const COUNT_OF = { hour: "hours", day: "days", month: "months" } as const;

/**
 * Rolls a batch of entities up again in a few statements per level, whatever the batch's size:
 * the job's work for hundreds of cameras. Same results as rolling each entity up on its own.
 */
export async function rollBatch(
  tx: Executor,
  items: BatchItem[],
  timeZone: string,
): Promise<RollupCounts> {
  const counts = noCounts();
  counts.entities = items.length;
  const quarterly = items
    .filter((i) => i.from !== null)
    .map((i) => ({ item: i, entity: i.source.entity, at: quarterOf(i.from!) }));
  if (quarterly.length > 0) {
    const starts = await occupanciesAt(tx, "quarter", quarterly);
    const minutes = await minutesFrom(tx, quarterly);
    const cameraFrom = new Map<string, number>();
    let facilityFrom: number | null = null;
    for (const q of quarterly) {
      const scope = q.item.source.coverage;
      if ("cameraId" in scope) {
        cameraFrom.set(scope.cameraId, Math.min(cameraFrom.get(scope.cameraId) ?? q.at, q.at));
      } else {
        facilityFrom = Math.min(facilityFrom ?? q.at, q.at);
      }
    }
    const byCamera = await cameraCoverage(tx, cameraFrom);
    const facilityId = quarterly[0]!.entity.facilityId;
    const facilityMinutes =
      facilityFrom === null ? [] : await readCoverage(tx, { facilityId }, facilityFrom);
    const written = quarterly.map((q) => {
      const scope = q.item.source.coverage;
      const covered = "cameraId" in scope ? (byCamera.get(scope.cameraId) ?? []) : facilityMinutes;
      const own = minutes.get(keyOf(q.entity)) ?? [];
      const quarters = quartersOf(
        own,
        covered,
        q.at,
        starts.get(keyOf(q.entity)) ?? 0,
        q.item.source.capacity,
      );
      return { entity: q.entity, at: q.at, buckets: quarters };
    });
    counts.quarters = await replaceFrom(tx, "quarter", written);
  }
  const local = items.flatMap((i) => {
    const from =
      i.from === null
        ? i.localFrom
        : i.localFrom === null
          ? quarterOf(i.from)
          : Math.min(quarterOf(i.from), i.localFrom);
    return from === null ? [] : [{ item: i, entity: i.source.entity, from }];
  });
  if (local.length === 0) return counts;
  for (const level of LOCAL_LEVELS) {
    const rows = local.map((l) => ({ ...l, at: localStart(l.from, level, timeZone) }));
    const below = BELOW[level];
    const parts = await bucketsFrom(tx, below, rows);
    const starts = await occupanciesAt(tx, below, rows);
    const written = rows.map((r) => {
      const mine = parts.get(keyOf(r.entity)) ?? [];
      const end = mine[mine.length - 1]?.end ?? r.at;
      const buckets = end > r.at ? bucketBoundaries(r.at, end, level, timeZone) : [];
      return {
        entity: r.entity,
        at: r.at,
        buckets: rollLocal(mine, buckets, starts.get(keyOf(r.entity)) ?? 0, r.item.source.capacity),
      };
    });
    counts[COUNT_OF[level]] = await replaceFrom(tx, level, written);
  }
  return counts;
}
