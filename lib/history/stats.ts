import { DateTime } from "luxon";
import type { Db } from "@/db/client";
import type { HistoryBucketDto, HistoryDto } from "@/lib/api/schemas/history";
import type { FacilityStatsDto, StatsQueryInput } from "@/lib/api/schemas/stats";
import type { Principal } from "@/lib/auth/principal";
import { resolveFacility } from "@/lib/facilities/resolve";
import { workingSpans } from "@/lib/working-hours/schedule";
import { getSchedule } from "@/lib/working-hours/working-hours";
import { getHistory, seriesOf, targetOf } from "./history";

const durationS = (b: HistoryBucketDto) => (Date.parse(b.end) - Date.parse(b.start)) / 1000;

function figures(history: HistoryDto) {
  let entries = 0;
  let exits = 0;
  let peak: HistoryBucketDto | null = null;
  let personSeconds = 0;
  let coveredSeconds = 0;
  let overCapacity: number | null = null;
  let integral = 0;
  for (const b of history.buckets) {
    integral += b.occupancy_integral ?? 0;
    entries += b.entries;
    exits += b.exits;
    const covered = b.coverage * durationS(b);
    if (b.occupancy_avg !== null && covered > 0) {
      personSeconds += b.occupancy_avg * covered;
      coveredSeconds += covered;
    }
    if (
      b.occupancy_max !== null &&
      (peak === null || b.occupancy_max > (peak.occupancy_max ?? 0))
    ) {
      peak = b;
    }
    if (b.minutes_over_capacity !== null)
      overCapacity = (overCapacity ?? 0) + b.minutes_over_capacity;
  }
  return {
    from: history.from,
    to: history.to,
    entries,
    exits,
    peak_occupancy: peak?.occupancy_max ?? null,
    peak_at: peak?.occupancy_max_at ?? null,
    average_occupancy: coveredSeconds > 0 ? round(personSeconds / coveredSeconds) : null,
    integral,
    minutes_over_capacity: overCapacity,
  };
}

/** The local hour of day and day of week with the most entries. */
function busiest(history: HistoryDto) {
  const byHour = new Map<number, number>();
  const byWeekday = new Map<string, number>();
  for (const b of history.buckets) {
    if (b.entries === 0) continue;
    const local = DateTime.fromISO(b.start, { setZone: true });
    byHour.set(local.hour, (byHour.get(local.hour) ?? 0) + b.entries);
    byWeekday.set(local.weekdayLong!, (byWeekday.get(local.weekdayLong!) ?? 0) + b.entries);
  }
  const top = <K>(m: Map<K, number>) => [...m].sort((a, b) => b[1] - a[1])[0];
  const hour = top(byHour);
  const weekday = top(byWeekday);
  return {
    busiest_hour: hour ? { hour: hour[0], entries: hour[1] } : null,
    busiest_weekday: weekday ? { weekday: weekday[0], entries: weekday[1] } : null,
  };
}

const pct = (now: number | null, before: number | null) =>
  now === null || before === null || before === 0 ? null : round(((now - before) / before) * 100);
const round = (v: number) => Math.round(v * 1000) / 1000;

/** A facility's figures for a range, from its hourly history, beside the period just before. */
export async function getFacilityStats(
  db: Db,
  query: StatsQueryInput,
  actor: Principal,
  now = Date.now(),
): Promise<FacilityStatsDto> {
  const facility = await resolveFacility(db, query.facility_id, actor);
  const zone = query.tz ?? facility.timezone;
  const today = DateTime.fromMillis(now, { zone }).startOf("day");
  const from = query.from ?? today.minus({ days: 6 }).toISODate()!;
  const to = query.to ?? today.plus({ days: 1 }).toISODate()!;
  const current = await getHistory(
    db,
    "facility",
    facility.id,
    "hour",
    { from, to, tz: zone },
    actor,
    now,
  );
  const span = Date.parse(current.to) - Date.parse(current.from);
  const previous = await getHistory(
    db,
    "facility",
    facility.id,
    "hour",
    { from: new Date(Date.parse(current.from) - span).toISOString(), to: current.from, tz: zone },
    actor,
    now,
  );
  const mine = figures(current);
  const working = await workingHoursFigures(
    db,
    facility,
    Date.parse(current.from),
    Date.parse(current.to),
    now,
  );
  const before = figures(previous);
  return {
    facility_id: facility.id,
    timezone: zone,
    from: mine.from,
    to: mine.to,
    entries: mine.entries,
    exits: mine.exits,
    peak_occupancy: mine.peak_occupancy,
    peak_at: mine.peak_at,
    average_occupancy: mine.average_occupancy,
    minutes_over_capacity: mine.minutes_over_capacity,
    // Little's law: the time people spent inside, over the people who came in.
    average_dwell_minutes: mine.entries > 0 ? round(mine.integral / mine.entries / 60) : null,
    ...busiest(current),
    working_hours: working,
    previous: {
      from: before.from,
      to: before.to,
      entries: before.entries,
      exits: before.exits,
      peak_occupancy: before.peak_occupancy,
      average_occupancy: before.average_occupancy,
    },
    change: {
      entries_pct: pct(mine.entries, before.entries),
      peak_occupancy_pct: pct(mine.peak_occupancy, before.peak_occupancy),
      average_occupancy_pct: pct(mine.average_occupancy, before.average_occupancy),
    },
  };
}

/** The range's figures within the facility's working hours, exact to the minute. */
async function workingHoursFigures(
  db: Db,
  facility: { id: string; timezone: string; capacity: number | null },
  fromMs: number,
  toMs: number,
  now: number,
): Promise<FacilityStatsDto["working_hours"]> {
  const schedule = await getSchedule(db, facility.id);
  if (!schedule) return null;
  const spans = workingSpans(schedule, facility.timezone, fromMs, toMs);
  const target = targetOf("facility", facility.id, facility, facility.capacity, null);
  const series =
    spans.length > 0 ? await seriesOf(db, target, "minute", spans, facility.timezone, now) : [];
  let entries = 0;
  let exits = 0;
  let peak: number | null = null;
  let personSeconds = 0;
  let coveredSeconds = 0;
  for (const b of series) {
    if (!b) continue;
    entries += b.entries;
    exits += b.exits;
    peak = peak === null ? b.occupancyMax : Math.max(peak, b.occupancyMax);
    personSeconds += b.coveredIntegral;
    coveredSeconds += b.coveredSeconds;
  }
  const hours = spans.reduce((sum, s) => sum + (s.end - s.start), 0) / 3_600_000;
  return {
    hours: round(hours),
    entries,
    exits,
    peak_occupancy: peak,
    average_occupancy: coveredSeconds > 0 ? round(personSeconds / coveredSeconds) : null,
  };
}
