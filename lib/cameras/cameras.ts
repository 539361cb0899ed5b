import { and, asc, eq, gt, isNull } from "drizzle-orm";
import type { Db, Executor } from "@/db/client";
import { newId } from "@/db/ids";
import { type Camera, type CameraState, cameraStates, cameras, lines } from "@/db/schema";
import { notFound } from "@/lib/api/errors";
import type { CameraDto, CreateCameraInput, UpdateCameraInput } from "@/lib/api/schemas/camera";
import { recordAudit } from "@/lib/audit/audit";
import type { Principal } from "@/lib/auth/principal";
import { assertVisible, visibleFacilities } from "@/lib/auth/scope";
import { resolveFacility } from "@/lib/facilities/resolve";
import { bumpCameraVersion } from "@/lib/ingest/camera-version";
import { iso, isoOrNull } from "@/lib/iso";
import { decodeCursor, pageOf } from "@/lib/pagination";

export function toCameraDto(c: Camera, state?: CameraState | null): CameraDto {
  return {
    id: c.id,
    facility_id: c.facilityId,
    name: c.name,
    width: c.width,
    height: c.height,
    location: c.location,
    stream_url: c.streamUrl,
    snapshot_url: c.snapshotUrl,
    enabled: c.enabled,
    last_seen_at: isoOrNull(state?.lastSeenAt),
    clock_skew_ms: state?.clockSkewMs ?? null,
    created_at: iso(c.createdAt),
    updated_at: iso(c.updatedAt),
  };
}

/** The camera, if it exists and (given an actor) the actor may see its facility; else 404. */
export async function getActiveCamera(
  db: Executor,
  id: string,
  actor?: Principal,
): Promise<Camera> {
  const [camera] = await db.select().from(cameras).where(eq(cameras.id, id));
  if (!camera || camera.deletedAt) throw notFound("Camera", id);
  if (actor) assertVisible(actor, camera.facilityId, "Camera", id);
  return camera;
}

async function getState(db: Executor, id: string) {
  const [state] = await db.select().from(cameraStates).where(eq(cameraStates.cameraId, id));
  return state ?? null;
}

export async function createCamera(
  db: Db,
  input: CreateCameraInput,
  actor: Principal,
): Promise<CameraDto> {
  const facility = await resolveFacility(db, input.facility_id, actor);
  const id = newId("cam");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(cameras)
      .values({
        id,
        facilityId: facility.id,
        name: input.name,
        width: input.width,
        height: input.height,
        location: input.location,
        streamUrl: input.stream_url,
        snapshotUrl: input.snapshot_url,
        enabled: input.enabled,
      })
      .returning();
    await tx.insert(cameraStates).values({ cameraId: id });
    await recordAudit(tx, actor, {
      action: "camera.create",
      entityKind: "camera",
      entityId: id,
      facilityId: facility.id,
      details: { ...input },
    });
    return toCameraDto(row!, null);
  });
}

export async function listCameras(
  db: Db,
  query: { limit: number; cursor?: string; facility_id?: string },
  actor: Principal,
) {
  const after = decodeCursor(query.cursor);
  const rows = await db
    .select({ camera: cameras, state: cameraStates })
    .from(cameras)
    .leftJoin(cameraStates, eq(cameraStates.cameraId, cameras.id))
    .where(
      and(
        isNull(cameras.deletedAt),
        visibleFacilities(actor, cameras.facilityId),
        query.facility_id ? eq(cameras.facilityId, query.facility_id) : undefined,
        after ? gt(cameras.id, after) : undefined,
      ),
    )
    .orderBy(asc(cameras.id))
    .limit(query.limit + 1);
  const { items, next_cursor } = pageOf(
    rows.map((r) => ({ ...r, id: r.camera.id })),
    query.limit,
  );
  return { items: items.map((r) => toCameraDto(r.camera, r.state)), next_cursor };
}

export async function getCamera(db: Db, id: string, actor: Principal): Promise<CameraDto> {
  const camera = await getActiveCamera(db, id, actor);
  return toCameraDto(camera, await getState(db, id));
}

export async function updateCamera(
  db: Db,
  id: string,
  input: UpdateCameraInput,
  actor: Principal,
): Promise<CameraDto> {
  return db.transaction(async (tx) => {
    const camera = await getActiveCamera(tx, id, actor);
    const width = input.width ?? camera.width;
    const height = input.height ?? camera.height;
    if (width !== camera.width || height !== camera.height) {
      await rescaleLines(tx, camera, width, height);
    }
    const [row] = await tx
      .update(cameras)
      .set({
        name: input.name,
        width: input.width,
        height: input.height,
        location: input.location,
        streamUrl: input.stream_url,
        snapshotUrl: input.snapshot_url,
        enabled: input.enabled,
        updatedAt: new Date(),
      })
      .where(eq(cameras.id, id))
      .returning();
    await bumpCameraVersion(tx, id);
    await recordAudit(tx, actor, {
      action: "camera.update",
      entityKind: "camera",
      entityId: id,
      facilityId: camera.facilityId,
      details: { ...input },
    });
    return toCameraDto(row!, await getState(tx, id));
  });
}

/** Lines live in the camera's pixel space: a new frame size moves them with the picture. */
async function rescaleLines(tx: Executor, camera: Camera, width: number, height: number) {
  const sx = width / camera.width;
  const sy = height / camera.height;
  const cameraLines = await tx
    .select()
    .from(lines)
    .where(and(eq(lines.cameraId, camera.id), isNull(lines.deletedAt)));
  for (const line of cameraLines) {
    await tx
      .update(lines)
      .set({
        x1: line.x1 * sx,
        y1: line.y1 * sy,
        x2: line.x2 * sx,
        y2: line.y2 * sy,
        revision: line.revision + 1,
        updatedAt: new Date(),
      })
      .where(eq(lines.id, line.id));
  }
}

/** The camera and its lines leave the configuration; their crossings stay in the history. */
export async function deleteCamera(db: Db, id: string, actor: Principal): Promise<undefined> {
  await db.transaction(async (tx) => {
    const camera = await getActiveCamera(tx, id, actor);
    const now = new Date();
    await tx
      .update(lines)
      .set({ deletedAt: now })
      .where(and(eq(lines.cameraId, id), isNull(lines.deletedAt)));
    await tx.update(cameras).set({ deletedAt: now, enabled: false }).where(eq(cameras.id, id));
    await bumpCameraVersion(tx, id);
    await recordAudit(tx, actor, {
      action: "camera.delete",
      entityKind: "camera",
      entityId: id,
      facilityId: camera.facilityId,
    });
  });
  return undefined;
}
