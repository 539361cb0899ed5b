import { DateTime } from "luxon";
import type { Db, Executor } from "@/db/client";
import type { HistoryEntity, HistoryUnit } from "@/lib/api/endpoints/history";
import type { HistoryBucketDto, HistoryDto, HistoryQueryInput } from "@/lib/api/schemas/history";
import type { Principal } from "@/lib/auth/principal";
import { getActiveCamera } from "@/lib/cameras/cameras";
import { getActiveFacility } from "@/lib/facilities/facilities";
import { getActiveLine } from "@/lib/lines/lines";
import { materialiseFacility } from "@/lib/occupancy/materialise";
import { QUARTER_MS } from "@/lib/rollups/quarters";
import {
  type Bucket,
  bucketBoundaries,
  formatBucket,
  formatInstant,
} from "@/lib/timeseries/local-buckets";
import { MINUTE_MS } from "@/lib/timeseries/minute";
import type { RollupBucket } from "@/lib/timeseries/rollup";
import { getActiveZone } from "@/lib/zones/zones";
import { requireRange } from "./range";
import { entitySeries, type SeriesTarget } from "./series";

interface Target {
  kind: HistoryEntity;
  id: string;
  facilityId: string;
  capacity: number | null;
  /** The camera whose frames cover this entity; null for zones and the facility (every camera). */
  cameraId: string | null;
}

async function resolveTarget(
  db: Db,
  kind: HistoryEntity,
  id: string,
  actor: Principal,
): Promise<Target> {
  switch (kind) {
    case "camera": {
      const c = await getActiveCamera(db, id, actor);
      return { kind, id, facilityId: c.facilityId, capacity: null, cameraId: id };
    }
    case "zone": {
      const z = await getActiveZone(db, id, actor);
      return { kind, id, facilityId: z.facilityId, capacity: z.capacity, cameraId: null };
    }
    case "facility": {
      const f = await getActiveFacility(db, id, actor);
      return { kind, id, facilityId: f.id, capacity: f.capacity, cameraId: null };
    }
    case "line": {
      const l = await getActiveLine(db, id, actor);
      return { kind, id, facilityId: l.facilityId, capacity: null, cameraId: l.cameraId };
    }
  }
}

/** Without `from`: the span a manager most often means by "hourly", "daily", "monthly". */
function defaultSpan(unit: HistoryUnit, now: number, zone: string) {
  const local = DateTime.fromMillis(now, { zone });
  const span = {
    minute: [local.startOf("hour"), local.startOf("hour").plus({ hours: 1 })],
    hour: [local.startOf("day"), local.startOf("day").plus({ days: 1 })],
    day: [local.startOf("day").minus({ days: 6 }), local.startOf("day").plus({ days: 1 })],
    month: [local.startOf("year"), local.startOf("year").plus({ years: 1 })],
  }[unit];
  return { from: span[0]!.toISO()!, to: span[1]!.toISO()! };
}

/**
 * The exact buckets of one entity over `buckets` (aligned local buckets): the bucket holding now
 * is computed up to now only, and later ones are null (nothing counted yet).
 */
export async function seriesOf(
  db: Db,
  target: SeriesTarget,
  unit: HistoryUnit,
  buckets: Bucket[],
  timeZone: string,
  now: number,
): Promise<(RollupBucket | null)[]> {
  const step = unit === "minute" ? MINUTE_MS : QUARTER_MS;
  const clip = Math.ceil((now + 1) / step) * step;
  const past = buckets
    .filter((b) => b.start < clip)
    .map((b) => ({ start: b.start, end: Math.min(b.end, clip) }));
  const series = await readConsistently(db, (tx) =>
    entitySeries(tx, target, unit, past, timeZone, now),
  );
  return buckets.map((_, i) => series[i] ?? null);
}

