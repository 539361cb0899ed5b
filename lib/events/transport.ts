import type { PGlite } from "@electric-sql/pglite";
import type { Sql } from "postgres";
import type { Database } from "@/db/client";
import { CHANNEL } from "./wire";

/** A live subscription to the channel; `onReady` runs each time it is (re)established. */
export interface Listening {
  stop(): Promise<void>;
}

type OnPayload = (payload: string) => void;

/**
 * Both drivers publish with `pg_notify` inside the publisher's transaction, so a rolled-back
 * transaction never emits and a committed one emits exactly once, after commit.
 *
 * PostgreSQL: postgres.js `listen` holds one dedicated connection per client (outside the pool)
 * and re-listens after a reconnect; every instance hears every other instance's events.
 * PGlite: one process, one connection; its own LISTEN delivers in process, after commit.
 */
export async function listen(
  database: Database,
  onPayload: OnPayload,
  onReady: () => void,
): Promise<Listening> {
  const client = (database.db as unknown as { $client: unknown }).$client;
  if (database.driver === "postgres") {
    const sql = client as Sql;
    const { unlisten } = await sql.listen(CHANNEL, (payload) => onPayload(payload), onReady);
    return { stop: () => unlisten().catch(() => {}) };
  }
  const pglite = client as PGlite;
  const unlisten = await pglite.listen(CHANNEL, onPayload);
  onReady();
  return {
    stop: async () => {
      if (!pglite.closed) await unlisten().catch(() => {});
    },
  };
}
