import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import {
  cameraMinutes,
  cameraStates,
  cameras,
  crossings as crossingsTable,
  facilities,
  lineMinutes,
  lines,
  occupancyLive,
} from "@/db/schema";
import { AppError, notFound, validationFailed } from "@/lib/api/errors";
import {
  INGEST_LIMITS,
  type IngestBatchInput,
  type IngestResultDto,
} from "@/lib/api/schemas/ingest";
import { processFrames } from "@/lib/counting";
import type { Crossing, EngineState, Frame } from "@/lib/counting/types";
import { log } from "@/lib/log";
import { type Entity, lockEntity, replayEntity } from "@/lib/occupancy/ledger";
import { minuteOf } from "@/lib/timeseries/minute";
import { toCountingLine } from "./counting-lines";

const toMs = (ts: string | number) => (typeof ts === "number" ? ts : Date.parse(ts));

/**
 * Applies one batch of a camera's frames in one transaction (ARCHITECTURE §4): lock the camera's
 * state, drop frames at or before its watermark, run the engine, append crossings, replay the
 * touched entities' occupancy, save state and watermark. All or nothing.
 */
export async function ingestFrames(
  db: Db,
  cameraId: string,
  batch: IngestBatchInput,
  now: number = Date.now(),
): Promise<IngestResultDto> {
  const frames: Frame[] = batch.frames.map((f) => ({
    ts: toMs(f.ts),
    detections: f.detections.map((d) => ({
      trackId: d.track_id,
      bbox: d.bbox,
      confidence: d.confidence,
    })),
  }));
  const future = frames.findIndex((f) => f.ts > now + INGEST_LIMITS.maxFutureSkewMs);
  if (future >= 0) {
    throw validationFailed([
      {
        path: `frames[${future}].ts`,
        code: "in_future",
        message: `Frame time is more than ${INGEST_LIMITS.maxFutureSkewMs / 60_000} minutes ahead of the server's clock: check the camera's clock`,
      },
    ]);
  }

  const result = await db.transaction((tx) =>
    applyBatch(tx, cameraId, batch.sequence, frames, now),
  );
  if (result.duplicates > 0) {
    log.warn(
      {
        cameraId,
        duplicates: result.duplicates,
        accepted: result.accepted,
        watermark: result.watermark,
      },
      "ingest: frames at or before the camera's watermark ignored as duplicates",
    );
  }
  return result;
}

async function applyBatch(
  tx: Tx,
  cameraId: string,
  sequence: number | undefined,
  frames: Frame[],
  now: number,
): Promise<IngestResultDto> {
  // The row lock serialises this camera's batches across every app instance.
  const [row] = await tx
    .select({ camera: cameras, state: cameraStates, allowNegative: facilities.allowNegative })
    .from(cameraStates)
    .innerJoin(cameras, eq(cameras.id, cameraStates.cameraId))
    .innerJoin(facilities, eq(facilities.id, cameras.facilityId))
    .where(eq(cameraStates.cameraId, cameraId))
    .for("update", { of: cameraStates });
  if (!row || row.camera.deletedAt) throw notFound("Camera", cameraId);
  const { camera, state, allowNegative } = row;
  if (!camera.enabled) {
    throw new AppError("camera_disabled", `Camera ${cameraId} is disabled: enable it to ingest`);
  }

  const watermark = state.watermarkMs ?? Number.NEGATIVE_INFINITY;
  const isRetry =
    sequence !== undefined && state.lastSequence !== null && sequence <= state.lastSequence;
  if (sequence !== undefined && state.lastSequence !== null && sequence > state.lastSequence + 1) {
    throw new AppError(
      "out_of_sequence",
      `Batch ${sequence} arrived before batch ${state.lastSequence + 1}: send batch ${state.lastSequence + 1} first`,
    );
  }
  const accepted = isRetry ? [] : frames.filter((f) => f.ts > watermark);
  const duplicates = frames.length - accepted.length;
  const newest = frames[frames.length - 1]!.ts;

  let found: Crossing[] = [];
  let engine = state.engine as EngineState | null;
  let occupancy: number | null = null;
  if (accepted.length > 0) {
    const cameraLines = await tx
      .select()
      .from(lines)
      .where(and(eq(lines.cameraId, cameraId), eq(lines.enabled, true), isNull(lines.deletedAt)));
    const result = processFrames(
      cameraLines.map((l) => toCountingLine(l, camera)),
      engine,
      accepted,
    );
    engine = result.state;
    found = result.crossings;
    await recordCoverage(tx, camera.id, camera.facilityId, accepted);
    if (found.length > 0) {
      const zoneOf = new Map(cameraLines.map((l) => [l.id, l.zoneId]));
      occupancy = await recordCrossings(tx, camera, zoneOf, found, allowNegative);
    }
  }

  const lastAccepted = accepted[accepted.length - 1]?.ts;
  await tx
    .update(cameraStates)
    .set({
      engine,
      watermarkMs: lastAccepted ?? state.watermarkMs,
      lastSequence: sequence ?? state.lastSequence,
      lastSeenAt: new Date(now),
      clockSkewMs: Math.max(-2_000_000_000, Math.min(2_000_000_000, Math.round(now - newest))),
      framesAccepted: sql`${cameraStates.framesAccepted} + ${accepted.length}`,
      framesDuplicate: sql`${cameraStates.framesDuplicate} + ${duplicates}`,
    })
    .where(eq(cameraStates.cameraId, cameraId));

  if (occupancy === null) {
    const [live] = await tx
      .select({ occupancy: occupancyLive.occupancy })
      .from(occupancyLive)
      .where(and(eq(occupancyLive.entityKind, "camera"), eq(occupancyLive.entityId, cameraId)));
    occupancy = live?.occupancy ?? 0;
  }
  const mark = lastAccepted ?? state.watermarkMs;
  return {
    accepted: accepted.length,
    duplicates,
    watermark: mark == null ? null : new Date(mark).toISOString(),
    crossings: found.map((c) => ({
      line_id: c.lineId,
      track_id: c.trackId,
      direction: c.direction,
      ts: new Date(c.ts).toISOString(),
    })),
    occupancy,
  };
}

