import type { Bucket } from "./local-buckets";
import { MINUTE_MS } from "./minute";
import type { MinuteBucket } from "./occupancy-replay";

export interface RollupOptions {
  /** Facility capacity; null when it has none (then `minutesAtOrOverCapacity` is null). */
  capacity: number | null;
  /**
   * Covered (data reported) whole milliseconds within [startMs, endMs), from camera coverage;
   * additive over adjacent windows. Default: everything is covered.
   */
  covered?: (startMs: number, endMs: number) => number;
}

/** One rolled-up bucket of an entity's occupancy. All instants are UTC epoch ms. */
export interface RollupBucket {
  start: number;
  end: number;
  entries: number;
  exits: number;
  net: number;
  /** Occupancy at `start` and at `end` (carry the latter into the next query). */
  occupancyStart: number;
  occupancyEnd: number;
  occupancyMin: number;
  /** First instant the minimum held, to the minute (a minute bucket has no time of its minimum). */
  occupancyMinAt: number;
  occupancyMax: number;
  /** First instant the maximum was reached, to the millisecond. */
  occupancyMaxAt: number;
  /** coveredIntegral ÷ coveredSeconds: the time-weighted mean over covered time; null if none. */
  occupancyAvg: number | null;
  /** Person-seconds over the whole bucket, carried (unreported) stretches included. */
  integral: number;
  /** Person-seconds over the covered time only (the numerator of `occupancyAvg`). */
  coveredIntegral: number;
  coveredSeconds: number;
  durationSeconds: number;
  /** Minutes whose maximum occupancy was ≥ capacity; null without a capacity. */
  minutesAtOrOverCapacity: number | null;
  /** Clamps at zero during the bucket (a drift signal). */
  clamps: number;
  /** Any calibration or reset in the bucket. */
  adjusted: boolean;
  /** Any stored minute in the bucket. */
  hasData: boolean;
}

interface Acc {
  entries: number;
  exits: number;
  occStart: number;
  occEnd: number;
  min: number;
  minAt: number;
  max: number;
  maxAt: number;
  integral: number;
  coveredIntegral: number;
  coveredMs: number;
  over: number;
  clamps: number;
  adjusted: boolean;
  hasData: boolean;
}

const newAcc = (occ: number): Acc => ({
  entries: 0,
  exits: 0,
  occStart: occ,
  occEnd: occ,
  min: Number.POSITIVE_INFINITY,
  minAt: 0,
  max: Number.NEGATIVE_INFINITY,
  maxAt: 0,
  integral: 0,
  coveredIntegral: 0,
  coveredMs: 0,
  over: 0,
  clamps: 0,
  adjusted: false,
  hasData: false,
});

function coveredMs(opts: RollupOptions, start: number, end: number): number {
  if (!opts.covered) return end - start;
  return Math.min(end - start, Math.max(0, opts.covered(start, end)));
}

function seeMin(acc: Acc, value: number, at: number): void {
  if (value < acc.min) {
    acc.min = value;
    acc.minAt = at;
  }
}

function seeMax(acc: Acc, value: number, at: number): void {
  if (value > acc.max) {
    acc.max = value;
    acc.maxAt = at;
  }
}

/** A stretch [start, end) of whole minutes with no stored data: occupancy `occ` held throughout. */
function addCarried(acc: Acc, start: number, end: number, occ: number, opts: RollupOptions): void {
  if (end <= start) return;
  const covered = coveredMs(opts, start, end);
  acc.integral += (occ * (end - start)) / 1000;
  acc.coveredIntegral += (occ * covered) / 1000;
  acc.coveredMs += covered;
  seeMin(acc, occ, start);
  seeMax(acc, occ, start);
  if (opts.capacity !== null && occ >= opts.capacity) acc.over += (end - start) / MINUTE_MS;
  acc.occEnd = occ;
}

function addMinute(acc: Acc, m: MinuteBucket, opts: RollupOptions): void {
  const covered = coveredMs(opts, m.minute, m.minute + MINUTE_MS);
  acc.entries += m.entries;
  acc.exits += m.exits;
  acc.clamps += m.clamps;
  acc.integral += m.integral;
  // Within a partly covered minute the occupancy is taken as spread evenly (exact when constant).
  acc.coveredIntegral += covered === MINUTE_MS ? m.integral : (m.integral * covered) / MINUTE_MS;
  acc.coveredMs += covered;
  seeMin(acc, m.occMin, m.minute);
  seeMax(acc, m.occMax, m.minute + m.occMaxAtMs);
  if (opts.capacity !== null && m.occMax >= opts.capacity) acc.over += 1;
  acc.adjusted ||= m.adjusted;
  acc.hasData = true;
  acc.occEnd = m.occEnd;
}

function addPart(acc: Acc, p: RollupBucket, opts: RollupOptions): void {
  acc.entries += p.entries;
  acc.exits += p.exits;
  acc.clamps += p.clamps;
  acc.integral += p.integral;
  acc.coveredIntegral += p.coveredIntegral;
  acc.coveredMs += Math.round(p.coveredSeconds * 1000);
  seeMin(acc, p.occupancyMin, p.occupancyMinAt);
  seeMax(acc, p.occupancyMax, p.occupancyMaxAt);
  if (opts.capacity !== null) {
    if (p.minutesAtOrOverCapacity === null) {
      throw new Error("rollupParts: a part was rolled up without a capacity");
    }
    acc.over += p.minutesAtOrOverCapacity;
  }
  acc.adjusted ||= p.adjusted;
  acc.hasData ||= p.hasData;
  acc.occEnd = p.occupancyEnd;
}

