import { type Database, type Executor, getDatabase } from "@/db/client";
import { log } from "@/lib/log";
import { persistedId, transientId } from "./event-id";
import { getEvent, insertEvent, latestEventId, notifySql } from "./store";
import { type Listening, listen } from "./transport";
import type { DeliveredEvent, FootfallEvent } from "./types";
import { CHANNEL, decode, encode } from "./wire";

export type { DeliveredEvent, FootfallEvent } from "./types";

type Listener = (e: DeliveredEvent) => void;

/** NOTIFY statements stay short: this many payloads per statement at most. */
const PER_STATEMENT = 50;

/**
 * Publishes once the transaction `tx` commits (pg_notify inside it on PostgreSQL). Alerts are
 * also persisted (in `tx`), so a client that reconnects can have them replayed.
 */
export async function publishEvent(tx: Executor, event: FootfallEvent): Promise<void> {
  const rowId = event.type === "alert" ? await insertEvent(tx, event) : undefined;
  await tx.execute(notifySql(CHANNEL, [encode(event, rowId)]));
}

/** Many unpersisted events in one statement (occupancy changes noticed outside a transaction). */
export async function publishTransient(db: Executor, events: FootfallEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += PER_STATEMENT) {
    const payloads = events.slice(i, i + PER_STATEMENT).map((e) => encode(e));
    await db.execute(notifySql(CHANNEL, payloads));
  }
}

/**
 * One process's view of the channel: hears every committed event (its own instance's and, on
 * PostgreSQL, every other instance's) and hands it to in-process subscribers with an id.
 */
export class EventBus {
  private readonly listeners = new Set<Listener>();
  /** The highest persisted event id heard of: the cursor in transient ids. */
  private cursor = 0;
  private seq = 0;
  /** Deliveries in the order notifications arrived, even when one needs a lookup. */
  private chain: Promise<void> = Promise.resolve();
  private listening: Listening | null = null;
  private closed = false;
  readonly ready: Promise<void>;

  constructor(private readonly database: Promise<Database>) {
    this.ready = this.start();
  }

  private async start(): Promise<void> {
    const database = await this.database;
    let readyOnce: () => void = () => {};
    const established = new Promise<void>((resolve) => {
      readyOnce = resolve;
    });
    this.listening = await listen(
      database,
      (payload) => {
        this.chain = this.chain.then(() => this.receive(database, payload));
      },
      () => {
        // (Re)connected: anything persisted meanwhile is below this cursor and replayable.
        latestEventId(database.db)
          .then((id) => {
            this.cursor = Math.max(this.cursor, id);
          })
          .catch((error) => log.warn({ err: error }, "events: could not read the cursor"))
          .finally(readyOnce);
      },
    );
    await established;
    if (this.closed) await this.listening.stop();
  }

  private async receive(database: Database, payload: string): Promise<void> {
    const message = decode(payload);
    if (!message) {
      log.warn({ payload: payload.slice(0, 200) }, "events: unreadable notification ignored");
      return;
    }
    let event = message.e ?? null;
    if (!event && message.r !== undefined) {
      event = await getEvent(database.db, message.r).catch(() => null);
      if (!event) return; // pruned meanwhile
    }
    if (!event) return;
    let id: string;
    if (message.r !== undefined) {
      this.cursor = Math.max(this.cursor, message.r);
      id = persistedId(message.r);
    } else {
      id = transientId(this.cursor, ++this.seq);
    }
    this.dispatch({ id, event });
  }

  private dispatch(delivered: DeliveredEvent) {
    for (const listener of [...this.listeners]) {
      try {
        listener(delivered);
      } catch (error) {
        log.error({ err: error }, "events: a subscriber failed");
      }
    }
  }

  subscribe(listener: Listener): () => void {
    // A wrapper per call: subscribing the same function twice gives two independent subscriptions.
    const own: Listener = (e) => listener(e);
    this.listeners.add(own);
    return () => {
      this.listeners.delete(own);
    };
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }

  /** The persisted-event cursor as of now (for ids of snapshot events). */
  get currentCursor(): number {
    return this.cursor;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    await this.ready.catch(() => {});
    await this.listening?.stop();
  }
}

const globalKey = Symbol.for("footfall.event-bus");
type GlobalWithBus = typeof globalThis & { [globalKey]?: EventBus };

/** The process's bus on the process's database, started on first use. */
export function getEventBus(): EventBus {
  const g = globalThis as GlobalWithBus;
  if (!g[globalKey]) {
    const bus = new EventBus(getDatabase());
    g[globalKey] = bus;
    bus.ready.catch((error) => {
      log.error({ err: error }, "events: could not listen; retrying on next use");
      if (g[globalKey] === bus) delete g[globalKey];
    });
  }
  return g[globalKey];
}

export function subscribeEvents(listener: (e: DeliveredEvent) => void): () => void {
  return getEventBus().subscribe(listener);
}
