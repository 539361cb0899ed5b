import { and, eq, isNull } from "drizzle-orm";
import type { Db, Executor } from "@/db/client";
import { cameras, facilities, lines, zones } from "@/db/schema";
import type { AggregateDto, AggregateInput } from "@/lib/api/schemas/aggregate";
import type { Principal } from "@/lib/auth/principal";
import { visibleFacilities } from "@/lib/auth/scope";
import { getActiveFacility } from "@/lib/facilities/facilities";
import { requireRange } from "@/lib/history/range";
import { bucketBoundaries, formatInstant } from "@/lib/timeseries/local-buckets";
import { BELOW, type LocalLevel, localStart, rollLocal } from "./levels";
import { computeQuarters, QUARTER_MS, type QuarterSource, quarterOf } from "./quarters";
import { retentionCutoff } from "./retention";
import { rollupFacility } from "./roll";
import { addCounts, noCounts, type RollupCounts } from "./roll-counts";
import { occupancyAt, readBuckets, replaceBuckets } from "./store";

const LEVELS: LocalLevel[] = ["hour", "day", "month"];
const COUNT_OF = { hour: "hours", day: "days", month: "months" } as const;

/**
 * Rolls one entity up again over [fromMs, toMs): quarters from the minutes still kept, then the
 * local hours, days and months holding the range from the level below.
 */
async function rollRange(
  tx: Executor,
  source: QuarterSource,
  fromMs: number,
  toMs: number,
  cutoff: number,
  timeZone: string,
): Promise<RollupCounts> {
  const counts = noCounts();
  counts.entities = 1;
  const q0 = quarterOf(Math.max(fromMs, cutoff));
  const q1 = Math.ceil(toMs / QUARTER_MS) * QUARTER_MS;
  if (q0 < q1) {
    const start = await occupancyAt(tx, "quarter", source.entity, q0);
    const quarters = await computeQuarters(tx, source, q0, start, { toMs: q1 });
    counts.quarters = await replaceBuckets(tx, "quarter", source.entity, q0, quarters, q1);
  }
  for (const level of LEVELS) {
    const from = localStart(fromMs, level, timeZone);
    const to = bucketBoundaries(toMs - 1, toMs, level, timeZone)[0]!.end;
    const below = BELOW[level];
    const parts = await readBuckets(tx, below, source.entity, from, to);
    const start = await occupancyAt(tx, below, source.entity, from);
    const rolled = rollLocal(
      parts,
      bucketBoundaries(from, to, level, timeZone),
      start,
      source.capacity,
    );
    counts[COUNT_OF[level]] = await replaceBuckets(tx, level, source.entity, from, rolled, to);
  }
  return counts;
}

async function sourcesOf(db: Db, facility: { id: string; capacity: number | null }) {
  const facilityId = facility.id;
  const [cameraRows, lineRows, zoneRows] = [
    await db.select({ id: cameras.id }).from(cameras).where(eq(cameras.facilityId, facilityId)),
    await db
      .select({ id: lines.id, cameraId: lines.cameraId })
      .from(lines)
      .innerJoin(cameras, eq(cameras.id, lines.cameraId))
      .where(eq(cameras.facilityId, facilityId)),
    await db
      .select({ id: zones.id, capacity: zones.capacity })
      .from(zones)
      .where(eq(zones.facilityId, facilityId)),
  ];
  const whole = { facilityId };
  return [
    ...cameraRows.map(
      (c): QuarterSource => ({
        entity: { kind: "camera", id: c.id, facilityId },
        coverage: { cameraId: c.id },
        capacity: null,
      }),
    ),
    ...lineRows.map(
      (l): QuarterSource => ({
        entity: { kind: "line", id: l.id, facilityId },
        coverage: { cameraId: l.cameraId },
        capacity: null,
      }),
    ),
    ...zoneRows.map(
      (z): QuarterSource => ({
        entity: { kind: "zone", id: z.id, facilityId },
        coverage: whole,
        capacity: z.capacity,
      }),
    ),
    {
      entity: { kind: "facility", id: facilityId, facilityId },
      coverage: whole,
      capacity: facility.capacity,
    } satisfies QuarterSource,
  ];
}

/**
 * `POST /api/occupancy/aggregate`: brings every pending rollup up to date, then rolls the range up
 * again from the minutes (and, before the retention cutoff, from the quarters), and says what it
 * did. Safe to repeat: the same minutes give the same rollups.
 */
export async function aggregateNow(
  db: Db,
  input: AggregateInput,
  actor: Principal,
  now = Date.now(),
): Promise<AggregateDto> {
  const started = performance.now();
  const targets = input.facility_id
    ? [await getActiveFacility(db, input.facility_id, actor)]
    : await db
        .select()
        .from(facilities)
        .where(and(isNull(facilities.deletedAt), visibleFacilities(actor, facilities.id)));
  const cutoff = retentionCutoff(now);
  const results: AggregateDto["facilities"] = [];
  for (const facility of targets) {
    const zone = facility.timezone;
    const range = input.from
      ? requireRange(
          { from: input.from, to: input.to, unit: "hour", timeZone: zone, nowMs: now },
          "body",
        )
      : { fromMs: localStart(now, "day", zone), toMs: now };
    const counts = await rollupFacility(db, facility.id);
    for (const source of await sourcesOf(db, facility)) {
      const done = await db.transaction((tx) =>
        rollRange(tx, source, range.fromMs, range.toMs, cutoff, zone),
      );
      addCounts(counts, done);
    }
    results.push({
      facility_id: facility.id,
      timezone: zone,
      from: formatInstant(range.fromMs, zone),
      to: formatInstant(range.toMs, zone),
      ...counts,
    });
  }
  return { facilities: results, duration_ms: Math.round(performance.now() - started) };
}
