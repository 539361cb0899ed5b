import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { facilities, occupancyPending } from "@/db/schema";
import { log } from "@/lib/log";
import { MINUTE_MS, minuteOf } from "@/lib/timeseries/minute";
import { type Entity, type LedgerTail, lockEntity, readLedger, replayTail } from "./ledger";

/**
 * This process's copy of each entity's recent ledger, tagged with the live row's version it was
 * written at. Valid only while that version is unchanged (no other instance or calibration has
 * replayed the entity since); then only inputs at or after the earliest pending mark are read.
 */
const tails = new Map<string, { version: number; tail: LedgerTail }>();
const MAX_TAILS = 5_000;

/**
 * Brings an entity's buckets and live balance up to date with crossings that ingest marked as
 * pending. Safe to run anywhere, any time, on any instance: the entity lock serialises it, and a
 * mark committed while it runs is simply taken by the next run.
 */
export async function materialiseEntity(db: Db, entity: Entity): Promise<void> {
  const key = `${entity.kind}:${entity.id}`;
  await db.transaction(async (tx) => {
    const live = await lockEntity(tx, entity);
    const taken = rowsOf<{ from_ts: string | Date }>(
      await tx.execute(sql`
        delete from ${occupancyPending}
        where ${occupancyPending.entityKind} = ${entity.kind}
          and ${occupancyPending.entityId} = ${entity.id}
        returning ${occupancyPending.fromTs} as from_ts`),
    );
    if (taken.length === 0) return;
    const from = Math.min(...taken.map((t) => new Date(t.from_ts).getTime()));
    const [facility] = await tx
      .select({ allowNegative: facilities.allowNegative })
      .from(facilities)
      .where(eq(facilities.id, entity.facilityId));

    // Inputs before the earliest mark are unchanged since the cached run: read only the rest.
    const cached = tails.get(key);
    tails.delete(key);
    let tail: LedgerTail;
    if (cached && cached.version === live.version && from >= cached.tail.fromMinute) {
      const fresh = await readLedger(tx, entity, new Date(cached.tail.fromMinute), new Date(from));
      tail = {
        ...fresh,
        events: [...cached.tail.events.filter((e) => e.ts < from), ...fresh.events],
      };
    } else {
      tail = await readLedger(tx, entity, new Date(minuteOf(from)));
    }
    const replay = await replayTail(tx, entity, tail, facility?.allowNegative ?? false);

    // Keep about a minute: pending marks are rarely older than that.
    const newest = tail.events.reduce((m, e) => Math.max(m, e.ts), tail.fromMinute);
    const keepFrom = Math.max(tail.fromMinute, minuteOf(newest) - MINUTE_MS);
    let start = tail.start;
    for (const b of replay.buckets) if (b.minute < keepFrom) start = b.occEnd;
    if (tails.size >= MAX_TAILS) tails.delete(tails.keys().next().value!);
    tails.set(key, {
      version: live.version + 1,
      tail: {
        fromMinute: keepFrom,
        start,
        existingMinutes: replay.buckets.map((b) => b.minute).filter((m) => m >= keepFrom),
        events: tail.events.filter((e) => e.ts >= keepFrom),
      },
    });
  });
}

/** Materialises every entity of a facility that has pending crossings. */
export async function materialiseFacility(db: Db, facilityId: string): Promise<void> {
  const pending = await db
    .selectDistinct({ kind: occupancyPending.entityKind, id: occupancyPending.entityId })
    .from(occupancyPending)
    .where(eq(occupancyPending.facilityId, facilityId));
  // Zones by id, then the facility: the same order calibration locks in.
  pending.sort((a, b) => (a.kind === b.kind ? (a.id < b.id ? -1 : 1) : a.kind === "zone" ? -1 : 1));
  for (const p of pending) {
    await materialiseEntity(db, { kind: p.kind, id: p.id, facilityId });
  }
}

const scheduled = new Map<string, ReturnType<typeof setTimeout>>();
const DELAY_MS = 250;

/**
 * After an ingest commit: materialise the facility shortly, once for all the batches that arrive
 * meanwhile, so live figures are a fraction of a second behind without every batch taking the
 * facility's lock. Readers materialise before they read, so they never see stale figures.
 */
export function scheduleMaterialise(db: Db, facilityId: string): void {
  if (scheduled.has(facilityId)) return;
  const timer = setTimeout(() => {
    scheduled.delete(facilityId);
    materialiseFacility(db, facilityId).catch((error) =>
      log.error(
        { err: error, facilityId },
        "materialising occupancy failed; the next read retries",
      ),
    );
  }, DELAY_MS);
  timer.unref?.();
  scheduled.set(facilityId, timer);
}