async function recordCoverage(tx: Tx, cameraId: string, facilityId: string, frames: Frame[]) {
  const perMinute = new Map<number, { frames: number; detections: number }>();
  for (const f of frames) {
    const m = minuteOf(f.ts);
    const c = perMinute.get(m) ?? { frames: 0, detections: 0 };
    c.frames++;
    c.detections += f.detections.length;
    perMinute.set(m, c);
  }
  await tx
    .insert(cameraMinutes)
    .values(
      [...perMinute].map(([minute, c]) => ({
        cameraId,
        facilityId,
        minute: new Date(minute),
        frames: c.frames,
        detections: c.detections,
      })),
    )
    .onConflictDoUpdate({
      target: [cameraMinutes.cameraId, cameraMinutes.minute],
      set: {
        frames: sql`${cameraMinutes.frames} + excluded.frames`,
        detections: sql`${cameraMinutes.detections} + excluded.detections`,
      },
    });
}

/** Appends the crossings and replays every entity they touch; returns the camera's occupancy. */
async function recordCrossings(
  tx: Tx,
  camera: { id: string; facilityId: string },
  zoneOf: Map<string, string | null>,
  found: Crossing[],
  allowNegative: boolean,
): Promise<number> {
  await tx.insert(crossingsTable).values(
    found.map((c) => ({
      facilityId: camera.facilityId,
      cameraId: camera.id,
      lineId: c.lineId,
      zoneId: zoneOf.get(c.lineId) ?? null,
      trackId: c.trackId,
      delta: c.direction === "in" ? 1 : -1,
      ts: new Date(c.ts),
    })),
  );

  const perLineMinute = new Map<
    string,
    { lineId: string; minute: number; entries: number; exits: number }
  >();
  for (const c of found) {
    const minute = minuteOf(c.ts);
    const key = `${c.lineId} ${minute}`;
    const agg = perLineMinute.get(key) ?? { lineId: c.lineId, minute, entries: 0, exits: 0 };
    if (c.direction === "in") agg.entries++;
    else agg.exits++;
    perLineMinute.set(key, agg);
  }
  await tx
    .insert(lineMinutes)
    .values(
      [...perLineMinute.values()].map((a) => ({
        lineId: a.lineId,
        cameraId: camera.id,
        facilityId: camera.facilityId,
        minute: new Date(a.minute),
        entries: a.entries,
        exits: a.exits,
      })),
    )
    .onConflictDoUpdate({
      target: [lineMinutes.lineId, lineMinutes.minute],
      set: {
        entries: sql`${lineMinutes.entries} + excluded.entries`,
        exits: sql`${lineMinutes.exits} + excluded.exits`,
      },
    });

  // Earliest new crossing per entity; entities locked camera → zones (by id) → facility.
  const earliest = new Map<string, { entity: Entity; from: number }>();
  const touch = (entity: Entity, ts: number) => {
    const key = `${entity.kind}:${entity.id}`;
    const seen = earliest.get(key);
    if (!seen || ts < seen.from) earliest.set(key, { entity, from: ts });
  };
  for (const c of found) {
    touch({ kind: "camera", id: camera.id, facilityId: camera.facilityId }, c.ts);
    const zoneId = zoneOf.get(c.lineId);
    if (zoneId) touch({ kind: "zone", id: zoneId, facilityId: camera.facilityId }, c.ts);
    else touch({ kind: "facility", id: camera.facilityId, facilityId: camera.facilityId }, c.ts);
  }
  const order = { camera: 0, zone: 1, facility: 2 } as const;
  const touched = [...earliest.values()].sort(
    (a, b) => order[a.entity.kind] - order[b.entity.kind] || (a.entity.id < b.entity.id ? -1 : 1),
  );
  let cameraOccupancy = 0;
  for (const { entity, from } of touched) {
    await lockEntity(tx, entity);
    const occ = await replayEntity(tx, entity, from, allowNegative);
    if (entity.kind === "camera") cameraOccupancy = occ;
  }
  return cameraOccupancy;
}
