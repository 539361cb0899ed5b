import { type SQL, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { MINUTE_MS } from "@/lib/timeseries/minute";
import type { MinuteBucket } from "@/lib/timeseries/occupancy-replay";
import type { RollupEntity } from "./store";

const fromTo = (column: SQL, fromMs: number, toMs: number) =>
  Number.isFinite(toMs)
    ? sql`${column} >= ${new Date(fromMs).toISOString()}::timestamptz
        and ${column} < ${new Date(toMs).toISOString()}::timestamptz`
    : sql`${column} >= ${new Date(fromMs).toISOString()}::timestamptz`;

type MinuteRow = {
  m: number;
  entries: number;
  exits: number;
  occ_start?: number;
  occ_end?: number;
  occ_min?: number;
  occ_max?: number;
  occ_max_at_ms?: number;
  integral?: number;
  clamps?: number;
  adjusted?: boolean;
};

/** An entity's minute buckets in [fromMs, toMs), in time order (a line's carry no occupancy). */
export async function readMinutes(
  tx: Executor,
  entity: RollupEntity,
  fromMs: number,
  toMs = Number.POSITIVE_INFINITY,
): Promise<MinuteBucket[]> {
  const result =
    entity.kind === "line"
      ? await tx.execute(sql`
          select extract(epoch from minute) * 1000 as m, entries, exits from line_minutes
          where line_id = ${entity.id} and ${fromTo(sql`minute`, fromMs, toMs)}
          order by minute`)
      : await tx.execute(sql`
          select extract(epoch from minute) * 1000 as m, entries, exits, occ_start, occ_end,
            occ_min, occ_max, occ_max_at_ms, integral, clamps, adjusted
          from occupancy_minutes
          where entity_kind = ${entity.kind} and entity_id = ${entity.id}
            and ${fromTo(sql`minute`, fromMs, toMs)}
          order by minute`);
  return rowsOf<MinuteRow>(result).map((r) => ({
    minute: Math.round(Number(r.m)),
    entries: r.entries,
    exits: r.exits,
    occStart: r.occ_start ?? 0,
    occEnd: r.occ_end ?? 0,
    occMin: r.occ_min ?? 0,
    occMax: r.occ_max ?? 0,
    occMaxAtMs: r.occ_max_at_ms ?? 0,
    integral: Number(r.integral ?? 0),
    clamps: r.clamps ?? 0,
    adjusted: r.adjusted ?? false,
  }));
}

/** Whose frames make a figure covered: one camera's, or any camera's of the facility. */
export type CoverageScope = { cameraId: string } | { facilityId: string };

/** The minutes in [fromMs, toMs) in which the scope's cameras reported frames, in order. */
export async function readCoverage(
  tx: Executor,
  scope: CoverageScope,
  fromMs: number,
  toMs = Number.POSITIVE_INFINITY,
): Promise<number[]> {
  const result =
    "cameraId" in scope
      ? await tx.execute(sql`
          select extract(epoch from minute) * 1000 as m from camera_minutes
          where camera_id = ${scope.cameraId} and ${fromTo(sql`minute`, fromMs, toMs)}
          order by minute`)
      : // One index probe per covered minute, not a read of every camera's row (500 a minute).
        await tx.execute(sql`
          with recursive covered(minute) as (
            (select minute from camera_minutes
              where facility_id = ${scope.facilityId} and ${fromTo(sql`minute`, fromMs, toMs)}
              order by minute limit 1)
            union all
            select (select c.minute from camera_minutes c
                where c.facility_id = ${scope.facilityId} and c.minute > covered.minute
                  and ${fromTo(sql`c.minute`, fromMs, toMs)}
                order by c.minute limit 1)
            from covered where covered.minute is not null)
          select extract(epoch from minute) * 1000 as m from covered
          where minute is not null order by minute`);
  return rowsOf<{ m: number }>(result).map((r) => Math.round(Number(r.m)));
}

/** Covered milliseconds in [start, end) from a sorted list of covered minutes. */
export function coverageOf(minutes: readonly number[]): (start: number, end: number) => number {
  const lowerBound = (t: number) => {
    let lo = 0;
    let hi = minutes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (minutes[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return (start, end) => (lowerBound(end) - lowerBound(start)) * MINUTE_MS;
}
