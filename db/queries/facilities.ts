import { and, eq, isNull } from "drizzle-orm";
import type { Executor } from "../client";
import { newId } from "../ids";
import { cameras, type Facility, facilities, lines, zones } from "../schema";

export async function findFacility(db: Executor, id: string): Promise<Facility | undefined> {
  const [row] = await db.select().from(facilities).where(eq(facilities.id, id));
  return row;
}

export async function findDefaultFacility(db: Executor): Promise<Facility | undefined> {
  const [row] = await db.select().from(facilities).where(eq(facilities.isDefault, true));
  return row;
}

/** The facility single-site clients never name. Created on first need, in FOOTFALL_TIMEZONE. */
export async function ensureDefaultFacility(db: Executor, timezone: string): Promise<Facility> {
  const existing = await findDefaultFacility(db);
  if (existing) return existing;
  await db
    .insert(facilities)
    .values({ id: newId("fac"), name: "Default facility", timezone, isDefault: true })
    .onConflictDoNothing();
  const created = await findDefaultFacility(db);
  if (!created) throw new Error("default facility could not be created");
  return created;
}

export async function countFacilityDependents(db: Executor, facilityId: string) {
  const [cams] = await db
    .select({ id: cameras.id })
    .from(cameras)
    .where(and(eq(cameras.facilityId, facilityId), isNull(cameras.deletedAt)))
    .limit(1);
  const [zone] = await db
    .select({ id: zones.id })
    .from(zones)
    .where(and(eq(zones.facilityId, facilityId), isNull(zones.deletedAt)))
    .limit(1);
  const [line] = await db
    .select({ id: lines.id })
    .from(lines)
    .where(and(eq(lines.facilityId, facilityId), isNull(lines.deletedAt)))
    .limit(1);
  return { hasCameras: !!cams, hasZones: !!zone, hasLines: !!line };
}