/** Buckets in the API's shape: local ISO times, occupancy null for lines and future buckets. */
export function bucketDtos(
  series: (RollupBucket | null)[],
  buckets: Bucket[],
  unit: HistoryUnit,
  timeZone: string,
  target: SeriesTarget,
): HistoryBucketDto[] {
  const withOccupancy = target.source.entity.kind !== "line";
  const occupancy = <T>(value: T): T | null => (withOccupancy ? value : null);
  const { capacity } = target.source;
  return buckets.map((span, i): HistoryBucketDto => {
    const b = series[i];
    const duration = (span.end - span.start) / 1000;
    if (!b) {
      // Not begun yet: nothing counted and no occupancy.
      return {
        ...formatBucket(span, unit, timeZone),
        entries: 0,
        exits: 0,
        net: 0,
        occupancy_avg: null,
        occupancy_integral: null,
        occupancy_min: null,
        occupancy_min_at: null,
        occupancy_max: null,
        occupancy_max_at: null,
        minutes_over_capacity: withOccupancy && capacity !== null ? 0 : null,
        coverage: 0,
        has_data: false,
        adjusted: false,
      };
    }
    return {
      ...formatBucket(span, unit, timeZone),
      entries: b.entries,
      exits: b.exits,
      net: b.net,
      occupancy_avg: b.occupancyAvg === null ? null : occupancy(round(b.occupancyAvg)),
      occupancy_integral: occupancy(round(b.integral)),
      occupancy_min: occupancy(b.occupancyMin),
      occupancy_min_at: occupancy(formatInstant(b.occupancyMinAt, timeZone)),
      occupancy_max: occupancy(b.occupancyMax),
      occupancy_max_at: occupancy(formatInstant(b.occupancyMaxAt, timeZone)),
      minutes_over_capacity: occupancy(b.minutesAtOrOverCapacity),
      coverage: duration > 0 ? round(b.coveredSeconds / duration) : 0,
      has_data: b.hasData,
      adjusted: b.adjusted,
    };
  });
}

/** What a series of this entity is computed from. */
export function targetOf(
  kind: HistoryEntity,
  id: string,
  facility: { id: string; timezone: string },
  capacity: number | null,
  cameraId: string | null,
): SeriesTarget {
  return {
    source: {
      entity: { kind, id, facilityId: facility.id },
      coverage: cameraId === null ? { facilityId: facility.id } : { cameraId },
      capacity,
    },
    cameraId,
    facilityTimeZone: facility.timezone,
  };
}

/**
 * A history report: every local bucket of [from, to), exact at this moment (rollups where they
 * are current, minute buckets for the rest; averages are integral ÷ covered time, never a mean
 * of samples).
 */
export async function getHistory(
  db: Db,
  kind: HistoryEntity,
  id: string,
  unit: HistoryUnit,
  query: HistoryQueryInput,
  actor: Principal,
  now = Date.now(),
): Promise<HistoryDto> {
  const { capacity, cameraId, facilityId } = await resolveTarget(db, kind, id, actor);
  const facility = await getActiveFacility(db, facilityId);
  // Zone and facility minutes may still await their replay: a report includes every crossing.
  if (kind === "zone" || kind === "facility") await materialiseFacility(db, facility.id);
  const zone = query.tz ?? facility.timezone;
  const span = query.from ? { from: query.from, to: query.to } : defaultSpan(unit, now, zone);
  const range = requireRange({ from: span.from, to: span.to, unit, timeZone: zone, nowMs: now });
  const minutes = bucketBoundaries(range.fromMs, range.toMs, unit, zone);
  const buckets = unit === "minute" && query.interval === "5m" ? fiveMinutes(minutes) : minutes;
  const target = targetOf(kind, id, facility, capacity, cameraId);
  const series = await seriesOf(db, target, unit, buckets, zone, now);
  return {
    entity_kind: kind,
    entity_id: id,
    unit,
    timezone: zone,
    from: formatInstant(buckets[0]?.start ?? range.fromMs, zone),
    to: formatInstant(buckets[buckets.length - 1]?.end ?? range.toMs, zone),
    buckets: bucketDtos(series, buckets, unit, zone, target),
  };
}

const round = (v: number) => Math.round(v * 1000) / 1000;

const FIVE_MINUTES_MS = 5 * MINUTE_MS;

/**
 * Minute buckets merged into 5-minute ones. Every UTC offset is a multiple of 15 minutes and
 * offsets change on the hour or half-hour, so local 5-minute buckets are UTC-aligned and whole.
 */
function fiveMinutes(minutes: Bucket[]): Bucket[] {
  const out: Bucket[] = [];
  for (const m of minutes) {
    const start = Math.floor(m.start / FIVE_MINUTES_MS) * FIVE_MINUTES_MS;
    const last = out[out.length - 1];
    if (last && last.start === start) last.end = m.end;
    else out.push({ start, end: start + FIVE_MINUTES_MS });
  }
  return out;
}

/**
 * Reads that span several statements see one snapshot (PostgreSQL), so a rollup job committing
 * meanwhile cannot tear a report. PGlite is one connection: every transaction is a snapshot.
 */
function readConsistently<T>(db: Db, read: (tx: Executor) => Promise<T>): Promise<T> {
  return db.transaction(read, { isolationLevel: "repeatable read", accessMode: "read only" });
}
