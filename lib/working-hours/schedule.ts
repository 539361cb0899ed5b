import { DateTime } from "luxon";

/**
 * A facility's working hours: per local weekday, intervals of local wall-clock time, and local
 * dates on which it is closed. Evaluated in the facility's time zone, so 08:00 is 08:00 local on
 * either side of a daylight-saving change.
 */
export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface Interval {
  /** "HH:MM", inclusive. */
  start: string;
  /** "HH:MM" or "24:00", exclusive; after start. */
  end: string;
}

export interface Schedule {
  weekly: Record<Weekday, Interval[]>;
  /** Local dates "YYYY-MM-DD". */
  closedDates: string[];
}

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(":").map(Number) as [number, number];
  return h * 60 + m;
};

const DAY_MS = 86_400_000;

/** Each working interval of the local day holding `day`, as UTC instants. */
function intervalsOn(schedule: Schedule, day: DateTime): [number, number][] {
  const date = day.toISODate()!;
  if (schedule.closedDates.includes(date)) return [];
  const weekday = WEEKDAYS[day.weekday - 1]!;
  const midnight = day.startOf("day");
  return schedule.weekly[weekday].map((i) => {
    // Wall-clock times, resolved in the zone that day (a time in a DST gap moves forward).
    const at = (hhmm: string) => {
      const m = minutesOf(hhmm);
      if (m >= 24 * 60) return midnight.plus({ days: 1 }).toMillis();
      return midnight.set({ hour: Math.floor(m / 60), minute: m % 60 }).toMillis();
    };
    return [at(i.start), at(i.end)];
  });
}

/** Null schedule: no working hours set, so always working. */
export function isWorkingAt(schedule: Schedule | null, timeZone: string, ms: number): boolean {
  if (!schedule) return true;
  const day = DateTime.fromMillis(ms, { zone: timeZone });
  return intervalsOn(schedule, day).some(([s, e]) => ms >= s && ms < e);
}

/** How much of [fromMs, toMs) falls within working hours, in ms. */
export function workingMsBetween(
  schedule: Schedule | null,
  timeZone: string,
  fromMs: number,
  toMs: number,
): number {
  if (toMs <= fromMs) return 0;
  if (!schedule) return toMs - fromMs;
  let total = 0;
  let day = DateTime.fromMillis(fromMs, { zone: timeZone }).startOf("day");
  // The day before too: its intervals may end at 24:00, i.e. in the next day.
  day = day.minus({ days: 1 });
  while (day.toMillis() < toMs) {
    for (const [s, e] of intervalsOn(schedule, day)) {
      total += Math.max(0, Math.min(e, toMs) - Math.max(s, fromMs));
    }
    day = day.plus({ days: 1 });
  }
  return total;
}

/**
 * The latest instant at or before `ms` (within two days) at which working hours ended, i.e. the
 * end of an interval not continued by another. Null when none (or no schedule).
 */
export function lastClosingAtOrBefore(
  schedule: Schedule | null,
  timeZone: string,
  ms: number,
): number | null {
  if (!schedule) return null;
  const today = DateTime.fromMillis(ms, { zone: timeZone }).startOf("day");
  const all: [number, number][] = [];
  for (let d = -2; d <= 1; d++) all.push(...intervalsOn(schedule, today.plus({ days: d })));
  let best: number | null = null;
  for (const [, end] of all) {
    if (end > ms || ms - end > 2 * DAY_MS) continue;
    if (all.some(([s, e]) => s <= end && e > end)) continue;
    if (best === null || end > best) best = end;
  }
  return best;
}

/** Sorted, with overlapping or touching intervals merged into one. */
export function normaliseDay(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => (a.start < b.start ? -1 : 1));
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.start <= last.end) {
      if (i.end > last.end) last.end = i.end;
    } else {
      out.push({ ...i });
    }
  }
  return out;
}

/** The working stretches within [fromMs, toMs), in time order, touching ones merged. */
export function workingSpans(
  schedule: Schedule,
  timeZone: string,
  fromMs: number,
  toMs: number,
): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  let day = DateTime.fromMillis(fromMs, { zone: timeZone }).startOf("day").minus({ days: 1 });
  while (day.toMillis() < toMs) {
    for (const [s, e] of intervalsOn(schedule, day)) {
      const start = Math.max(s, fromMs);
      const end = Math.min(e, toMs);
      if (end > start) spans.push({ start, end });
    }
    day = day.plus({ days: 1 });
  }
  spans.sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number }[] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}
