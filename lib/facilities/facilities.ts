import { and, asc, eq, gt, isNull } from "drizzle-orm";
import type { Db, Executor } from "@/db/client";
import { newId } from "@/db/ids";
import { countFacilityDependents, findFacility } from "@/db/queries/facilities";
import { type Facility, facilities } from "@/db/schema";
import { AppError, conflict, notFound } from "@/lib/api/errors";
import type {
  CreateFacilityInput,
  FacilityDto,
  UpdateFacilityInput,
} from "@/lib/api/schemas/facility";
import { recordAudit } from "@/lib/audit/audit";
import type { Principal } from "@/lib/auth/principal";
import { assertAllFacilities, assertVisible, visibleFacilities } from "@/lib/auth/scope";
import { iso } from "@/lib/iso";
import { decodeCursor, pageOf } from "@/lib/pagination";
import { rebuildLocalRollups, remeasureCapacity } from "@/lib/rollups/rebuild";

export function toFacilityDto(f: Facility): FacilityDto {
  return {
    id: f.id,
    name: f.name,
    timezone: f.timezone,
    capacity: f.capacity,
    warning_threshold: f.warningThreshold,
    reset_time: f.resetTime,
    allow_negative: f.allowNegative,
    is_default: f.isDefault,
    created_at: iso(f.createdAt),
    updated_at: iso(f.updatedAt),
  };
}

/** The facility, if it exists and (given an actor) the actor may see it; else 404. */
export async function getActiveFacility(
  db: Executor,
  id: string,
  actor?: Principal,
): Promise<Facility> {
  const facility = await findFacility(db, id);
  if (!facility || facility.deletedAt) throw notFound("Facility", id);
  if (actor) assertVisible(actor, facility.id, "Facility", id);
  return facility;
}

export async function createFacility(
  db: Db,
  input: CreateFacilityInput,
  actor: Principal,
): Promise<FacilityDto> {
  assertAllFacilities(actor);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(facilities)
      .values({
        id: newId("fac"),
        name: input.name,
        timezone: input.timezone,
        capacity: input.capacity,
        warningThreshold: input.warning_threshold,
        resetTime: input.reset_time,
        allowNegative: input.allow_negative,
      })
      .returning();
    await recordAudit(tx, actor, {
      action: "facility.create",
      entityKind: "facility",
      entityId: row!.id,
      facilityId: row!.id,
      details: { ...input },
    });
    return toFacilityDto(row!);
  });
}

export async function listFacilities(
  db: Db,
  page: { limit: number; cursor?: string },
  actor: Principal,
) {
  const after = decodeCursor(page.cursor);
  const rows = await db
    .select()
    .from(facilities)
    .where(
      and(
        isNull(facilities.deletedAt),
        visibleFacilities(actor, facilities.id),
        after ? gt(facilities.id, after) : undefined,
      ),
    )
    .orderBy(asc(facilities.id))
    .limit(page.limit + 1);
  const { items, next_cursor } = pageOf(rows, page.limit);
  return { items: items.map(toFacilityDto), next_cursor };
}

export async function getFacility(db: Db, id: string, actor: Principal): Promise<FacilityDto> {
  return toFacilityDto(await getActiveFacility(db, id, actor));
}

export async function updateFacility(
  db: Db,
  id: string,
  input: UpdateFacilityInput,
  actor: Principal,
): Promise<FacilityDto> {
  const before = await getActiveFacility(db, id, actor);
  return db.transaction(async (tx) => {
    if (input.timezone !== undefined && input.timezone !== before.timezone) {
      await rebuildLocalRollups(tx, id);
    }
    if (input.capacity !== undefined && input.capacity !== before.capacity) {
      await remeasureCapacity(tx, { kind: "facility", id, facilityId: id });
    }
    const [row] = await tx
      .update(facilities)
      .set({
        name: input.name,
        timezone: input.timezone,
        capacity: input.capacity,
        warningThreshold: input.warning_threshold,
        resetTime: input.reset_time,
        allowNegative: input.allow_negative,
        updatedAt: new Date(),
      })
      .where(eq(facilities.id, id))
      .returning();
    await recordAudit(tx, actor, {
      action: "facility.update",
      entityKind: "facility",
      entityId: id,
      facilityId: id,
      details: { ...input },
    });
    return toFacilityDto(row!);
  });
}

/** Only an empty, non-default facility goes; its ledger and history stay (soft delete). */
export async function deleteFacility(db: Db, id: string, actor: Principal): Promise<undefined> {
  const facility = await getActiveFacility(db, id, actor);
  assertAllFacilities(actor);
  if (facility.isDefault) throw conflict("The default facility cannot be deleted");
  const dependents = await countFacilityDependents(db, id);
  if (dependents.hasCameras || dependents.hasZones || dependents.hasLines) {
    throw new AppError("conflict", "Delete the facility's cameras and zones first");
  }
  await db.transaction(async (tx) => {
    await tx.update(facilities).set({ deletedAt: new Date() }).where(eq(facilities.id, id));
    await recordAudit(tx, actor, {
      action: "facility.delete",
      entityKind: "facility",
      entityId: id,
      facilityId: id,
    });
  });
  return undefined;
}
