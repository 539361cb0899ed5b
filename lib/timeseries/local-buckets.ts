import { DateTime, IANAZone } from "luxon";
import { MINUTE_MS } from "./minute";

export type Unit = "minute" | "quarter" | "hour" | "day" | "month";

export const UNITS: readonly Unit[] = ["minute", "quarter", "hour", "day", "month"];

/** A half-open span of time [start, end) in UTC epoch ms. */
export interface Bucket {
  start: number;
  end: number;
}

export interface FormattedBucket {
  /** ISO-8601 with the local offset, seconds, no millis: `2026-10-25T02:00:00+01:00`. */
  start: string;
  end: string;
  /** Local `YYYY-MM-DD` of the start, on day buckets only. */
  date?: string;
  /** Local `YYYY-MM` of the start, on month buckets only. */
  month?: string;
}

const SUB_DAY_MS = { minute: MINUTE_MS, quarter: 15 * MINUTE_MS, hour: 60 * MINUTE_MS } as const;

function zoneOf(timeZone: string): IANAZone {
  const zone = IANAZone.create(timeZone);
  if (!zone.isValid) throw new RangeError(`Unknown IANA time zone: ${timeZone}`);
  return zone;
}

const offsetMs = (zone: IANAZone, ms: number): number => zone.offset(ms) * MINUTE_MS;

/**
 * The first whole minute in (a, b] whose UTC offset differs from a's, or null when a and b share
 * an offset. Assumes at most one change in the span (spans here are at most a day) and changes
 * on whole minutes (true of every IANA transition since 1972).
 */
function offsetChange(zone: IANAZone, a: number, b: number): number | null {
  const before = zone.offset(a);
  if (zone.offset(b) === before) return null;
  let lo = a;
  let hi = b;
  while (hi - lo > MINUTE_MS) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE_MS) * MINUTE_MS;
    if (zone.offset(mid) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** Start of the sub-day bucket holding `ms`: local clock aligned, or the offset change inside it. */
function floorSubDay(zone: IANAZone, ms: number, step: number): number {
  const o = offsetMs(zone, ms);
  const aligned = Math.floor((ms + o) / step) * step - o;
  return offsetChange(zone, aligned, Math.floor(ms / MINUTE_MS) * MINUTE_MS) ?? aligned;
}

const DAY_MS = 24 * 60 * MINUTE_MS;

/**
 * The first offset change after `from` (a whole minute), looking no further than the day holding
 * `limit`; Infinity when none. Probes a day at a time: real zones never change twice in a day.
 */
function nextOffsetChange(zone: IANAZone, from: number, limit: number): number {
  const offset = zone.offset(from);
  for (let a = from; a < limit; a += DAY_MS) {
    const change = zone.offset(a + DAY_MS) === offset ? null : offsetChange(zone, a, a + DAY_MS);
    if (change !== null) return change;
  }
  return Number.POSITIVE_INFINITY;
}

/**
 * The sub-day buckets from `start` (a boundary) until `toMs`: each ends at the next local clock
 * boundary, or at an offset change first. About one offset lookup per day.
 */
function subDayBuckets(zone: IANAZone, start: number, toMs: number, step: number): Bucket[] {
  const buckets: Bucket[] = [];
  const limit = toMs + step;
  let o = zone.offset(start) * MINUTE_MS;
  let change = nextOffsetChange(zone, start, limit);
  while (start < toMs) {
    let end = Math.floor((start + o) / step) * step + step - o;
    if (end >= change) {
      end = change;
      o = zone.offset(change) * MINUTE_MS;
      change = nextOffsetChange(zone, change, limit);
    }
    buckets.push({ start, end });
    start = end;
  }
  return buckets;
}

function floorCalendar(ms: number, unit: "day" | "month", timeZone: string): number {
  return DateTime.fromMillis(ms, { zone: timeZone }).startOf(unit).toMillis();
}

function nextCalendar(start: number, unit: "day" | "month", timeZone: string): number {
  const local = DateTime.fromMillis(start, { zone: timeZone });
  const next = unit === "day" ? local.plus({ days: 1 }) : local.plus({ months: 1 });
  return next.startOf(unit).toMillis();
}

/**
 * Consecutive local buckets covering [fromMs, toMs). ALIGNED, never clipped: the first bucket is the
 * whole bucket holding `fromMs` (from rounded down) and the last the whole bucket holding `toMs - 1`
 * (to rounded up), so every bucket is a full local minute/quarter/hour/day/month. Empty when
 * fromMs ≥ toMs.
 *
 * - minute, quarter, hour: local clock boundaries (hh:mm with mm a multiple of 1/15/60) in real
 *   elapsed time, so a 25-hour day has 25 hour buckets (its repeated hour twice, under different
 *   offsets) and a 23-hour day 23; in +05:30/+05:45 zones hours start at local :00, i.e. UTC :30/:15.
 *   A bucket never spans two UTC offsets: an offset change that is not on a local boundary (only
 *   half-hour shifts do that, e.g. Australia/Lord_Howe) splits the bucket there.
 * - day, month: local midnight to local midnight (first instant of the day when midnight does not
 *   exist, e.g. America/Santiago), so days last 23, 24 or 25 hours.
 */
export function bucketBoundaries(
  fromMs: number,
  toMs: number,
  unit: Unit,
  timeZone: string,
): Bucket[] {
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs)) {
    throw new RangeError("bucketBoundaries needs finite instants");
  }
  const zone = zoneOf(timeZone);
  if (fromMs >= toMs) return [];
  if (unit !== "day" && unit !== "month") {
    const step = SUB_DAY_MS[unit];
    return subDayBuckets(zone, floorSubDay(zone, fromMs, step), toMs, step);
  }
  const buckets: Bucket[] = [];
  let start = floorCalendar(fromMs, unit, timeZone);
  while (start < toMs) {
    const end = nextCalendar(start, unit, timeZone);
    buckets.push({ start, end });
    start = end;
  }
  return buckets;
}

/** An instant as ISO-8601 in `timeZone` with its offset, always `±HH:MM` (never `Z`), no millis. */
export function formatInstant(ms: number, timeZone: string): string {
  return DateTime.fromMillis(ms, { zone: timeZone }).toFormat("yyyy-MM-dd'T'HH:mm:ssZZ");
}

/** A bucket's API form: local ISO start/end, plus `date` on days and `month` on months. */
export function formatBucket(bucket: Bucket, unit: Unit, timeZone: string): FormattedBucket {
  zoneOf(timeZone);
  const out: FormattedBucket = {
    start: formatInstant(bucket.start, timeZone),
    end: formatInstant(bucket.end, timeZone),
  };
  const local = DateTime.fromMillis(bucket.start, { zone: timeZone });
  if (unit === "day") out.date = local.toFormat("yyyy-MM-dd");
  if (unit === "month") out.month = local.toFormat("yyyy-MM");
  return out;
}
