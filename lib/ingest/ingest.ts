import type { Db } from "@/db/client";
import { AppError, notFound, validationFailed } from "@/lib/api/errors";
import {
  INGEST_LIMITS,
  type IngestBatchInput,
  type IngestResultDto,
} from "@/lib/api/schemas/ingest";
import { canSeeFacility, type Principal } from "@/lib/auth/principal";
import { processFrames } from "@/lib/counting";
import type { Crossing, Frame } from "@/lib/counting/types";
import { noteCameraOccupancy } from "@/lib/events/occupancy";
import { log } from "@/lib/log";
import { ingestBatchApplied, ingestWriteConflict } from "@/lib/metrics/registry";
import { readLedger } from "@/lib/occupancy/ledger";
import { scheduleMaterialise } from "@/lib/occupancy/materialise";
import { retentionCutoff } from "@/lib/rollups/retention";
import { MINUTE_MS, minuteOf } from "@/lib/timeseries/minute";
import { type LedgerEvent, replayOccupancy } from "@/lib/timeseries/occupancy-replay";
import { CameraCache } from "./camera-cache";
import { type CameraSnapshot, loadSnapshot } from "./snapshot";
import { type BatchWrite, writeBatch } from "./write-batch";

const cache = new CameraCache(10_000);
const MAX_ATTEMPTS = 10;

const toMs = (ts: string | number) => (typeof ts === "number" ? ts : Date.parse(ts));
const isoOf = (ms: number) => new Date(ms).toISOString();

/**
 * Applies one batch of a camera's frames (ARCHITECTURE §4): drop frames at or before the camera's
 * watermark, run the engine, append crossings, replay the camera's occupancy, save state and
 * watermark — all in one statement that only lands if the camera's version is still the one this
 * was computed from. Otherwise another instance got there first: reload and compute again.
 */
export async function ingestFrames(
  db: Db,
  cameraId: string,
  batch: IngestBatchInput,
  actor: Principal,
  now: number = Date.now(),
): Promise<IngestResultDto> {
  const startedAt = performance.now();
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

  // Raw data before the retention cutoff is gone: a replay from there has nothing to start from.
  const cutoff = retentionCutoff(now);
  const old = frames.findIndex((f) => f.ts < cutoff);
  if (old >= 0) {
    throw validationFailed([
      {
        path: `frames[${old}].ts`,
        code: "too_old",
        message: `Frame time is before ${new Date(cutoff).toISOString()}, the start of the kept raw data (FOOTFALL_RETENTION_DAYS)`,
      },
    ]);
  }

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const cached = cache.get(cameraId);
    const snapshot = cached ?? (await loadSnapshot(db, cameraId));
    // A camera in a facility the caller may not see does not exist for it.
    if (snapshot && !canSeeFacility(actor, snapshot.facilityId)) throw notFound("Camera", cameraId);
    if (!snapshot || snapshot.deleted || !snapshot.enabled) {
      cache.delete(cameraId);
      if (cached) continue; // a stale copy is no reason to refuse: look again
      if (!snapshot || snapshot.deleted) throw notFound("Camera", cameraId);
      throw new AppError("camera_disabled", `Camera ${cameraId} is disabled: enable it to ingest`);
    }
    cache.delete(cameraId); // the engine below works on the snapshot in place
    const outcome = await applyBatch(db, snapshot, batch.sequence, frames, now);
    if (!(await writeBatch(db, outcome.write))) {
      ingestWriteConflict();
      continue;
    }
    cache.set(outcome.next);
    countBatch(outcome.write, startedAt);
    if (outcome.next.occupancy !== snapshot.occupancy) {
      noteCameraOccupancy(db, snapshot, snapshot.occupancy, outcome.next.occupancy);
    }
    if (outcome.write.pending.length > 0) scheduleMaterialise(db, snapshot.facilityId);
    if (outcome.result.duplicates > 0) {
      log.warn(
        {
          cameraId,
          duplicates: outcome.result.duplicates,
          accepted: outcome.result.accepted,
          watermark: outcome.result.watermark,
        },
        "ingest: frames at or before the camera's watermark ignored as duplicates",
      );
    }
    return outcome.result;
  }
  throw new AppError("conflict", `Camera ${cameraId} is being written too often at once: retry`);
}

