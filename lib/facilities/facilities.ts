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
import { iso } from "@/lib/iso";
import { decodeCursor, pageOf } from "@/lib/pagination";

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

export async function getActiveFacility(db: Executor, id: string): Promise<Facility> {
  const facility = await findFacility(db, id);
  if (!facility || facility.deletedAt) throw notFound("Facility", id);
  return facility;
}

export async function createFacility(db: Db, input: CreateFacilityInput): Promise<FacilityDto> {
  const [row] = await db
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
  return toFacilityDto(row!);
}

export async function listFacilities(db: Db, page: { limit: number; cursor?: string }) {
  const after = decodeCursor(page.cursor);
  const rows = await db
    .select()
    .from(facilities)
    .where(and(isNull(facilities.deletedAt), after ? gt(facilities.id, after) : undefined))
    .orderBy(asc(facilities.id))
    .limit(page.limit + 1);
  const { items, next_cursor } = pageOf(rows, page.limit);
  return { items: items.map(toFacilityDto), next_cursor };
}

export async function getFacility(db: Db, id: string): Promise<FacilityDto> {
  return toFacilityDto(await getActiveFacility(db, id));
}

export async function updateFacility(
  db: Db,
  id: string,
  input: UpdateFacilityInput,
): Promise<FacilityDto> {
  await getActiveFacility(db, id);
  const [row] = await db
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
  return toFacilityDto(row!);
}

/** Only an empty, non-default facility goes; its ledger and history stay (soft delete). */
export async function deleteFacility(db: Db, id: string): Promise<undefined> {
  const facility = await getActiveFacility(db, id);
  if (facility.isDefault) throw conflict("The default facility cannot be deleted");
  const dependents = await countFacilityDependents(db, id);
  if (dependents.hasCameras || dependents.hasZones || dependents.hasLines) {
    throw new AppError("conflict", "Delete the facility's cameras and zones first");
  }
  await db.update(facilities).set({ deletedAt: new Date() }).where(eq(facilities.id, id));
  return undefined;
}
