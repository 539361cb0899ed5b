import { and, inArray, isNull, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { Executor } from "@/db/client";
import { cameras, facilities, lines, occupancyLive, zones } from "@/db/schema";

export interface SnapshotItem {
  facility_id: string;
  entity_kind: "facility" | "zone" | "camera";
  entity_id: string;
  name: string;
  occupancy: number | null;
  updated_at: string | null;
}

/**
 * The live occupancy of every facility, zone and camera in `scope` ("all": every facility), in a
 * fixed number of queries however many there are. Figures are the live counters as they stand;
 * crossings still waiting to be materialised arrive as occupancy events when they are.
 */
export async function occupancySnapshot(
  db: Executor,
  scope: string[] | "all",
): Promise<SnapshotItem[]> {
  if (scope !== "all" && scope.length === 0) return [];
  const within = (column: PgColumn): SQL | undefined =>
    scope === "all" ? undefined : inArray(column, scope);
  const [facilityRows, zoneRows, cameraRows, boundaries, live] = await Promise.all([
    db
      .select({ id: facilities.id, name: facilities.name })
      .from(facilities)
      .where(and(within(facilities.id), isNull(facilities.deletedAt)))
      .orderBy(facilities.name, facilities.id),
    db
      .select({ id: zones.id, name: zones.name, facilityId: zones.facilityId })
      .from(zones)
      .where(and(within(zones.facilityId), isNull(zones.deletedAt)))
      .orderBy(zones.name, zones.id),
    db
      .select({ id: cameras.id, name: cameras.name, facilityId: cameras.facilityId })
      .from(cameras)
      .where(and(within(cameras.facilityId), isNull(cameras.deletedAt)))
      .orderBy(cameras.name, cameras.id),
    db
      .selectDistinct({ facilityId: lines.facilityId, zoneId: lines.zoneId })
      .from(lines)
      .where(and(within(lines.facilityId), isNull(lines.deletedAt))),
    db.select().from(occupancyLive).where(within(occupancyLive.facilityId)),
  ]);
  const liveOf = new Map(live.map((r) => [`${r.entityKind}:${r.entityId}`, r]));
  // Occupancy is measured only where boundary lines exist; elsewhere it is unknown, not zero.
  const measured = new Set(boundaries.map((b) => b.zoneId ?? b.facilityId));
  const item = (
    kind: SnapshotItem["entity_kind"],
    row: { id: string; name: string },
    facilityId: string,
    isMeasured: boolean,
  ): SnapshotItem => {
    const l = liveOf.get(`${kind}:${row.id}`);
    return {
      facility_id: facilityId,
      entity_kind: kind,
      entity_id: row.id,
      name: row.name,
      occupancy: isMeasured ? (l?.occupancy ?? 0) : null,
      updated_at: l?.updatedAt.toISOString() ?? null,
    };
  };
  const visible = new Set(facilityRows.map((f) => f.id));
  return [
    ...facilityRows.map((f) => item("facility", f, f.id, measured.has(f.id))),
    ...zoneRows
      .filter((z) => visible.has(z.facilityId))
      .map((z) => item("zone", z, z.facilityId, measured.has(z.id))),
    ...cameraRows
      .filter((c) => visible.has(c.facilityId))
      .map((c) => item("camera", c, c.facilityId, true)),
  ];
}
