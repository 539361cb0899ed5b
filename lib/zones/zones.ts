import { and, asc, eq, gt, isNull } from "drizzle-orm";
import type { Db, Executor } from "@/db/client";
import { newId } from "@/db/ids";
import { lines, type Zone, zones } from "@/db/schema";
import { conflict, notFound } from "@/lib/api/errors";
import type { CreateZoneInput, UpdateZoneInput, ZoneDto } from "@/lib/api/schemas/zone";
import { recordAudit } from "@/lib/audit/audit";
import type { Principal } from "@/lib/auth/principal";
import { assertVisible } from "@/lib/auth/scope";
import { getActiveFacility } from "@/lib/facilities/facilities";
import { resolveFacility } from "@/lib/facilities/resolve";
import { iso } from "@/lib/iso";
import { decodeCursor, pageOf } from "@/lib/pagination";
import { remeasureCapacity } from "@/lib/rollups/rebuild";

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

export async function getActiveZone(db: Executor, id: string, actor?: Principal): Promise<Zone> {
  const [zone] = await db.select().from(zones).where(eq(zones.id, id));
  if (!zone || zone.deletedAt) throw notFound("Zone", id);
  if (actor) assertVisible(actor, zone.facilityId, "Zone", id);
  return zone;
}

export async function createZone(
  db: Db,
  input: CreateZoneInput,
  actor: Principal,
): Promise<ZoneDto> {
  const facility = await resolveFacility(db, input.facility_id, actor);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(zones)
      .values({
        id: newId("zone"),
        facilityId: facility.id,
        name: input.name,
        capacity: input.capacity,
      })
      .returning();
    await recordAudit(tx, actor, {
      action: "zone.create",
      entityKind: "zone",
      entityId: row!.id,
      facilityId: facility.id,
      details: { ...input },
    });
    return toZoneDto(row!);
  });
}

export async function listZones(
  db: Db,
  facilityId: string,
  page: { limit: number; cursor?: string },
  actor: Principal,
) {
  await getActiveFacility(db, facilityId, actor);
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

export async function getZone(db: Db, id: string, actor: Principal): Promise<ZoneDto> {
  return toZoneDto(await getActiveZone(db, id, actor));
}

export async function updateZone(
  db: Db,
  id: string,
  input: UpdateZoneInput,
  actor: Principal,
): Promise<ZoneDto> {
  const zone = await getActiveZone(db, id, actor);
  return db.transaction(async (tx) => {
    if (input.capacity !== undefined && input.capacity !== zone.capacity) {
      await remeasureCapacity(tx, { kind: "zone", id, facilityId: zone.facilityId });
    }
    const [row] = await tx
      .update(zones)
      .set({ name: input.name, capacity: input.capacity, updatedAt: new Date() })
      .where(eq(zones.id, id))
      .returning();
    await recordAudit(tx, actor, {
      action: "zone.update",
      entityKind: "zone",
      entityId: id,
      facilityId: zone.facilityId,
      details: { ...input },
    });
    return toZoneDto(row!);
  });
}

export async function deleteZone(db: Db, id: string, actor: Principal): Promise<undefined> {
  const zone = await getActiveZone(db, id, actor);
  const [bound] = await db
    .select({ id: lines.id })
    .from(lines)
    .where(and(eq(lines.zoneId, id), isNull(lines.deletedAt)))
    .limit(1);
  if (bound) throw conflict(`Line ${bound.id} still bounds this zone: move or delete it first`);
  await db.transaction(async (tx) => {
    await tx.update(zones).set({ deletedAt: new Date() }).where(eq(zones.id, id));
    await recordAudit(tx, actor, {
      action: "zone.delete",
      entityKind: "zone",
      entityId: id,
      facilityId: zone.facilityId,
    });
  });
  return undefined;
}
