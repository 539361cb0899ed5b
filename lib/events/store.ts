import { and, asc, eq, gt, inArray, lt, max, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { liveEvents } from "@/db/schema";
import type { FootfallEvent } from "./types";

/** Hours a persisted event stays replayable after a reconnect. */
export const RETENTION_HOURS = 6;

export async function insertEvent(tx: Executor, event: FootfallEvent): Promise<number> {
  const [row] = await tx
    .insert(liveEvents)
    .values({ facilityId: event.facility_id, type: event.type, payload: event })
    .returning({ id: liveEvents.id });
  return row!.id;
}

export async function getEvent(db: Executor, id: number): Promise<FootfallEvent | null> {
  const [row] = await db.select().from(liveEvents).where(eq(liveEvents.id, id));
  return row ? (row.payload as FootfallEvent) : null;
}

export async function latestEventId(db: Executor): Promise<number> {
  const [row] = await db.select({ id: max(liveEvents.id) }).from(liveEvents);
  return Number(row?.id ?? 0);
}

/**
 * Persisted events after `cursor` for the given facilities ("all": every facility), oldest first.
 */
export async function eventsAfter(
  db: Executor,
  cursor: number,
  facilities: string[] | "all",
  limit = 1000,
): Promise<{ id: number; event: FootfallEvent }[]> {
  if (facilities !== "all" && facilities.length === 0) return [];
  const rows = await db
    .select()
    .from(liveEvents)
    .where(
      and(
        gt(liveEvents.id, cursor),
        facilities === "all" ? undefined : inArray(liveEvents.facilityId, facilities),
      ),
    )
    .orderBy(asc(liveEvents.id))
    .limit(limit);
  return rows.map((r) => ({ id: r.id, event: r.payload as FootfallEvent }));
}

export async function pruneEvents(db: Executor, now = Date.now()): Promise<number> {
  const cutoff = new Date(now - RETENTION_HOURS * 3_600_000);
  const deleted = await db
    .delete(liveEvents)
    .where(lt(liveEvents.createdAt, cutoff))
    .returning({ id: liveEvents.id });
  return deleted.length;
}

/** One statement sending every payload (inside a transaction they leave at commit). */
export const notifySql = (channel: string, payloads: string[]) =>
  sql`select ${sql.join(
    payloads.map((p) => sql`pg_notify(${channel}, ${p})`),
    sql`, `,
  )}`;
