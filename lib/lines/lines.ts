import { and, asc, eq, gt, isNull } from "drizzle-orm";
import type { Db, Executor } from "@/db/client";
import { newId } from "@/db/ids";
import { type Camera, type Line, lines } from "@/db/schema";
import { AppError, notFound, validationFailed } from "@/lib/api/errors";
import type { CreateLineInput, LineDto, UpdateLineInput } from "@/lib/api/schemas/line";
import { recordAudit } from "@/lib/audit/audit";
import type { Principal } from "@/lib/auth/principal";
import { assertVisible } from "@/lib/auth/scope";
import { getActiveCamera } from "@/lib/cameras/cameras";
import { bumpCameraVersion } from "@/lib/ingest/camera-version";
import { iso } from "@/lib/iso";
import { decodeCursor, pageOf } from "@/lib/pagination";
import { getActiveZone } from "@/lib/zones/zones";

export function toLineDto(l: Line): LineDto {
  return {
    id: l.id,
    camera_id: l.cameraId,
    facility_id: l.facilityId,
    zone_id: l.zoneId,
    name: l.name,
    x1: l.x1,
    y1: l.y1,
    x2: l.x2,
    y2: l.y2,
    in_side: l.inSide,
    anchor: l.anchor,
    enabled: l.enabled,
    params: l.params ?? null,
    revision: l.revision,
    created_at: iso(l.createdAt),
    updated_at: iso(l.updatedAt),
  };
}

export async function getActiveLine(db: Executor, id: string, actor?: Principal): Promise<Line> {
  const [line] = await db.select().from(lines).where(eq(lines.id, id));
  if (!line || line.deletedAt) throw notFound("Line", id);
  if (actor) assertVisible(actor, line.facilityId, "Line", id);
  return line;
}

type Geometry = Pick<Line, "x1" | "y1" | "x2" | "y2">;

function checkGeometry(g: Geometry, camera: Camera) {
  const details = [];
  for (const [key, value, max] of [
    ["x1", g.x1, camera.width],
    ["y1", g.y1, camera.height],
    ["x2", g.x2, camera.width],
    ["y2", g.y2, camera.height],
  ] as const) {
    if (value > max) {
      details.push({
        path: key,
        code: "outside_frame",
        message: `${key} = ${value} is outside the camera's ${camera.width}×${camera.height} frame`,
      });
    }
  }
  if (Math.hypot(g.x2 - g.x1, g.y2 - g.y1) < 2) {
    details.push({ path: "x2", code: "too_short", message: "A line must be at least 2 px long" });
  }
  if (details.length) throw validationFailed(details);
}

async function checkZone(db: Executor, zoneId: string | null | undefined, camera: Camera) {
  if (!zoneId) return;
  const zone = await getActiveZone(db, zoneId).catch(() => null);
  if (!zone || zone.facilityId !== camera.facilityId) {
    throw validationFailed([
      { path: "zone_id", code: "unknown_zone", message: "No such zone in the camera's facility" },
    ]);
  }
}

export async function createLine(
  db: Db,
  input: CreateLineInput,
  actor: Principal,
): Promise<LineDto> {
  const camera = await getActiveCamera(db, input.camera_id, actor).catch((error) => {
    if (error instanceof AppError && error.code === "not_found") {
      throw validationFailed([
        { path: "camera_id", code: "unknown_camera", message: `No camera ${input.camera_id}` },
      ]);
    }
    throw error;
  });
  checkGeometry(input, camera);
  await checkZone(db, input.zone_id, camera);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(lines)
      .values({
        id: newId("line"),
        cameraId: camera.id,
        facilityId: camera.facilityId,
        zoneId: input.zone_id,
        name: input.name,
        x1: input.x1,
        y1: input.y1,
        x2: input.x2,
        y2: input.y2,
        inSide: input.in_side,
        anchor: input.anchor,
        enabled: input.enabled,
        params: input.params,
      })
      .returning();
    await bumpCameraVersion(tx, camera.id);
    await recordAudit(tx, actor, {
      action: "line.create",
      entityKind: "line",
      entityId: row!.id,
      facilityId: camera.facilityId,
      details: { ...input },
    });
    return toLineDto(row!);
  });
}

export async function listCameraLines(
  db: Db,
  cameraId: string,
  page: { limit: number; cursor?: string },
  actor: Principal,
) {
  await getActiveCamera(db, cameraId, actor);
  const after = decodeCursor(page.cursor);
  const rows = await db
    .select()
    .from(lines)
    .where(
      and(
        eq(lines.cameraId, cameraId),
        isNull(lines.deletedAt),
        after ? gt(lines.id, after) : undefined,
      ),
    )
    .orderBy(asc(lines.id))
    .limit(page.limit + 1);
  const { items, next_cursor } = pageOf(rows, page.limit);
  return { items: items.map(toLineDto), next_cursor };
}

export async function getLine(db: Db, id: string, actor: Principal): Promise<LineDto> {
  return toLineDto(await getActiveLine(db, id, actor));
}

const countingFields = ["x1", "y1", "x2", "y2", "in_side", "anchor", "params"] as const;

export async function updateLine(
  db: Db,
  id: string,
  input: UpdateLineInput,
  actor: Principal,
): Promise<LineDto> {
  return db.transaction(async (tx) => {
    const line = await getActiveLine(tx, id, actor);
    const camera = await getActiveCamera(tx, line.cameraId);
    const next = {
      x1: input.x1 ?? line.x1,
      y1: input.y1 ?? line.y1,
      x2: input.x2 ?? line.x2,
      y2: input.y2 ?? line.y2,
    };
    checkGeometry(next, camera);
    if (input.zone_id !== undefined) await checkZone(tx, input.zone_id, camera);
    const before = toLineDto(line);
    // An edit of what the engine computes starts the line's tracks afresh (no phantom crossing).
    const changesCounting = countingFields.some(
      (f) => input[f] !== undefined && JSON.stringify(input[f]) !== JSON.stringify(before[f]),
    );
    const [row] = await tx
      .update(lines)
      .set({
        name: input.name,
        ...next,
        inSide: input.in_side,
        anchor: input.anchor,
        zoneId: input.zone_id,
        enabled: input.enabled,
        params: input.params,
        revision: changesCounting ? line.revision + 1 : line.revision,
        updatedAt: new Date(),
      })
      .where(eq(lines.id, id))
      .returning();
    await bumpCameraVersion(tx, line.cameraId);
    await recordAudit(tx, actor, {
      action: "line.update",
      entityKind: "line",
      entityId: id,
      facilityId: line.facilityId,
      details: { ...input, revision: row!.revision },
    });
    return toLineDto(row!);
  });
}

export async function deleteLine(db: Db, id: string, actor: Principal): Promise<undefined> {
  await db.transaction(async (tx) => {
    const line = await getActiveLine(tx, id, actor);
    await tx.update(lines).set({ deletedAt: new Date(), enabled: false }).where(eq(lines.id, id));
    await bumpCameraVersion(tx, line.cameraId);
    await recordAudit(tx, actor, {
      action: "line.delete",
      entityKind: "line",
      entityId: id,
      facilityId: line.facilityId,
    });
  });
  return undefined;
}
