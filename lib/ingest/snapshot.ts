import { and, eq, isNull } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { cameraStates, cameras, facilities, lines } from "@/db/schema";
import type { CountingLine, EngineState } from "@/lib/counting/types";
import { type LedgerTail, readLedger } from "@/lib/occupancy/ledger";
import { MINUTE_MS, minuteOf } from "@/lib/timeseries/minute";
import { replayOccupancy } from "@/lib/timeseries/occupancy-replay";
import { toCountingLine } from "./counting-lines";

/** All that ingest needs to know about a camera, as of one `version` of its state. */
export interface CameraSnapshot {
  version: number;
  cameraId: string;
  facilityId: string;
  enabled: boolean;
  deleted: boolean;
  allowNegative: boolean;
  lines: CountingLine[];
  zoneOf: Map<string, string | null>;
  engine: EngineState | null;
  watermarkMs: number | null;
  lastSequence: number | null;
  occupancy: number;
  /** The camera's occupancy ledger from a minute or two back: enough to replay a new batch. */
  tail: LedgerTail;
}

/**
 * Reads a camera's snapshot without locks. It may be torn by a concurrent write, but every such
 * write bumps the version read first, so ingest's compare-and-swap then fails and reloads.
 */
export async function loadSnapshot(
  db: Executor,
  cameraId: string,
  tailFromMs?: number,
): Promise<CameraSnapshot | null> {
  const [row] = await db
    .select({ camera: cameras, state: cameraStates, allowNegative: facilities.allowNegative })
    .from(cameraStates)
    .innerJoin(cameras, eq(cameras.id, cameraStates.cameraId))
    .innerJoin(facilities, eq(facilities.id, cameras.facilityId))
    .where(eq(cameraStates.cameraId, cameraId));
  if (!row) return null;
  const { camera, state } = row;
  const cameraLines = await db
    .select()
    .from(lines)
    .where(and(eq(lines.cameraId, cameraId), eq(lines.enabled, true), isNull(lines.deletedAt)));
  // A minute before the newest frame: batches that straddle a minute stay on the fast path.
  const from = minuteOf(tailFromMs ?? state.watermarkMs ?? Date.now()) - MINUTE_MS;
  const tail = await readLedger(
    db,
    { kind: "camera", id: cameraId, facilityId: camera.facilityId },
    new Date(from),
  );
  return {
    version: state.version,
    cameraId,
    facilityId: camera.facilityId,
    enabled: camera.enabled,
    deleted: camera.deletedAt !== null,
    allowNegative: row.allowNegative,
    lines: cameraLines.map((l) => toCountingLine(l, camera)),
    zoneOf: new Map(cameraLines.map((l) => [l.id, l.zoneId])),
    engine: (state.engine as EngineState | null) ?? null,
    watermarkMs: state.watermarkMs,
    lastSequence: state.lastSequence,
    occupancy: replayEnd(tail, row.allowNegative),
    tail,
  };
}

function replayEnd(tail: LedgerTail, allowNegative: boolean): number {
  return replayOccupancy({ ...tail, allowNegative }).end;
}
