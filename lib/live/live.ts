import { and, eq, gte, inArray, isNull, sum } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  type Camera,
  cameraStates,
  cameras,
  type EntityKind,
  type Facility,
  lineMinutes,
  lines,
  occupancyLive,
  occupancyMinutes,
  zones,
} from "@/db/schema";
import type { CameraLiveDto, FacilityLiveDto, ZoneLiveDto } from "@/lib/api/schemas/live";
import type { Principal } from "@/lib/auth/principal";
import { getActiveCamera } from "@/lib/cameras/cameras";
import { getActiveFacility } from "@/lib/facilities/facilities";
import { resolveFacility } from "@/lib/facilities/resolve";
import { iso, isoOrNull } from "@/lib/iso";
import { materialiseFacility } from "@/lib/occupancy/materialise";
import { applyDueReset } from "@/lib/occupancy/reset";
import { periodStart } from "@/lib/timeseries/period";

interface Totals {
  entries: number;
  exits: number;
}
const none: Totals = { entries: 0, exits: 0 };

function add(map: Map<string, Totals>, key: string, t: Totals) {
  const prev = map.get(key) ?? none;
  map.set(key, { entries: prev.entries + t.entries, exits: prev.exits + t.exits });
}

async function liveRows(db: Db, kind: EntityKind, ids: string[]) {
  if (ids.length === 0) return new Map<string, { occupancy: number; updatedAt: Date }>();
  const rows = await db
    .select()
    .from(occupancyLive)
    .where(and(eq(occupancyLive.entityKind, kind), inArray(occupancyLive.entityId, ids)));
  return new Map(rows.map((r) => [r.entityId, r]));
}

/** Entries and exits since `since`, per line and per camera (lines deleted meanwhile included). */
async function lineTotals(db: Db, cameraIds: string[], since: Date) {
  const byLine = new Map<string, Totals>();
  const byCamera = new Map<string, Totals>();
  if (cameraIds.length === 0) return { byLine, byCamera };
  const rows = await db
    .select({
      lineId: lineMinutes.lineId,
      cameraId: lineMinutes.cameraId,
      entries: sum(lineMinutes.entries).mapWith(Number),
      exits: sum(lineMinutes.exits).mapWith(Number),
    })
    .from(lineMinutes)
    .where(and(inArray(lineMinutes.cameraId, cameraIds), gte(lineMinutes.minute, since)))
    .groupBy(lineMinutes.lineId, lineMinutes.cameraId);
  for (const r of rows) {
    add(byLine, r.lineId, r);
    add(byCamera, r.cameraId, r);
  }
  return { byLine, byCamera };
}

async function entityTotals(db: Db, kind: EntityKind, ids: string[], since: Date) {
  const totals = new Map<string, Totals>();
  if (ids.length === 0) return totals;
  const rows = await db
    .select({
      entityId: occupancyMinutes.entityId,
      entries: sum(occupancyMinutes.entries).mapWith(Number),
      exits: sum(occupancyMinutes.exits).mapWith(Number),
    })
    .from(occupancyMinutes)
    .where(
      and(
        eq(occupancyMinutes.entityKind, kind),
        inArray(occupancyMinutes.entityId, ids),
        gte(occupancyMinutes.minute, since),
      ),
    )
    .groupBy(occupancyMinutes.entityId);
  for (const r of rows) totals.set(r.entityId, { entries: r.entries, exits: r.exits });
  return totals;
}

function utilisation(occupancy: number | null, capacity: number | null) {
  return occupancy === null || !capacity ? null : Math.round((occupancy / capacity) * 1000) / 1000;
}

const sinceOf = (facility: Facility, now: number) =>
  new Date(periodStart(now, facility.timezone, facility.resetTime));