async function applyBatch(
  db: Db,
  snap: CameraSnapshot,
  sequence: number | undefined,
  frames: Frame[],
  now: number,
) {
  const last = snap.lastSequence;
  if (sequence !== undefined && last !== null && sequence > last + 1) {
    throw new AppError(
      "out_of_sequence",
      `Batch ${sequence} arrived before batch ${last + 1}: send batch ${last + 1} first`,
    );
  }
  const isRetry = sequence !== undefined && last !== null && sequence <= last;
  const watermark = snap.watermarkMs ?? Number.NEGATIVE_INFINITY;
  const accepted = isRetry ? [] : frames.filter((f) => f.ts > watermark);
  const duplicates = frames.length - accepted.length;

  let found: Crossing[] = [];
  if (accepted.length > 0) {
    const result = processFrames(snap.lines, snap.engine, accepted);
    snap.engine = result.state;
    found = result.crossings;
  }
  const newestAccepted = accepted[accepted.length - 1]?.ts;
  const watermarkMs = newestAccepted ?? snap.watermarkMs;

  // The camera's own occupancy: replay its ledger tail with the new crossings. A crossing older
  // than the tail (rare: a track confirmed long after it crossed) needs a longer tail.
  let tail = snap.tail;
  const earliest = found.reduce((m, c) => Math.min(m, c.ts), Number.POSITIVE_INFINITY);
  if (earliest < tail.fromMinute) {
    tail = await readLedger(
      db,
      { kind: "camera", id: snap.cameraId, facilityId: snap.facilityId },
      new Date(minuteOf(earliest)),
    );
  }
  const newEvents: LedgerEvent[] = found.map((c) => ({
    ts: c.ts,
    kind: "crossing",
    delta: c.direction === "in" ? 1 : -1,
  }));
  const events = [...tail.events, ...newEvents];
  const replay =
    found.length > 0
      ? replayOccupancy({ ...tail, events, allowNegative: snap.allowNegative })
      : { buckets: [], end: snap.occupancy };

  const write: BatchWrite = {
    cameraId: snap.cameraId,
    facilityId: snap.facilityId,
    expectedVersion: snap.version,
    engine: snap.engine,
    watermarkMs,
    lastSequence: sequence ?? snap.lastSequence,
    seenAt: new Date(now),
    clockSkewMs: Math.max(-2e9, Math.min(2e9, Math.round(now - frames[frames.length - 1]!.ts))),
    accepted: accepted.length,
    duplicates,
    crossings: found.map((c) => ({
      line_id: c.lineId,
      zone_id: snap.zoneOf.get(c.lineId) ?? null,
      track_id: c.trackId,
      delta: c.direction === "in" ? 1 : -1,
      ts: isoOf(c.ts),
    })),
    coverage: coverage(accepted),
    lineMinutes: lineMinutes(found),
    buckets: replay.buckets,
    occupancy: replay.end,
    pending: pending(found, snap),
  };

  const next: CameraSnapshot = {
    ...snap,
    version: snap.version + 1,
    watermarkMs,
    lastSequence: write.lastSequence,
    occupancy: replay.end,
    tail:
      found.length > 0
        ? trimTail(
            { ...tail, events, existingMinutes: replay.buckets.map((b) => b.minute) },
            replay.buckets,
            watermarkMs,
          )
        : tail,
  };
  const result: IngestResultDto = {
    accepted: accepted.length,
    duplicates,
    watermark: watermarkMs == null ? null : isoOf(watermarkMs),
    crossings: found.map((c) => ({
      line_id: c.lineId,
      track_id: c.trackId,
      direction: c.direction,
      ts: isoOf(c.ts),
    })),
    occupancy: replay.end,
  };
  return { write, next, result };
}

/** Keeps about the last minute of the ledger tail in memory: enough for the next batch. */
function trimTail(
  tail: CameraSnapshot["tail"],
  buckets: { minute: number; occEnd: number }[],
  watermarkMs: number | null,
): CameraSnapshot["tail"] {
  const keepFrom = Math.max(tail.fromMinute, minuteOf(watermarkMs ?? 0) - MINUTE_MS);
  if (keepFrom === tail.fromMinute) return tail;
  let start = tail.start;
  for (const b of buckets) if (b.minute < keepFrom) start = b.occEnd;
  return {
    fromMinute: keepFrom,
    start,
    existingMinutes: tail.existingMinutes.filter((m) => m >= keepFrom),
    events: tail.events.filter((e) => e.ts >= keepFrom),
  };
}

function coverage(frames: Frame[]) {
  const perMinute = new Map<number, { frames: number; detections: number }>();
  for (const f of frames) {
    const m = minuteOf(f.ts);
    const c = perMinute.get(m) ?? { frames: 0, detections: 0 };
    c.frames++;
    c.detections += f.detections.length;
    perMinute.set(m, c);
  }
  return [...perMinute].map(([m, c]) => ({ minute: isoOf(m), ...c }));
}

function lineMinutes(found: Crossing[]) {
  const per = new Map<
    string,
    { line_id: string; minute: string; entries: number; exits: number }
  >();
  for (const c of found) {
    const minute = isoOf(minuteOf(c.ts));
    const key = `${c.lineId} ${minute}`;
    const agg = per.get(key) ?? { line_id: c.lineId, minute, entries: 0, exits: 0 };
    if (c.direction === "in") agg.entries++;
    else agg.exits++;
    per.set(key, agg);
  }
  return [...per.values()];
}

/**
 * Zones and the facility are shared by all the facility's cameras: rather than lock them in every
 * batch, mark them pending (a row of this camera's own) and materialise them after commit.
 */
function pending(found: Crossing[], snap: CameraSnapshot): BatchWrite["pending"] {
  const earliest = new Map<
    string,
    { entity_kind: "zone" | "facility"; entity_id: string; ts: number }
  >();
  for (const c of found) {
    const zoneId = snap.zoneOf.get(c.lineId);
    const kind = zoneId ? "zone" : "facility";
    const id = zoneId ?? snap.facilityId;
    const seen = earliest.get(`${kind}:${id}`);
    if (!seen || c.ts < seen.ts)
      earliest.set(`${kind}:${id}`, { entity_kind: kind, entity_id: id, ts: c.ts });
  }
  return [...earliest.values()].map((e) => ({
    entity_kind: e.entity_kind,
    entity_id: e.entity_id,
    from_ts: isoOf(e.ts),
  }));
}

/** Counts an applied batch from figures already aggregated per minute: nothing per detection. */
function countBatch(write: BatchWrite, startedAt: number): void {
  let detections = 0;
  for (const c of write.coverage) detections += c.detections;
  let crossingsIn = 0;
  let crossingsOut = 0;
  for (const m of write.lineMinutes) {
    crossingsIn += m.entries;
    crossingsOut += m.exits;
  }
  ingestBatchApplied({
    frames: write.accepted,
    duplicates: write.duplicates,
    detections,
    crossingsIn,
    crossingsOut,
    seconds: (performance.now() - startedAt) / 1000,
  });
}
