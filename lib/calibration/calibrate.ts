import type { Db } from "@/db/client";
import { findFacility } from "@/db/queries/facilities";
import { type EntityKind, occupancyAdjustments } from "@/db/schema";
import { validationFailed } from "@/lib/api/errors";
import type { CalibrateInput, CalibrationDto } from "@/lib/api/schemas/live";
import { recordAudit } from "@/lib/audit/audit";
import type { Principal } from "@/lib/auth/principal";
import { getActiveCamera } from "@/lib/cameras/cameras";
import { getActiveFacility } from "@/lib/facilities/facilities";
import { bumpCameraVersion } from "@/lib/ingest/camera-version";
import { iso } from "@/lib/iso";
import { type Entity, lockEntity, replayEntity } from "@/lib/occupancy/ledger";
import { retentionCutoff } from "@/lib/rollups/retention";
import { getActiveZone } from "@/lib/zones/zones";

const MAX_FUTURE_MS = 5 * 60_000;

async function resolveEntity(
  db: Db,
  kind: EntityKind,
  id: string,
  actor: Principal,
): Promise<Entity> {
  switch (kind) {
    case "camera":
      return { kind, id, facilityId: (await getActiveCamera(db, id, actor)).facilityId };
    case "zone":
      return { kind, id, facilityId: (await getActiveZone(db, id, actor)).facilityId };
    case "facility":
      return { kind, id, facilityId: (await getActiveFacility(db, id, actor)).id };
  }
}

/**
 * Sets an entity's occupancy at an instant. The calibration is a ledger row of its own: raw
 * crossings are never rewritten, and every later minute is replayed from it.
 */
export async function calibrate(
  db: Db,
  kind: EntityKind,
  id: string,
  input: CalibrateInput,
  actor: Principal,
  now = Date.now(),
): Promise<CalibrationDto> {
  const entity = await resolveEntity(db, kind, id, actor);
  const facility = (await findFacility(db, entity.facilityId))!;
  if (input.occupancy < 0 && !facility.allowNegative) {
    throw validationFailed([
      {
        path: "occupancy",
        code: "negative",
        message: "This facility does not allow negative occupancy",
      },
    ]);
  }
  const ts = input.ts ? Date.parse(input.ts) : now;
  if (ts > now + MAX_FUTURE_MS) {
    throw validationFailed([{ path: "ts", code: "in_future", message: "ts is in the future" }]);
  }
  if (ts < retentionCutoff(now)) {
    const kept = new Date(retentionCutoff(now)).toISOString();
    throw validationFailed([
      {
        path: "ts",
        code: "too_old",
        message: `ts is before ${kept}, the start of the kept raw data`,
      },
    ]);
  }
  return db.transaction(async (tx) => {
    // A camera's ingest replays its occupancy from a cached tail: make that cache stale.
    if (kind === "camera") await bumpCameraVersion(tx, id);
    await lockEntity(tx, entity);
    const [row] = await tx
      .insert(occupancyAdjustments)
      .values({
        facilityId: entity.facilityId,
        entityKind: kind,
        entityId: id,
        kind: "calibration",
        ts: new Date(ts),
        value: input.occupancy,
        reason: input.reason,
        createdBy: actor.label,
      })
      .returning();
    await recordAudit(tx, actor, {
      action: `${kind}.calibrate`,
      entityKind: kind,
      entityId: id,
      facilityId: entity.facilityId,
      details: { occupancy: input.occupancy, reason: input.reason, ts: new Date(ts).toISOString() },
    });
    await replayEntity(tx, entity, ts, facility.allowNegative);
    return {
      id: `cal_${row!.id}`,
      entity_kind: kind,
      entity_id: id,
      occupancy: row!.value,
      reason: row!.reason,
      ts: iso(row!.ts),
      created_at: iso(row!.createdAt),
    };
  });
}
