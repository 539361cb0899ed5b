import { and, eq, isNotNull, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { cameras, type Facility, facilities, occupancyAdjustments, zones } from "@/db/schema";
import { bumpCameraVersion } from "@/lib/ingest/camera-version";
import { periodStart } from "@/lib/timeseries/period";
import { type Entity, lockEntity, replayEntity } from "./ledger";

/**
 * Records the facility's latest daily reset (occupancy 0 at its local reset time) for the
 * facility, its zones and its cameras, if not recorded yet, and replays each from it. Idempotent
 * and safe on any instance: one reset row per entity and instant (unique index).
 */
export async function applyDueReset(db: Db, facility: Facility, now = Date.now()): Promise<number> {
  if (!facility.resetTime) return 0;
  const at = periodStart(now, facility.timezone, facility.resetTime);
  const resetAt = new Date(at);
  const [zoneRows, cameraRows, done] = await Promise.all([
    db
      .select({ id: zones.id })
      .from(zones)
      .where(and(eq(zones.facilityId, facility.id), isNull(zones.deletedAt))),
    db
      .select({ id: cameras.id })
      .from(cameras)
      .where(and(eq(cameras.facilityId, facility.id), isNull(cameras.deletedAt))),
    db
      .select({ kind: occupancyAdjustments.entityKind, id: occupancyAdjustments.entityId })
      .from(occupancyAdjustments)
      .where(
        and(
          eq(occupancyAdjustments.facilityId, facility.id),
          eq(occupancyAdjustments.kind, "reset"),
          eq(occupancyAdjustments.ts, resetAt),
        ),
      ),
  ]);
  const recordedAlready = new Set(done.map((d) => `${d.kind}:${d.id}`));
  const entities: Entity[] = [
    ...cameraRows.map((c) => ({ kind: "camera" as const, id: c.id, facilityId: facility.id })),
    ...zoneRows.map((z) => ({ kind: "zone" as const, id: z.id, facilityId: facility.id })),
    { kind: "facility" as const, id: facility.id, facilityId: facility.id },
  ].filter((e) => !recordedAlready.has(`${e.kind}:${e.id}`));
  let recorded = 0;
  for (const entity of entities) {
    const done = await db.transaction(async (tx) => {
      // A camera's ingest replays from a cached tail: make it stale first (and wait for a batch
      // in flight, which holds the same row).
      if (entity.kind === "camera") await bumpCameraVersion(tx, entity.id);
      await lockEntity(tx, entity);
      const inserted = await tx
        .insert(occupancyAdjustments)
        .values({
          facilityId: facility.id,
          entityKind: entity.kind,
          entityId: entity.id,
          kind: "reset",
          ts: resetAt,
          value: 0,
          reason: `daily reset at ${facility.resetTime} ${facility.timezone}`,
          createdBy: "scheduler",
        })
        .onConflictDoNothing()
        .returning({ id: occupancyAdjustments.id });
      if (inserted.length === 0) return false;
      await replayEntity(tx, entity, at, facility.allowNegative);
      return true;
    });
    if (done) recorded++;
  }
  return recorded;
}

/** The reset job: every facility with a reset time. */
export async function applyDueResets(db: Db, now = Date.now()): Promise<number> {
  const due = await db
    .select()
    .from(facilities)
    .where(and(isNotNull(facilities.resetTime), isNull(facilities.deletedAt)));
  let recorded = 0;
  for (const facility of due) recorded += await applyDueReset(db, facility, now);
  return recorded;
}
