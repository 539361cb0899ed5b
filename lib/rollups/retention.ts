import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db, Executor } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { facilities, occupancyAdjustments } from "@/db/schema";
import { log } from "@/lib/log";
import { lockEntity } from "@/lib/occupancy/ledger";
import { MINUTE_MS } from "@/lib/timeseries/minute";
import { earliestMark, facilityMarks } from "./marks";
import { rollupFacility } from "./roll";

const DAY_MS = 24 * 60 * MINUTE_MS;
export const DEFAULT_RETENTION_DAYS = 90;

/** How long raw crossings and minute buckets are kept (FOOTFALL_RETENTION_DAYS, default 90). */
export function retentionDays(env: NodeJS.ProcessEnv = process.env): number {
  const days = Number(env.FOOTFALL_RETENTION_DAYS);
  return Number.isFinite(days) && days >= 1 ? days : DEFAULT_RETENTION_DAYS;
}

/** The instant before which raw data goes: a UTC midnight, so whole quarters and days go. */
export function retentionCutoff(now: number, days = retentionDays()): number {
  return Math.floor((now - days * DAY_MS) / DAY_MS) * DAY_MS;
}

export interface RetentionResult {
  facilities: number;
  skipped: string[];
  checkpoints: number;
  deleted: { crossings: number; minutes: number; cameraMinutes: number; lineMinutes: number };
}

const BATCH = 5_000;

/** Deletes in batches, so a long delete never holds ingest up (PGlite is one connection). */
async function deleteBefore(
  db: Db,
  table: string,
  column: string,
  facilityId: string,
  cutoff: Date,
) {
  let total = 0;
  for (;;) {
    const result = await db.execute(sql`
      delete from ${sql.identifier(table)} where ctid in (
        select ctid from ${sql.identifier(table)}
        where facility_id = ${facilityId} and ${sql.identifier(column)} < ${cutoff.toISOString()}::timestamptz
        limit ${BATCH})
      returning 1`);
    const n = rowsOf(result).length;
    total += n;
    if (n < BATCH) return total;
  }
}

/**
 * Writes each entity's balance at the cutoff into the ledger (once), so replays that start after
 * it no longer need what is about to be deleted.
 */
async function writeCheckpoints(db: Db, facilityId: string, cutoff: Date): Promise<number> {
  const result = await db.execute(sql`
    select distinct on (entity_kind, entity_id) entity_kind, entity_id, occ_end
    from occupancy_minutes
    where facility_id = ${facilityId} and minute < ${cutoff.toISOString()}::timestamptz
    order by entity_kind, entity_id, minute desc`);
  const balances = rowsOf<{
    entity_kind: "camera" | "zone" | "facility";
    entity_id: string;
    occ_end: number;
  }>(result);
  let written = 0;
  for (const b of balances) {
    const entity = { kind: b.entity_kind, id: b.entity_id, facilityId };
    written += await db.transaction(async (tx: Executor) => {
      await lockEntity(tx, entity);
      const [existing] = await tx
        .select({ id: occupancyAdjustments.id })
        .from(occupancyAdjustments)
        .where(
          and(
            eq(occupancyAdjustments.entityKind, entity.kind),
            eq(occupancyAdjustments.entityId, entity.id),
            eq(occupancyAdjustments.kind, "checkpoint"),
            eq(occupancyAdjustments.ts, cutoff),
          ),
        );
      if (existing) return 0;
      await tx.insert(occupancyAdjustments).values({
        facilityId,
        entityKind: entity.kind,
        entityId: entity.id,
        kind: "checkpoint",
        ts: cutoff,
        value: b.occ_end,
        reason: "retention checkpoint",
        createdBy: "scheduler",
      });
      return 1;
    });
  }
  return written;
}

/**
 * The retention job: per facility, rolls everything up, writes checkpoints at the cutoff, then
 * deletes raw crossings and minute buckets before it. A facility whose rollups are still behind
 * the cutoff keeps its data until they are not.
 */
export async function applyRetention(db: Db, now = Date.now()): Promise<RetentionResult> {
  const cutoff = new Date(retentionCutoff(now));
  const result: RetentionResult = {
    facilities: 0,
    skipped: [],
    checkpoints: 0,
    deleted: { crossings: 0, minutes: 0, cameraMinutes: 0, lineMinutes: 0 },
  };
  const rows = await db
    .select({ id: facilities.id })
    .from(facilities)
    .where(isNull(facilities.deletedAt));
  for (const { id } of rows) {
    await rollupFacility(db, id);
    const behind = earliestMark(await facilityMarks(db, id));
    if (behind !== null && behind < cutoff.getTime()) {
      log.warn({ facilityId: id, behind: new Date(behind) }, "retention waits for rollups");
      result.skipped.push(id);
      continue;
    }
    result.facilities++;
    result.checkpoints += await writeCheckpoints(db, id, cutoff);
    result.deleted.crossings += await deleteBefore(db, "crossings", "ts", id, cutoff);
    result.deleted.minutes += await deleteBefore(db, "occupancy_minutes", "minute", id, cutoff);
    result.deleted.cameraMinutes += await deleteBefore(db, "camera_minutes", "minute", id, cutoff);
    result.deleted.lineMinutes += await deleteBefore(db, "line_minutes", "minute", id, cutoff);
  }
  return result;
}
