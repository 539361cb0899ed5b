import { and, eq, gte, inArray, isNull, lte, min, sql } from "drizzle-orm";
import type { Db, Executor } from "@/db/client";
import { cameras, lineMinutes, webhookEndpoints, webhookMinuteCursors } from "@/db/schema";
import { webhookConfig } from "./config";
import { minuteWindow } from "./minute-window";
import { enqueueWebhookEvent } from "./outbox";

const MINUTE = 60_000;
const MAX_CATCH_UP = 60;

const subscribed = () =>
  and(
    eq(webhookEndpoints.enabled, true),
    isNull(webhookEndpoints.deletedAt),
    sql`${webhookEndpoints.eventTypes} @> '["crossings.minute"]'::jsonb`,
  );

/**
 * Enqueues one `crossings.minute` event per facility and complete minute with crossings, for
 * facilities with a subscribed endpoint. Each facility's events are written in the transaction
 * that moves its cursor past those minutes, so every facility-minute is sent once, whichever
 * instance runs this. A quiet facility costs one read and writes nothing.
 */
export async function summariseMinutes(db: Db, now = Date.now()): Promise<number> {
  const facilities = await db
    .select({ facilityId: webhookEndpoints.facilityId, since: min(webhookEndpoints.createdAt) })
    .from(webhookEndpoints)
    .where(subscribed())
    .groupBy(webhookEndpoints.facilityId);
  const { minuteDelayMs } = webhookConfig();
  let events = 0;
  for (const f of facilities) {
    const window = (cursor: number | null) =>
      minuteWindow({
        now,
        delayMs: minuteDelayMs,
        cursor,
        subscribedSince: f.since!.getTime(),
        maxCatchUp: MAX_CATCH_UP,
      });
    const [seen] = await db
      .select({ lastMinute: webhookMinuteCursors.lastMinute })
      .from(webhookMinuteCursors)
      .where(eq(webhookMinuteCursors.facilityId, f.facilityId));
    const due = window(seen ? seen.lastMinute.getTime() : null);
    if (!due || (await minutesWithCrossings(db, f.facilityId, due)).size === 0) continue;
    events += await db.transaction(async (tx) => {
      // Row-locked: a concurrent run waits here, then finds these minutes already sent.
      await tx
        .insert(webhookMinuteCursors)
        .values({ facilityId: f.facilityId, lastMinute: new Date(due.from - MINUTE) })
        .onConflictDoNothing();
      const [locked] = await tx
        .select({ lastMinute: webhookMinuteCursors.lastMinute })
        .from(webhookMinuteCursors)
        .where(eq(webhookMinuteCursors.facilityId, f.facilityId))
        .for("update");
      const w = window(Math.max(locked!.lastMinute.getTime(), due.from - MINUTE));
      if (!w) return 0;
      const sent = await enqueueMinutes(
        tx,
        f.facilityId,
        await minutesWithCrossings(tx, f.facilityId, w),
      );
      await tx
        .update(webhookMinuteCursors)
        .set({ lastMinute: new Date(w.to) })
        .where(eq(webhookMinuteCursors.facilityId, f.facilityId));
      return sent;
    });
  }
  return events;
}

interface LineMinute {
  lineId: string;
  cameraId: string;
  entries: number;
  exits: number;
}

async function minutesWithCrossings(
  db: Executor,
  facilityId: string,
  w: { from: number; to: number },
): Promise<Map<number, LineMinute[]>> {
  const rows = await db
    .select({
      minute: lineMinutes.minute,
      lineId: lineMinutes.lineId,
      cameraId: lineMinutes.cameraId,
      entries: lineMinutes.entries,
      exits: lineMinutes.exits,
    })
    .from(lineMinutes)
    .where(
      and(
        inArray(
          lineMinutes.cameraId,
          db.select({ id: cameras.id }).from(cameras).where(eq(cameras.facilityId, facilityId)),
        ),
        gte(lineMinutes.minute, new Date(w.from)),
        lte(lineMinutes.minute, new Date(w.to)),
      ),
    )
    .orderBy(lineMinutes.minute, lineMinutes.lineId);
  const byMinute = new Map<number, LineMinute[]>();
  for (const { minute, ...line } of rows) {
    if (line.entries === 0 && line.exits === 0) continue;
    const key = minute.getTime();
    byMinute.set(key, [...(byMinute.get(key) ?? []), line]);
  }
  return byMinute;
}

async function enqueueMinutes(
  tx: Executor,
  facilityId: string,
  byMinute: Map<number, LineMinute[]>,
): Promise<number> {
  for (const [minute, lines] of byMinute) {
    await enqueueWebhookEvent(tx, {
      facilityId,
      type: "crossings.minute",
      occurredAt: new Date(minute + MINUTE),
      payload: {
        minute: new Date(minute).toISOString(),
        minute_end: new Date(minute + MINUTE).toISOString(),
        entries: lines.reduce((s, l) => s + l.entries, 0),
        exits: lines.reduce((s, l) => s + l.exits, 0),
        lines: lines.map((l) => ({
          line_id: l.lineId,
          camera_id: l.cameraId,
          entries: l.entries,
          exits: l.exits,
        })),
      },
    });
  }
  return byMinute.size;
}
