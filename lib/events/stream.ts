import type { Db } from "@/db/client";
import { AppError } from "@/lib/api/errors";
import type { StreamBatchDto, StreamEventDto } from "@/lib/api/schemas/stream";
import type { Principal } from "@/lib/auth/principal";
import { getActiveFacility } from "@/lib/facilities/facilities";
import { log } from "@/lib/log";
import { sseClientConnected, sseClientDisconnected } from "@/lib/metrics/registry";
import { type EventBus, getEventBus } from "./bus";
import { cursorOf, persistedId, transientId } from "./event-id";
import { occupancySnapshot } from "./snapshot";
import { sseComment, sseEvent, sseRetry } from "./sse";
import { eventsAfter } from "./store";
import type { DeliveredEvent, FootfallEvent } from "./types";

export interface StreamOptions {
  facilityId?: string;
  /** The client's Last-Event-ID (header or query); null on a first connection. */
  lastEventId: string | null;
  /** live: SSE until the client goes; once: SSE of the snapshot and replay, then end; json: the same as one JSON list. */
  mode: "live" | "once" | "json";
  signal: AbortSignal;
  heartbeatMs: number;
  retryMs?: number;
  /** Default: the process's bus. */
  bus?: EventBus;
}

/** Events replayed on one reconnect at most; a client further behind resumes from the last. */
const REPLAY_LIMIT = 1000;
/** Bytes a client may fall behind by before it is dropped (it reconnects and resumes). */
const MAX_BACKLOG = 1 << 20;

type Item = { id: string; event: StreamEventDto };

async function scopeOf(db: Db, actor: Principal, facilityId?: string): Promise<string[] | "all"> {
  if (facilityId) {
    await getActiveFacility(db, facilityId, actor);
    return [facilityId];
  }
  return actor.facilities === "all" ? "all" : [...actor.facilities];
}

/**
 * The live stream of occupancy changes and alerts for the facilities the caller may see: first a
 * snapshot of every visible entity, then the alerts missed since `lastEventId`, then live events.
 */
export async function openOccupancyStream(
  db: Db,
  actor: Principal,
  options: StreamOptions,
): Promise<Response | StreamBatchDto> {
  const scope = await scopeOf(db, actor, options.facilityId);
  const inScope = (e: FootfallEvent) => scope === "all" || scope.includes(e.facility_id);

  const bus = options.bus ?? getEventBus();
  try {
    await bus.ready;
  } catch (error) {
    log.error({ err: error }, "events: bus unavailable");
    throw new AppError("unavailable", "Live events are not available right now");
  }

  // Listen before reading the snapshot, so nothing that commits meanwhile is lost.
  const early: DeliveredEvent[] = [];
  let deliver: ((e: DeliveredEvent) => void) | null = null;
  const unsubscribe =
    options.mode === "live"
      ? bus.subscribe((e) => {
          if (!inScope(e.event)) return;
          if (deliver) deliver(e);
          else early.push(e);
        })
      : () => {};

  let cursor: number;
  let seq = 0;
  const items: Item[] = [];
  const replayed = new Set<number>();
  try {
    const resumeFrom = options.lastEventId === null ? null : cursorOf(options.lastEventId);
    const subscribedAt = bus.currentCursor;
    const snapshot = await occupancySnapshot(db, scope);
    // Until the replay is sent, a client that drops resumes from where it asked.
    cursor = resumeFrom ?? subscribedAt;
    items.push({
      id: transientId(cursor, seq++),
      event: { type: "snapshot", at: new Date().toISOString(), items: snapshot },
    });
    if (resumeFrom !== null) {
      const missed = await eventsAfter(db, resumeFrom, scope, REPLAY_LIMIT);
      for (const m of missed) {
        replayed.add(m.id);
        items.push({ id: persistedId(m.id), event: m.event as StreamEventDto });
      }
      const last = missed[missed.length - 1]?.id ?? resumeFrom;
      // Everything persisted before we subscribed was in the replay, unless it was cut short.
      cursor = missed.length < REPLAY_LIMIT ? Math.max(last, subscribedAt) : last;
    }
  } catch (error) {
    unsubscribe();
    throw error;
  }

  const idOf = (e: DeliveredEvent): string | null => {
    if (e.event.type === "alert") {
      const rowId = cursorOf(e.id);
      if (rowId === null || replayed.has(rowId)) return null;
      cursor = Math.max(cursor, rowId);
      return persistedId(rowId);
    }
    return transientId(cursor, seq++);
  };

  if (options.mode === "json") {
    return { items, next_cursor: items[items.length - 1]!.id };
  }
  return sseResponse(items, options, {
    early,
    idOf,
    unsubscribe,
    setDeliver: (d) => (deliver = d),
  });
}

interface Live {
  early: DeliveredEvent[];
  idOf: (e: DeliveredEvent) => string | null;
  unsubscribe: () => void;
  setDeliver: (deliver: ((e: DeliveredEvent) => void) | null) => void;
}

function sseResponse(items: Item[], options: StreamOptions, live: Live): Response {
  const encoder = new TextEncoder();
  let closed = false;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let close = () => {};

  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        sseClientConnected();
        close = () => {
          if (closed) return;
          closed = true;
          live.setDeliver(null);
          live.unsubscribe();
          clearInterval(heartbeat);
          options.signal.removeEventListener("abort", close);
          sseClientDisconnected();
          try {
            controller.close();
          } catch {
            // already closed or cancelled
          }
        };
        const send = (text: string) => {
          if (closed) return;
          controller.enqueue(encoder.encode(text));
          if ((controller.desiredSize ?? 0) < -MAX_BACKLOG) {
            log.warn("events: a live client fell too far behind and was dropped");
            close();
          }
        };
        const push = (e: DeliveredEvent) => {
          const id = live.idOf(e);
          if (id !== null) send(sseEvent(id, e.event.type, e.event));
        };

        send(sseRetry(options.retryMs ?? 3000));
        for (const item of items) send(sseEvent(item.id, item.event.type, item.event));
        if (options.mode === "once") return close();

        for (const e of live.early.splice(0)) push(e);
        live.setDeliver(push);
        heartbeat = setInterval(() => send(sseComment("heartbeat")), options.heartbeatMs);
        heartbeat.unref?.();
        if (options.signal.aborted) close();
        else options.signal.addEventListener("abort", close, { once: true });
      },
      cancel() {
        close();
      },
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );

  return new Response(body, {
    status: 200,
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      // no-transform: nothing on the way may compress (and so buffer) the stream.
      "cache-control": "no-cache, no-transform",
      "x-accel-buffering": "no",
    },
  });
}
