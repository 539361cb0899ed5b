import { MINUTE_MS, minuteOf } from "./minute";

/** One input of an entity's occupancy ledger, in event time. */
export type LedgerEvent =
  | { ts: number; kind: "crossing"; delta: 1 | -1 }
  /** A calibration, reset or checkpoint: the occupancy *is* `value` from `ts` on. */
  | { ts: number; kind: "set"; value: number };

/** A minute of one entity's occupancy. `integral` is person-seconds over the whole minute. */
export interface MinuteBucket {
  minute: number;
  entries: number;
  exits: number;
  occStart: number;
  occEnd: number;
  occMin: number;
  occMax: number;
  /** ms into the minute at which occMax was first reached. */
  occMaxAtMs: number;
  integral: number;
  /** Times the replay held occupancy at zero instead of letting it go negative. */
  clamps: number;
  adjusted: boolean;
}

export interface ReplayInput {
  /** Occupancy at the start of `fromMinute` (the previous bucket's end, or 0). */
  start: number;
  fromMinute: number;
  /** Events at or after `fromMinute`, any order: the replay sorts them (stable). */
  events: readonly LedgerEvent[];
  /** Minutes that already have a bucket and must be rewritten even if no event falls in them. */
  existingMinutes: readonly number[];
  allowNegative: boolean;
}

export interface ReplayResult {
  buckets: MinuteBucket[];
  /** Occupancy after the last event. */
  end: number;
}

/**
 * Replays an entity's ledger forward in event time from `fromMinute`. Minutes without a bucket
 * carry the previous occupancy unchanged, so only minutes with events or an existing bucket are
 * produced. Clamps at zero are decided here, in event order, never at arrival: a late event that
 * lands before others changes where (and whether) the count touched zero.
 */
export function replayOccupancy(input: ReplayInput): ReplayResult {
  const events = [...input.events].sort((a, b) => a.ts - b.ts);
  const minutes = new Set(input.existingMinutes.filter((m) => m >= input.fromMinute));
  for (const e of events) minutes.add(minuteOf(e.ts));
  const ordered = [...minutes].sort((a, b) => a - b);

  const buckets: MinuteBucket[] = [];
  let occ = input.start;
  let i = 0;
  for (const minute of ordered) {
    const bucket: MinuteBucket = {
      minute,
      entries: 0,
      exits: 0,
      occStart: occ,
      occEnd: occ,
      occMin: occ,
      occMax: occ,
      occMaxAtMs: 0,
      integral: 0,
      clamps: 0,
      adjusted: false,
    };
    let since = 0; // ms into the minute at which `occ` began
    const end = minute + MINUTE_MS;
    for (; i < events.length && events[i]!.ts < end; i++) {
      const e = events[i]!;
      const at = Math.max(0, e.ts - minute);
      bucket.integral += (occ * (at - since)) / 1000;
      since = at;
      if (e.kind === "set") {
        occ = e.value;
        bucket.adjusted = true;
      } else {
        if (e.delta > 0) bucket.entries++;
        else bucket.exits++;
        if (occ + e.delta < 0 && !input.allowNegative) bucket.clamps++;
        else occ += e.delta;
      }
      if (occ > bucket.occMax) {
        bucket.occMax = occ;
        bucket.occMaxAtMs = at;
      }
      if (occ < bucket.occMin) bucket.occMin = occ;
    }
    bucket.integral += (occ * (MINUTE_MS - since)) / 1000;
    bucket.occEnd = occ;
    buckets.push(bucket);
  }
  return { buckets, end: occ };
}
