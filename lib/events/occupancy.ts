import type { Executor } from "@/db/client";
import { log } from "@/lib/log";
import type { OccupancyChange } from "@/lib/occupancy/changes";
import { publishEvent, publishTransient } from "./bus";
import type { FootfallEvent } from "./types";

/** A replay changed an entity: tell subscribers once its transaction commits. */
export function publishOccupancyChange(tx: Executor, change: OccupancyChange): Promise<void> {
  return publishEvent(tx, {
    type: "occupancy",
    facility_id: change.entity.facilityId,
    entity_kind: change.entity.kind,
    entity_id: change.entity.id,
    occupancy: change.occupancy,
    previous: change.previous,
    at: new Date(change.at).toISOString(),
  });
}

/** Camera changes seen by ingest wait this long, so a busy camera costs a few NOTIFYs a second. */
const COALESCE_MS = 250;

type OccupancyEvent = Extract<FootfallEvent, { type: "occupancy" }>;

interface Pending {
  db: Executor | null;
  byCamera: Map<string, OccupancyEvent>;
  timer: ReturnType<typeof setTimeout> | null;
}

const key = Symbol.for("footfall.camera-occupancy-pending");
type WithPending = typeof globalThis & { [key]?: Pending };

function pending(): Pending {
  const g = globalThis as WithPending;
  g[key] ??= { db: null, byCamera: new Map(), timer: null };
  return g[key];
}

/**
 * Ingest changed a camera's occupancy (after its write committed). Changes within a short window
 * are coalesced per camera (first `previous`, last `occupancy`) and sent in one statement.
 */
export function noteCameraOccupancy(
  db: Executor,
  camera: { cameraId: string; facilityId: string },
  previous: number,
  occupancy: number,
): void {
  const p = pending();
  const earlier = p.byCamera.get(camera.cameraId);
  p.byCamera.set(camera.cameraId, {
    type: "occupancy",
    facility_id: camera.facilityId,
    entity_kind: "camera",
    entity_id: camera.cameraId,
    previous: earlier?.previous ?? previous,
    occupancy,
    at: new Date().toISOString(),
  });
  p.db = db;
  if (!p.timer) {
    p.timer = setTimeout(flush, COALESCE_MS);
    p.timer.unref?.();
  }
}

async function flush(): Promise<void> {
  const p = pending();
  const { db } = p;
  const events = [...p.byCamera.values()].filter((e) => e.occupancy !== e.previous);
  p.byCamera.clear();
  p.timer = null;
  if (!db || events.length === 0) return;
  try {
    await publishTransient(db, events);
  } catch (error) {
    log.warn({ err: error, events: events.length }, "events: camera occupancy not published");
  }
}
