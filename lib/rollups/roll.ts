import { eq, sql } from "drizzle-orm";
import type { Db, Executor } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { facilities, lines, zones } from "@/db/schema";
import { materialiseFacility } from "@/lib/occupancy/materialise";
import { rerollLevel } from "./levels";
import { earliestMark, facilityMarks, type Mark, markRollup, takeMark } from "./marks";
import { readCoverage } from "./minutes";
import { computeQuarters, type QuarterSource, quarterOf } from "./quarters";
import { occupancyAt, replaceBuckets } from "./store";

export interface RollupCounts {
  entities: number;
  quarters: number;
  hours: number;
  days: number;
  months: number;
}

export const noCounts = (): RollupCounts => ({
  entities: 0,
  quarters: 0,
  hours: 0,
  days: 0,
  months: 0,
});

export function addCounts(into: RollupCounts, more: RollupCounts): RollupCounts {
  into.entities += more.entities;
  into.quarters += more.quarters;
  into.hours += more.hours;
  into.days += more.days;
  into.months += more.months;
  return into;
}

/**
 * Rolls one entity up again: its quarters from the minute `from` on (when its minutes changed),
 * then its local hours, days and months from the earlier of that and `localFrom`.
 */
export async function rollEntity(
  tx: Executor,
  source: QuarterSource,
  at: { from: number | null; localFrom: number | null },
  timeZone: string,
  coverage?: readonly number[],
): Promise<RollupCounts> {
  const counts = noCounts();
  counts.entities = 1;
  let local = at.localFrom;
  if (at.from !== null) {
    const q0 = quarterOf(at.from);
    const start = await occupancyAt(tx, "quarter", source.entity, q0);
    const quarters = await computeQuarters(tx, source, q0, start, { coverage });
    counts.quarters = await replaceBuckets(tx, "quarter", source.entity, q0, quarters);
    local = local === null ? q0 : Math.min(local, q0);
  }
  if (local === null) return counts;
  const { capacity } = source;
  counts.hours = (await rerollLevel(tx, source.entity, "hour", local, timeZone, capacity)).rows;
  counts.days = (await rerollLevel(tx, source.entity, "day", local, timeZone, capacity)).rows;
  counts.months = (await rerollLevel(tx, source.entity, "month", local, timeZone, capacity)).rows;
  return counts;
}

interface FacilityShape {
  id: string;
  timezone: string;
  capacity: number | null;
  zones: { id: string; capacity: number | null }[];
}

async function facilityShape(db: Executor, facilityId: string): Promise<FacilityShape | null> {
  const [facility] = await db
    .select({ id: facilities.id, timezone: facilities.timezone, capacity: facilities.capacity })
    .from(facilities)
    .where(eq(facilities.id, facilityId));
  if (!facility) return null;
  const zoneRows = await db
    .select({ id: zones.id, capacity: zones.capacity })
    .from(zones)
    .where(eq(zones.facilityId, facilityId));
  return { ...facility, zones: zoneRows };
}

/** A camera and its lines, on the camera's coverage (read once). */
async function rollCamera(
  tx: Executor,
  facility: FacilityShape,
  cameraId: string,
  at: { from: number | null; localFrom: number | null },
): Promise<RollupCounts> {
  const lineRows = await tx
    .select({ id: lines.id })
    .from(lines)
    .where(eq(lines.cameraId, cameraId));
  const coverage =
    at.from === null ? undefined : await readCoverage(tx, { cameraId }, quarterOf(at.from));
  const counts = await rollEntity(
    tx,
    {
      entity: { kind: "camera", id: cameraId, facilityId: facility.id },
      coverage: { cameraId },
      capacity: null,
    },
    at,
    facility.timezone,
    coverage,
  );
  for (const line of lineRows) {
    const source: QuarterSource = {
      entity: { kind: "line", id: line.id, facilityId: facility.id },
      coverage: { cameraId },
      capacity: null,
    };
    addCounts(counts, await rollEntity(tx, source, at, facility.timezone, coverage));
  }
  return counts;
}

function areaSource(facility: FacilityShape, mark: Mark): QuarterSource {
  const capacity =
    mark.kind === "facility"
      ? facility.capacity
      : (facility.zones.find((z) => z.id === mark.id)?.capacity ?? null);
  return {
    entity: { kind: mark.kind, id: mark.id, facilityId: facility.id },
    coverage: { facilityId: facility.id },
    capacity,
  };
}

/**
 * Takes every rollup mark of a facility and rolls those entities up again, each in a transaction
 * of its own (small, so ingest is never held up for long). Cameras first: a camera's coverage
 * counts for the zones and the facility, so its mark passes on to them in the same transaction.
 */
export async function rollupFacility(db: Db, facilityId: string): Promise<RollupCounts> {
  const counts = noCounts();
  await materialiseFacility(db, facilityId);
  const facility = await facilityShape(db, facilityId);
  if (!facility) return counts;
  const areas = [
    ...facility.zones.map((z) => ({ kind: "zone" as const, id: z.id, facilityId })),
    { kind: "facility" as const, id: facilityId, facilityId },
  ];
  const cameraMarks = (await facilityMarks(db, facilityId)).filter((m) => m.kind === "camera");
  // The areas are marked once, from the earliest camera mark, before any camera mark is taken
  // (not once per camera: 500 cameras made that a quarter of the job's statements). A camera mark
  // moved earlier meanwhile still passes on in its own transaction.
  const passed = earliestMark(cameraMarks.map((m) => ({ ...m, localFrom: null })));
  if (passed !== null) {
    await db.transaction(async (tx) => {
      for (const area of areas) await markRollup(tx, area, { from: passed });
    });
  }
  for (const mark of cameraMarks) {
    await db.transaction(async (tx) => {
      const taken = await takeMark(tx, mark);
      if (!taken) return;
      addCounts(counts, await rollCamera(tx, facility, taken.id, taken));
      if (taken.from !== null && (passed === null || taken.from < passed)) {
        for (const area of areas) await markRollup(tx, area, { from: taken.from });
      }
    });
  }
  const rest = (await facilityMarks(db, facilityId))
    .filter((m) => m.kind !== "camera")
    // Zones by id, then the facility: one order everywhere.
    .sort((a, b) => (a.kind === b.kind ? (a.id < b.id ? -1 : 1) : a.kind === "zone" ? -1 : 1));
  for (const mark of rest) {
    await db.transaction(async (tx) => {
      const taken = await takeMark(tx, mark);
      if (!taken) return;
      addCounts(
        counts,
        await rollEntity(tx, areaSource(facility, taken), taken, facility.timezone),
      );
    });
  }
  return counts;
}

/** The rollup job: every facility with marks. */
export async function rollupAll(db: Db): Promise<RollupCounts> {
  const result = await db.execute(sql`select distinct facility_id from rollup_pending`);
  const counts = noCounts();
  for (const { facility_id } of rowsOf<{ facility_id: string }>(result)) {
    addCounts(counts, await rollupFacility(db, facility_id));
  }
  return counts;
}
