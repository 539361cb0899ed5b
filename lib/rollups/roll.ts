import { eq, inArray, sql } from "drizzle-orm";
import type { Db, Executor } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { facilities, lines, zones } from "@/db/schema";
import { materialiseFacility } from "@/lib/occupancy/materialise";
import { type BatchItem, rollBatch } from "./batch";
import { earliestMark, facilityMarks, type Mark, markRollup, takeMarks } from "./marks";
import type { QuarterSource } from "./quarters";
import { addCounts, noCounts, type RollupCounts } from "./roll-counts";

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

/** Cameras rolled up per transaction: a few statements per level for all of them. */
const CAMERAS_PER_BATCH = 50;

/** Runs `work` on every item, at most `limit` at a time. */
async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<unknown>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

/**
 * Takes every rollup mark of a facility and rolls those entities up again, each in a transaction
 * of its own (small, so ingest is never held up for long). Cameras first: a camera's coverage
 * counts for the zones and the facility, so its mark passes on to them in the same transaction.
 */
export async function rollupFacility(
  db: Db,
  facilityId: string,
  concurrency = 1,
): Promise<RollupCounts> {
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
  const chunks: Mark[][] = [];
  for (let i = 0; i < cameraMarks.length; i += CAMERAS_PER_BATCH) {
    chunks.push(cameraMarks.slice(i, i + CAMERAS_PER_BATCH));
  }
  // Several chunks at once on PostgreSQL: one chunk's rows are parsed and rolled up in Node while
  // the next one's are read and written by the server.
  await inParallel(chunks, concurrency, (chunk) =>
    db.transaction(async (tx) => {
      const taken = await takeMarks(
        tx,
        "camera",
        chunk.map((m) => m.id),
      );
      if (taken.length === 0) return;
      const lineRows = await tx
        .select({ id: lines.id, cameraId: lines.cameraId })
        .from(lines)
        .where(
          inArray(
            lines.cameraId,
            taken.map((m) => m.id),
          ),
        );
      const items: BatchItem[] = [];
      for (const mark of taken) {
        const coverage = { cameraId: mark.id };
        items.push({
          source: { entity: { kind: "camera", id: mark.id, facilityId }, coverage, capacity: null },
          from: mark.from,
          localFrom: mark.localFrom,
        });
        for (const line of lineRows.filter((l) => l.cameraId === mark.id)) {
          items.push({
            source: { entity: { kind: "line", id: line.id, facilityId }, coverage, capacity: null },
            from: mark.from,
            localFrom: mark.localFrom,
          });
        }
      }
      addCounts(counts, await rollBatch(tx, items, facility.timezone));
      const earliest = earliestMark(taken.map((m) => ({ ...m, localFrom: null })));
      if (earliest !== null && (passed === null || earliest < passed)) {
        for (const area of areas) await markRollup(tx, area, { from: earliest });
      }
    }),
  );
  const rest = (await facilityMarks(db, facilityId)).filter((m) => m.kind !== "camera");
  if (rest.length > 0) {
    await db.transaction(async (tx) => {
      // Zones by id, then the facility: one order everywhere.
      const zoneIds = rest
        .filter((m) => m.kind === "zone")
        .map((m) => m.id)
        .sort();
      const taken = [
        ...(await takeMarks(tx, "zone", zoneIds)),
        ...(await takeMarks(
          tx,
          "facility",
          rest.some((m) => m.kind === "facility") ? [facilityId] : [],
        )),
      ];
      const items = taken.map((mark) => ({
        source: areaSource(facility, mark),
        from: mark.from,
        localFrom: mark.localFrom,
      }));
      if (items.length > 0) addCounts(counts, await rollBatch(tx, items, facility.timezone));
    });
  }
  return counts;
}

/** The rollup job: every facility with marks. */
export async function rollupAll(db: Db, concurrency = 1): Promise<RollupCounts> {
  const result = await db.execute(sql`select distinct facility_id from rollup_pending`);
  const counts = noCounts();
  for (const { facility_id } of rowsOf<{ facility_id: string }>(result)) {
    addCounts(counts, await rollupFacility(db, facility_id, concurrency));
  }
  return counts;
}