function finish(acc: Acc, b: Bucket, opts: RollupOptions): RollupBucket {
  return {
    start: b.start,
    end: b.end,
    entries: acc.entries,
    exits: acc.exits,
    net: acc.entries - acc.exits,
    occupancyStart: acc.occStart,
    occupancyEnd: acc.occEnd,
    occupancyMin: acc.min,
    occupancyMinAt: acc.minAt,
    occupancyMax: acc.max,
    occupancyMaxAt: acc.maxAt,
    occupancyAvg: acc.coveredMs > 0 ? acc.coveredIntegral / (acc.coveredMs / 1000) : null,
    integral: acc.integral,
    coveredIntegral: acc.coveredIntegral,
    coveredSeconds: acc.coveredMs / 1000,
    durationSeconds: (b.end - b.start) / 1000,
    minutesAtOrOverCapacity: opts.capacity === null ? null : acc.over,
    clamps: acc.clamps,
    adjusted: acc.adjusted,
    hasData: acc.hasData,
  };
}

interface Piece<P> {
  span: (p: P) => Bucket;
  end: (p: P) => number;
  add: (acc: Acc, p: P, opts: RollupOptions) => void;
}

function checkBucket(b: Bucket, prevEnd: number): void {
  if (b.start % MINUTE_MS !== 0 || b.end % MINUTE_MS !== 0 || b.end <= b.start) {
    throw new RangeError(`rollup: bucket [${b.start}, ${b.end}) is not a span of whole minutes`);
  }
  if (b.start < prevEnd) throw new RangeError("rollup: buckets must be sorted and not overlap");
}

function aggregate<P>(
  pieces: readonly P[],
  kind: Piece<P>,
  startOccupancy: number,
  buckets: readonly Bucket[],
  opts: RollupOptions,
): RollupBucket[] {
  const out: RollupBucket[] = [];
  let occ = startOccupancy;
  let i = 0;
  let cursor = Number.NEGATIVE_INFINITY; // end of the last piece seen, to check the order
  const take = (limit: number): P | undefined => {
    const p = pieces[i];
    if (p === undefined) return undefined;
    const s = kind.span(p);
    if (s.start >= limit) return undefined;
    if (s.start < cursor) throw new RangeError("rollup: input must be sorted and not overlap");
    if (s.end > limit)
      throw new RangeError(`rollup: input [${s.start}, ${s.end}) straddles ${limit}`);
    cursor = s.end;
    i++;
    return p;
  };
  const first = buckets[0];
  // Input before the first bucket is already accounted for by `startOccupancy`.
  if (first) while (take(first.start) !== undefined);
  let prevEnd = Number.NEGATIVE_INFINITY;
  for (const b of buckets) {
    checkBucket(b, prevEnd);
    prevEnd = b.end;
    // Input between buckets (when they are not contiguous) moves the occupancy on.
    for (let p = take(b.start); p !== undefined; p = take(b.start)) occ = kind.end(p);
    const acc = newAcc(occ);
    let at = b.start;
    for (let p = take(b.end); p !== undefined; p = take(b.end)) {
      const s = kind.span(p);
      addCarried(acc, at, s.start, occ, opts);
      kind.add(acc, p, opts);
      occ = kind.end(p);
      at = s.end;
    }
    addCarried(acc, at, b.end, occ, opts);
    out.push(finish(acc, b, opts));
  }
  return out;
}

const MINUTES: Piece<MinuteBucket> = {
  span: (m) => ({ start: m.minute, end: m.minute + MINUTE_MS }),
  end: (m) => m.occEnd,
  add: addMinute,
};

const PARTS: Piece<RollupBucket> = {
  span: (p) => p,
  end: (p) => p.occupancyEnd,
  add: addPart,
};

/**
 * Rolls an entity's minute buckets up into `buckets` (sorted, whole minutes, e.g. from
 * `bucketBoundaries`). `minutes` is sorted and sparse: a minute without a bucket carries the
 * previous occupancy (`startOccupancy` before the first), adding occ × 60 person-seconds and that
 * occupancy to min/max. Every bucket is returned, filled or not. Minutes before the first bucket
 * are skipped (`startOccupancy` must already include them). Throws on unsorted input or buckets
 * that are not whole minutes (programming errors, not user input).
 */
export function rollup(
  minutes: readonly MinuteBucket[],
  startOccupancy: number,
  buckets: readonly Bucket[],
  opts: RollupOptions,
): RollupBucket[] {
  return aggregate(minutes, MINUTES, startOccupancy, buckets, opts);
}

/**
 * Rolls finer rollups up into coarser `buckets` (quarters → hours of any zone, hours → days, days
 * → months), with the same result as rolling the minutes up directly. `parts` is sorted, each
 * within one bucket; missing parts are carried like missing minutes (their coverage from
 * `opts.covered`). Parts must have been rolled up with the same capacity.
 */
export function rollupParts(
  parts: readonly RollupBucket[],
  startOccupancy: number,
  buckets: readonly Bucket[],
  opts: RollupOptions,
): RollupBucket[] {
  return aggregate(parts, PARTS, startOccupancy, buckets, opts);
}