async function camerasLive(db: Db, list: Camera[], since: Date): Promise<CameraLiveDto[]> {
  const ids = list.map((c) => c.id);
  if (ids.length === 0) return [];
  const [live, states, activeLines, totals] = await Promise.all([
    liveRows(db, "camera", ids),
    db.select().from(cameraStates).where(inArray(cameraStates.cameraId, ids)),
    db
      .select()
      .from(lines)
      .where(and(inArray(lines.cameraId, ids), isNull(lines.deletedAt)))
      .orderBy(lines.name),
    lineTotals(db, ids, since),
  ]);
  const stateOf = new Map(states.map((s) => [s.cameraId, s]));
  return list.map((camera) => {
    const state = stateOf.get(camera.id);
    const row = live.get(camera.id);
    const t = totals.byCamera.get(camera.id) ?? none;
    return {
      camera_id: camera.id,
      name: camera.name,
      occupancy: row?.occupancy ?? 0,
      entries: t.entries,
      exits: t.exits,
      since: iso(since),
      updated_at: isoOrNull(row?.updatedAt),
      last_seen_at: isoOrNull(state?.lastSeenAt),
      clock_skew_ms: state?.clockSkewMs ?? null,
      frames_accepted: state?.framesAccepted ?? 0,
      frames_duplicate: state?.framesDuplicate ?? 0,
      lines: activeLines
        .filter((l) => l.cameraId === camera.id)
        .map((l) => ({ line_id: l.id, name: l.name, ...(totals.byLine.get(l.id) ?? none) })),
    };
  });
}

export async function getCameraLive(db: Db, cameraId: string, actor: Principal, now = Date.now()) {
  const camera = await getActiveCamera(db, cameraId, actor);
  const facility = await getActiveFacility(db, camera.facilityId);
  await applyDueReset(db, facility, now);
  const [live] = await camerasLive(db, [camera], sinceOf(facility, now));
  return live!;
}

function status(facility: Facility, occupancy: number | null): FacilityLiveDto["status"] {
  if (occupancy === null) return "unknown";
  if (!facility.capacity) return "ok";
  if (occupancy >= facility.capacity) return "over";
  if (occupancy >= facility.capacity * facility.warningThreshold) return "warning";
  return "ok";
}

export async function getFacilityLive(
  db: Db,
  facilityId: string | undefined,
  actor: Principal,
  now = Date.now(),
): Promise<FacilityLiveDto> {
  const facility = await resolveFacility(db, facilityId, actor);
  // A reset that is due but not yet recorded by the job, and crossings still pending
  // materialisation, are part of the figures a reader is owed.
  await applyDueReset(db, facility, now);
  await materialiseFacility(db, facility.id);
  const since = sinceOf(facility, now);
  const [facilityCameras, facilityZones, boundaryLines] = await Promise.all([
    db
      .select()
      .from(cameras)
      .where(and(eq(cameras.facilityId, facility.id), isNull(cameras.deletedAt)))
      .orderBy(cameras.name),
    db
      .select()
      .from(zones)
      .where(and(eq(zones.facilityId, facility.id), isNull(zones.deletedAt)))
      .orderBy(zones.name),
    db
      .select({ zoneId: lines.zoneId })
      .from(lines)
      .where(and(eq(lines.facilityId, facility.id), isNull(lines.deletedAt))),
  ]);
  // Occupancy is measured only where boundary lines exist; otherwise it is unknown, not zero.
  const measured = new Set(boundaryLines.map((l) => l.zoneId ?? facility.id));
  const zoneIds = facilityZones.map((z) => z.id);
  const [facilityLive, zoneLive, facilityTotals, zoneTotals, cameraList] = await Promise.all([
    liveRows(db, "facility", [facility.id]),
    liveRows(db, "zone", zoneIds),
    entityTotals(db, "facility", [facility.id], since),
    entityTotals(db, "zone", zoneIds, since),
    camerasLive(db, facilityCameras, since),
  ]);
  const own = facilityLive.get(facility.id);
  const occupancy = measured.has(facility.id) ? (own?.occupancy ?? 0) : null;
  const zoneList: ZoneLiveDto[] = facilityZones.map((z) => {
    const row = zoneLive.get(z.id);
    const occ = measured.has(z.id) ? (row?.occupancy ?? 0) : null;
    return {
      zone_id: z.id,
      name: z.name,
      occupancy: occ,
      capacity: z.capacity,
      utilisation: utilisation(occ, z.capacity),
      ...(zoneTotals.get(z.id) ?? none),
      since: iso(since),
      updated_at: isoOrNull(row?.updatedAt),
    };
  });
  return {
    facility_id: facility.id,
    name: facility.name,
    timezone: facility.timezone,
    occupancy,
    capacity: facility.capacity,
    utilisation: utilisation(occupancy, facility.capacity),
    status: status(facility, occupancy),
    ...(facilityTotals.get(facility.id) ?? none),
    since: iso(since),
    updated_at: isoOrNull(own?.updatedAt),
    zones: zoneList,
    cameras: cameraList,
  };
}
