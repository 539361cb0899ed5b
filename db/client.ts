import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { acquireDataDirLock } from "./data-dir-lock";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything queries can run on: the database or an open transaction. */
export type Executor = Db | Tx;

export interface DbConfig {
  /** postgres://… → a PostgreSQL server through postgres.js; absent → embedded PGlite. */
  databaseUrl?: string;
  /** PGlite's directory, or "memory". */
  dataDir: string;
}

export interface Database {
  db: Db;
  driver: "postgres" | "pglite";
  close(): Promise<void>;
}

const migrationsFolder = path.join(process.cwd(), "db", "migrations");
// Any constant shared by every instance: instances starting together take turns migrating.
const MIGRATION_LOCK = 7_346_201;

export async function openDatabase(config: DbConfig): Promise<Database> {
  if (config.databaseUrl) {
    const client = postgres(config.databaseUrl, {
      max: Number(process.env.FOOTFALL_DB_POOL ?? 10),
      onnotice: () => {},
    });
    const db = drizzlePostgres(client, { schema }) as unknown as Db;
    // drizzle's migrator takes no lock; hold a session lock on one reserved connection meanwhile.
    const reserved = await client.reserve();
    try {
      await reserved`select pg_advisory_lock(${MIGRATION_LOCK})`;
      await migratePostgres(drizzlePostgres(client, { schema }), { migrationsFolder });
    } finally {
      await reserved`select pg_advisory_unlock(${MIGRATION_LOCK})`;
      reserved.release();
    }
    return { db, driver: "postgres", close: () => client.end({ timeout: 5 }) };
  }

  const inMemory = config.dataDir === "memory";
  const releaseLock = inMemory ? () => {} : acquireDataDirLock(config.dataDir);
  try {
    if (!inMemory) fs.mkdirSync(config.dataDir, { recursive: true });
    const client = inMemory ? new PGlite() : new PGlite(path.join(config.dataDir, "pglite"));
    const pglite = drizzlePglite(client, { schema });
    await migratePglite(pglite, { migrationsFolder });
    return {
      db: pglite as unknown as Db,
      driver: "pglite",
      close: async () => {
        await client.close();
        releaseLock();
      },
    };
  } catch (error) {
    releaseLock();
    throw error;
  }
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): DbConfig {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.FOOTFALL_DATA_DIR || "./data",
  };
}

// Route handlers, instrumentation and dev hot-reload load this module separately: one handle
// per process lives on globalThis.
const globalKey = Symbol.for("footfall.database");
type GlobalWithDb = typeof globalThis & { [globalKey]?: Promise<Database> };

export function getDatabase(): Promise<Database> {
  const g = globalThis as GlobalWithDb;
  if (!g[globalKey]) {
    g[globalKey] = openDatabase(configFromEnv()).catch((error) => {
      delete g[globalKey];
      throw error;
    });
  }
  return g[globalKey];
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}
