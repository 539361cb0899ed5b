import type { Executor } from "@/db/client";
import { type Bucket, bucketBoundaries } from "@/lib/timeseries/local-buckets";
import { type RollupBucket, rollupParts } from "@/lib/timeseries/rollup";
import { type Level, occupancyAt, type RollupEntity, readBuckets, replaceBuckets } from "./store";

export type LocalLevel = Exclude<Level, "quarter">;

/** Each local level is rolled up from the one below it: quarters → hours → days → months. */
export const BELOW: Record<LocalLevel, Level> = { hour: "quarter", day: "hour", month: "day" };

/** The start of the local bucket of `level` holding `ms`. */
export function localStart(ms: number, level: LocalLevel, timeZone: string): number {
  return bucketBoundaries(ms, ms + 1, level, timeZone)[0]!.start;
}

/**
 * Before a facility had a capacity its minutes were not judged against one: count them as not
 * over, so parts rolled up with and without a capacity can be combined.
 */
function withCapacity(parts: RollupBucket[], capacity: number | null): RollupBucket[] {
  if (capacity === null) return parts;
  return parts.map((p) =>
    p.minutesAtOrOverCapacity === null ? { ...p, minutesAtOrOverCapacity: 0 } : p,
  );
}

/**
 * Rolls `parts` (sorted buckets of a finer level) up into `buckets`. Missing parts carry the
 * occupancy, uncovered: rows exist wherever something was reported.
 */
export function rollLocal(
  parts: RollupBucket[],
  buckets: readonly Bucket[],
  startOccupancy: number,
  capacity: number | null,
): RollupBucket[] {
  return rollupParts(withCapacity(parts, capacity), startOccupancy, buckets, {
    capacity,
    covered: () => 0,
  });
}

/**
 * Rebuilds an entity's stored `level` buckets from the one holding `fromMs` on, from the stored
 * level below. Returns the start it rebuilt from and how many rows it wrote.
 */
export async function rerollLevel(
  tx: Executor,
  entity: RollupEntity,
  level: LocalLevel,
  fromMs: number,
  timeZone: string,
  capacity: number | null,
): Promise<{ from: number; rows: number }> {
  const below = BELOW[level];
  const from = localStart(fromMs, level, timeZone);
  const parts = await readBuckets(tx, below, entity, from);
  const start = await occupancyAt(tx, below, entity, from);
  // Up to the end of the bucket holding the last part: the current bucket is provisional (it
  // carries the occupancy to its end) until the job rolls it again; readers never use it.
  const end = parts[parts.length - 1]?.end ?? from;
  const buckets = end > from ? bucketBoundaries(from, end, level, timeZone) : [];
  const rolled = rollLocal(parts, buckets, start, capacity);
  return { from, rows: await replaceBuckets(tx, level, entity, from, rolled) };
}
