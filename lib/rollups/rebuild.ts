import { eq, min } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { cameras, occupancyMonthly, occupancyQuarters, zones } from "@/db/schema";
import { markRollup } from "./marks";
import { retentionCutoff } from "./retention";

/**
 * A facility's time zone changed: its local hours, days and months are rebuilt from the quarters
 * (kept for the long term, so every day since the first one can be served in the new zone).
 */
export async function rebuildLocalRollups(tx: Executor, facilityId: string): Promise<void> {
  // From the first stored month (in the old zone), so no row of the old zone is ever read as
  // one of the new zone's: readers treat every bucket from there on as behind.
  let localFrom = Number.POSITIVE_INFINITY;
  for (const table of [occupancyMonthly, occupancyQuarters]) {
    const [first] = await tx
      .select({ start: min(table.start) })
      .from(table)
      .where(eq(table.facilityId, facilityId));
    if (first?.start) localFrom = Math.min(localFrom, first.start.getTime());
  }
  if (!Number.isFinite(localFrom)) return;
  const cameraRows = await tx
    .select({ id: cameras.id })
    .from(cameras)
    .where(eq(cameras.facilityId, facilityId));
  const zoneRows = await tx
    .select({ id: zones.id })
    .from(zones)
    .where(eq(zones.facilityId, facilityId));
  const entities = [
    ...cameraRows.map((c) => ({ kind: "camera" as const, id: c.id, facilityId })),
    ...zoneRows.map((z) => ({ kind: "zone" as const, id: z.id, facilityId })),
    { kind: "facility" as const, id: facilityId, facilityId },
  ];
  for (const entity of entities) await markRollup(tx, entity, { localFrom });
}

/**
 * A capacity changed: minutes over capacity are judged again for every minute still kept; older
 * quarters keep the capacity that was in force when they were rolled up.
 */
export async function remeasureCapacity(
  tx: Executor,
  entity: { kind: "zone" | "facility"; id: string; facilityId: string },
  now = Date.now(),
): Promise<void> {
  await markRollup(tx, entity, { from: retentionCutoff(now) });
}
