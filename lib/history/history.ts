import { and, desc, eq, gte, inArray, lt, sum } from "drizzle-orm";
import { DateTime } from "luxon";
import type { Db } from "@/db/client";
import {
  cameraMinutes,
  cameras,
  type EntityKind,
  lineMinutes,
  occupancyMinutes,
} from "@/db/schema";
import type { HistoryEntity, HistoryUnit } from "@/lib/api/endpoints/history";
import { validationFailed } from "@/lib/api/errors";
import type { HistoryBucketDto, HistoryDto, HistoryQueryInput } from "@/lib/api/schemas/history";
import type { Principal } from "@/lib/auth/principal";
import { getActiveCamera } from "@/lib/cameras/cameras";
import { getActiveFacility } from "@/lib/facilities/facilities";
import { getActiveLine } from "@/lib/lines/lines";
import { materialiseFacility } from "@/lib/occupancy/materialise";
import { bucketBoundaries, formatBucket, formatInstant } from "@/lib/timeseries/local-buckets";
import { MINUTE_MS } from "@/lib/timeseries/minute";
import type { MinuteBucket } from "@/lib/timeseries/occupancy-replay";
import { parseRange } from "@/lib/timeseries/range";
import { rollup } from "@/lib/timeseries/rollup";
import { getActiveZone } from "@/lib/zones/zones";

interface Target {
  kind: HistoryEntity;
  id: string;
  facilityId: string;
  capacity: number | null;
}

