import type { Executor } from "@/db/client";
import { MINUTE_MS } from "@/lib/timeseries/minute";
import type { MinuteBucket } from "@/lib/timeseries/occupancy-replay";
import { type RollupBucket, rollup } from "@/lib/timeseries/rollup";
import { type CoverageScope, coverageOf, readCoverage, readMinutes } from "./minutes";
import type { RollupEntity } from "./store";

export const QUARTER_MS = 15 * MINUTE_MS;
export const quarterOf = (ms: number) => Math.floor(ms / QUARTER_MS) * QUARTER_MS;

export interface QuarterSource {
  entity: RollupEntity;
  coverage: CoverageScope;
  capacity: number | null;
}

/**
 * Rolls an entity's minute buckets up into UTC quarter hours from `fromMs` (a quarter boundary):
 * every quarter up to the last one with a minute or a covered minute, or up to `toMs` when given.
 * `startOccupancy` is the occupancy at `fromMs`. `coverage` may be passed when already read.
 */
export async function computeQuarters(
  tx: Executor,
  source: QuarterSource,
  fromMs: number,
  startOccupancy: number,
  options: { toMs?: number; coverage?: readonly number[] } = {},
): Promise<RollupBucket[]> {
  const toMs = options.toMs ?? Number.POSITIVE_INFINITY;
  const minutes = await readMinutes(tx, source.entity, fromMs, toMs);
  const covered = options.coverage ?? (await readCoverage(tx, source.coverage, fromMs, toMs));
  return quartersOf(minutes, covered, fromMs, startOccupancy, source.capacity, toMs);
}

/**
 * The quarter hours from `fromMs` of sorted minute buckets and covered minutes: up to `toMs`, or
 * to the last quarter holding either.
 */
export function quartersOf(
  minutes: readonly MinuteBucket[],
  covered: readonly number[],
  fromMs: number,
  startOccupancy: number,
  capacity: number | null,
  toMs = Number.POSITIVE_INFINITY,
): RollupBucket[] {
  const last = Math.max(
    minutes[minutes.length - 1]?.minute ?? Number.NEGATIVE_INFINITY,
    covered[covered.length - 1] ?? Number.NEGATIVE_INFINITY,
  );
  const end = Number.isFinite(toMs)
    ? toMs
    : Number.isFinite(last)
      ? quarterOf(last) + QUARTER_MS
      : fromMs;
  const buckets = [];
  for (let t = fromMs; t < end; t += QUARTER_MS) buckets.push({ start: t, end: t + QUARTER_MS });
  return rollup(minutes, startOccupancy, buckets, { capacity, covered: coverageOf(covered) });
}
