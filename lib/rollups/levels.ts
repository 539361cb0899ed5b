import { type Bucket, bucketBoundaries } from "@/lib/timeseries/local-buckets";
import { type RollupBucket, rollupParts } from "@/lib/timeseries/rollup";
import type { Level } from "./store";

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
