import type { Executor } from "@/db/client";
import type { HistoryUnit } from "@/lib/api/endpoints/history";
import { rollLocal } from "@/lib/rollups/levels";
import { earliestMark, facilityMarks, type Mark } from "@/lib/rollups/marks";
import { coverageOf, readCoverage, readMinutes } from "@/lib/rollups/minutes";
import { computeQuarters, type QuarterSource, quarterOf } from "@/lib/rollups/quarters";
import { occupancyAt, readBuckets } from "@/lib/rollups/store";
import type { Bucket } from "@/lib/timeseries/local-buckets";
import { type RollupBucket, rollup } from "@/lib/timeseries/rollup";

export interface SeriesTarget {
  source: QuarterSource;
  /** The camera whose mark stands for this entity's minutes (cameras and lines), if any. */
  cameraId: string | null;
  facilityTimeZone: string;
}

/** The marks that can leave this entity's rollups behind its minutes. */
function relevant(marks: Mark[], target: SeriesTarget): Mark[] {
  const { entity } = target.source;
  if (target.cameraId !== null) {
    return marks.filter((m) => m.kind === "camera" && m.id === target.cameraId);
  }
  // A zone's or the facility's coverage is every camera's.
  return marks.filter((m) => m.kind === "camera" || (m.kind === entity.kind && m.id === entity.id));
}

const earliestFrom = (marks: Mark[]) => earliestMark(marks.map((m) => ({ ...m, localFrom: null })));

/**
 * The occupancy at `at`: stored quarters are exact before `exactUntil`; minute buckets (always
 * current) carry it on from there.
 */
async function occupancyAtTime(
  tx: Executor,
  target: SeriesTarget,
  at: number,
  exactUntil: number,
): Promise<number> {
  const { entity } = target.source;
  if (entity.kind === "line") return 0;
  const q = Math.min(quarterOf(at), exactUntil);
  const start = await occupancyAt(tx, "quarter", entity, q);
  if (q === at) return start;
  const minutes = await readMinutes(tx, entity, q, at);
  return minutes[minutes.length - 1]?.occEnd ?? start;
}

/** Minute buckets straight from the minutes (the raw log). */
async function fromMinutes(
  tx: Executor,
  target: SeriesTarget,
  buckets: Bucket[],
  exactQuarters: number,
): Promise<RollupBucket[]> {
  const { entity, coverage, capacity } = target.source;
  const from = buckets[0]!.start;
  const to = buckets[buckets.length - 1]!.end;
  const start = await occupancyAtTime(tx, target, from, exactQuarters);
  const minutes = await readMinutes(tx, entity, from, to);
  const covered = await readCoverage(tx, coverage, from, to);
  return rollup(minutes, start, buckets, { capacity, covered: coverageOf(covered) });
}

/**
 * Buckets of any whole-quarter span from quarters: stored ones where they are exact (before
 * `exactUntil`), computed from the minutes after it.
 */
async function fromQuarters(
  tx: Executor,
  target: SeriesTarget,
  buckets: Bucket[],
  exactUntil: number,
): Promise<RollupBucket[]> {
  const { entity } = target.source;
  const from = buckets[0]!.start;
  const to = buckets[buckets.length - 1]!.end;
  const split = Math.max(from, Math.min(to, exactUntil));
  const start = await occupancyAtTime(tx, target, from, exactUntil);
  const stored = await readBuckets(tx, "quarter", entity, from, split);
  const atSplit = stored[stored.length - 1]?.occupancyEnd ?? start;
  const fresh =
    split < to ? await computeQuarters(tx, target.source, split, atSplit, { toMs: to }) : [];
  return rollLocal([...stored, ...fresh], buckets, start, target.source.capacity);
}

/**
 * An entity's buckets, exact at this moment: stored local rollups where no mark says they are
 * behind, quarters (stored, or computed from minutes after the earliest mark) for the rest and
 * for any other time zone. `buckets` end by now (the caller cuts the bucket holding now short at
 * a quarter boundary), so nothing is carried into the future.
 */
export async function entitySeries(
  tx: Executor,
  target: SeriesTarget,
  unit: HistoryUnit,
  buckets: Bucket[],
  timeZone: string,
  nowMs: number,
): Promise<RollupBucket[]> {
  if (buckets.length === 0) return [];
  const { entity, capacity } = target.source;
  const marks = relevant(await facilityMarks(tx, entity.facilityId), target);
  const quartersFrom = earliestFrom(marks);
  const exactQuarters = quartersFrom === null ? Number.POSITIVE_INFINITY : quarterOf(quartersFrom);
  if (unit === "minute") return fromMinutes(tx, target, buckets, exactQuarters);
  if (timeZone !== target.facilityTimeZone) {
    return fromQuarters(tx, target, buckets, exactQuarters);
  }
  const dirty = earliestMark(marks);
  // Stored local buckets are whole: the one still running is provisional, so never read it.
  const exactLocal = Math.min(
    dirty === null ? Number.POSITIVE_INFINITY : quarterOf(dirty),
    quarterOf(nowMs),
  );
  const clean = buckets.filter((b) => b.end <= exactLocal);
  const rest = buckets.slice(clean.length);
  let rolled: RollupBucket[] = [];
  if (clean.length > 0) {
    const from = clean[0]!.start;
    const to = clean[clean.length - 1]!.end;
    const rows = await readBuckets(tx, unit, entity, from, to);
    const start = await occupancyAt(tx, unit, entity, from);
    rolled = rollLocal(rows, clean, start, capacity);
  }
  if (rest.length > 0) {
    rolled = rolled.concat(await fromQuarters(tx, target, rest, exactQuarters));
  }
  return rolled;
}