async function resolveTarget(db: Db, kind: HistoryEntity, id: string, actor: Principal) {
  switch (kind) {
    case "camera": {
      const c = await getActiveCamera(db, id, actor);
      return { kind, id, facilityId: c.facilityId, capacity: null };
    }
    case "zone": {
      const z = await getActiveZone(db, id, actor);
      return { kind, id, facilityId: z.facilityId, capacity: z.capacity };
    }
    case "facility": {
      const f = await getActiveFacility(db, id, actor);
      return { kind, id, facilityId: f.id, capacity: f.capacity };
    }
    case "line": {
      const l = await getActiveLine(db, id, actor);
      return { kind, id, facilityId: l.facilityId, capacity: null };
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

/** Minutes for which at least one of these cameras reported frames. */
async function coveredMinutes(db: Db, cameraIds: string[], from: Date, to: Date) {
  if (cameraIds.length === 0) return new Set<number>();
  const rows = await db
    .selectDistinct({ minute: cameraMinutes.minute })
    .from(cameraMinutes)
    .where(
      and(
        inArray(cameraMinutes.cameraId, cameraIds),
        gte(cameraMinutes.minute, from),
        lt(cameraMinutes.minute, to),
      ),
    );
  return new Set(rows.map((r) => r.minute.getTime()));
}

async function occupancySeries(db: Db, target: Target, from: Date, to: Date) {
  const entity = and(
    eq(occupancyMinutes.entityKind, target.kind as EntityKind),
    eq(occupancyMinutes.entityId, target.id),
  );
  const [before] = await db
    .select({ occEnd: occupancyMinutes.occEnd })
    .from(occupancyMinutes)
    .where(and(entity, lt(occupancyMinutes.minute, from)))
    .orderBy(desc(occupancyMinutes.minute))
    .limit(1);
  const rows = await db
    .select()
    .from(occupancyMinutes)
    .where(and(entity, gte(occupancyMinutes.minute, from), lt(occupancyMinutes.minute, to)))
    .orderBy(occupancyMinutes.minute);
  const minutes: MinuteBucket[] = rows.map((r) => ({
    minute: r.minute.getTime(),
    entries: r.entries,
    exits: r.exits,
    occStart: r.occStart,
    occEnd: r.occEnd,
    occMin: r.occMin,
    occMax: r.occMax,
    occMaxAtMs: r.occMaxAtMs,
    integral: r.integral,
    clamps: r.clamps,
    adjusted: r.adjusted,
  }));
  return { start: before?.occEnd ?? 0, minutes };
}

async function lineSeries(db: Db, lineId: string, from: Date, to: Date) {
  const rows = await db
    .select({
      minute: lineMinutes.minute,
      entries: sum(lineMinutes.entries).mapWith(Number),
      exits: sum(lineMinutes.exits).mapWith(Number),
    })
    .from(lineMinutes)
    .where(
      and(
        eq(lineMinutes.lineId, lineId),
        gte(lineMinutes.minute, from),
        lt(lineMinutes.minute, to),
      ),
    )
    .groupBy(lineMinutes.minute)
    .orderBy(lineMinutes.minute);
  // A line has no occupancy of its own: its minutes carry zero occupancy, reported as null.
  return rows.map(
    (r): MinuteBucket => ({
      minute: r.minute.getTime(),
      entries: r.entries,
      exits: r.exits,
      occStart: 0,
      occEnd: 0,
      occMin: 0,
      occMax: 0,
      occMaxAtMs: 0,
      integral: 0,
      clamps: 0,
      adjusted: false,
    }),
  );
}

/**
 * A history report: every local bucket of [from, to), rolled up exactly from minute buckets
 * (integral ÷ covered time for averages, never a mean of samples).
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
  const target = await resolveTarget(db, kind, id, actor);
  const facility = await getActiveFacility(db, target.facilityId);
  // Zone and facility minutes may still await their replay: a report includes every crossing.
  if (kind === "zone" || kind === "facility") await materialiseFacility(db, facility.id);
  const zone = query.tz ?? facility.timezone;
  const span = query.from ? { from: query.from, to: query.to } : defaultSpan(unit, now, zone);
  const range = parseRange({ from: span.from, to: span.to, unit, timeZone: zone, nowMs: now });
  if (!range.ok) {
    throw validationFailed(
      [
        {
          path: `query.${range.field}`,
          code: "invalid_range",
          message: `${range.reason} ${range.hint}`,
        },
      ],
      `${range.reason} ${range.hint}`,
    );
  }
  const buckets = bucketBoundaries(range.fromMs, range.toMs, unit, zone);
  const from = new Date(buckets[0]?.start ?? range.fromMs);
  const to = new Date(buckets[buckets.length - 1]?.end ?? range.toMs);

  const cameraIds =
    kind === "camera"
      ? [id]
      : (
          await db
            .select({ id: cameras.id })
            .from(cameras)
            .where(eq(cameras.facilityId, target.facilityId))
        ).map((c) => c.id);
  const covered = await coveredMinutes(db, cameraIds, from, to);
  const coveredMs = (start: number, end: number) => {
    let ms = 0;
    for (let m = start; m < end; m += MINUTE_MS) if (covered.has(m)) ms += MINUTE_MS;
    return ms;
  };

  const series =
    kind === "line"
      ? { start: 0, minutes: await lineSeries(db, id, from, to) }
      : await occupancySeries(db, target, from, to);
  const rolled = rollup(series.minutes, series.start, buckets, {
    capacity: target.capacity,
    covered: coveredMs,
  });
  const withOccupancy = kind !== "line";
  return {
    entity_kind: kind,
    entity_id: id,
    unit,
    timezone: zone,
    from: formatInstant(from.getTime(), zone),
    to: formatInstant(to.getTime(), zone),
    buckets: rolled.map(
      (b): HistoryBucketDto => ({
        ...formatBucket(b, unit, zone),
        entries: b.entries,
        exits: b.exits,
        net: b.net,
        occupancy_avg: withOccupancy && b.occupancyAvg !== null ? round(b.occupancyAvg) : null,
        occupancy_integral: withOccupancy ? round(b.integral) : null,
        occupancy_min: withOccupancy ? b.occupancyMin : null,
        occupancy_min_at: withOccupancy ? formatInstant(b.occupancyMinAt, zone) : null,
        occupancy_max: withOccupancy ? b.occupancyMax : null,
        occupancy_max_at: withOccupancy ? formatInstant(b.occupancyMaxAt, zone) : null,
        minutes_over_capacity: withOccupancy ? b.minutesAtOrOverCapacity : null,
        coverage: b.durationSeconds > 0 ? round(b.coveredSeconds / b.durationSeconds) : 0,
        has_data: b.hasData,
        adjusted: b.adjusted,
      }),
    ),
  };
}

const round = (v: number) => Math.round(v * 1000) / 1000;
