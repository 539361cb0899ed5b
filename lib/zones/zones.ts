import { and, asc, eq, gt, isNull } from "drizzle-orm";
import type { Db, Executor } from "@/db/client";
import { newId } from "@/db/ids";
import { lines, type Zone, zones } from "@/db/schema";
import { conflict, notFound } from "@/lib/api/errors";
import type { CreateZoneInput, UpdateZoneInput, ZoneDto } from "@/lib/api/schemas/zone";
import { getActiveFacility } from "@/lib/facilities/facilities";
import { resolveFacility } from "@/lib/facilities/resolve";
import { iso } from "@/lib/iso";
import { decodeCursor, pageOf } from "@/lib/pagination";

export function toZoneDto(z: Zone): ZoneDto {
  return {
    id: z.id,
    facility_id: z.facilityId,
    name: z.name,
    capacity: z.capacity,
    created_at: iso(z.createdAt),
    updated_at: iso(z.updatedAt),
  };
}

export async function getActiveZone(db: Executor, id: string): Promise<Zone> {
  const [zone] = await db.select().from(zones).where(eq(zones.id, id));
  if (!zone || zone.deletedAt) throw notFound("Zone", id);
  return zone;
}

export async function createZone(db: Db, input: CreateZoneInput): Promise<ZoneDto> {
  const facility = await resolveFacility(db, input.facility_id);
  const [row] = await db
    .insert(zones)
    .values({
      id: newId("zone"),
      facilityId: facility.id,
      name: input.name,
      capacity: input.capacity,
    })
    .returning();
  return toZoneDto(row!);
}

export async function listZones(
  db: Db,
  facilityId: string,
  page: { limit: number; cursor?: string },
) {
  await getActiveFacility(db, facilityId);
  const after = decodeCursor(page.cursor);
  const rows = await db
    .select()
    .from(zones)
    .where(
      and(
        eq(zones.facilityId, facilityId),
        isNull(zones.deletedAt),
        after ? gt(zones.id, after) : undefined,
      ),
    )
    .orderBy(asc(zones.id))
    .limit(page.limit + 1);
  const { items, next_cursor } = pageOf(rows, page.limit);
  return { items: items.map(toZoneDto), next_cursor };
}

export async function getZone(db: Db, id: string): Promise<ZoneDto> {
  return toZoneDto(await getActiveZone(db, id));
}

export async function updateZone(db: Db, id: string, input: UpdateZoneInput): Promise<ZoneDto> {
  await getActiveZone(db, id);
  const [row] = await db
    .update(zones)
    .set({ name: input.name, capacity: input.capacity, updatedAt: new Date() })
    .where(eq(zones.id, id))
    .returning();
  return toZoneDto(row!);
}

export async function deleteZone(db: Db, id: string): Promise<undefined> {
  await getActiveZone(db, id);
  const [bound] = await db
    .select({ id: lines.id })
    .from(lines)
    .where(and(eq(lines.zoneId, id), isNull(lines.deletedAt)))
    .limit(1);
  if (bound) throw conflict(`Line ${bound.id} still bounds this zone: move or delete it first`);
  await db.update(zones).set({ deletedAt: new Date() }).where(eq(zones.id, id));
  return undefined;
}
