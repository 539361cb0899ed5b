import { type Database, openDatabase } from "./client";

/**
 * A database for integration tests: the PostgreSQL server in DATABASE_URL when set, otherwise a
 * fresh in-memory PGlite. Tests create their own rows with unique ids, so they can share a server.
 */
export function openTestDatabase(): Promise<Database> {
  return openDatabase({ databaseUrl: process.env.DATABASE_URL || undefined, dataDir: "memory" });
}
