import { and, count, eq, ne, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { authUsers } from "@/db/schema";

// Any constant shared by every instance: changes that could leave no admin take turns.
const ADMIN_LOCK = 7_346_202;

/** Serialises, across instances, the transactions that add, demote or remove admins. */
export async function lockAdmins(tx: Executor): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${sql.raw(String(ADMIN_LOCK))})`);
}

export async function hasAdmin(db: Executor): Promise<boolean> {
  const [row] = await db
    .select({ id: authUsers.id })
    .from(authUsers)
    .where(eq(authUsers.role, "admin"))
    .limit(1);
  return Boolean(row);
}

/** Admins other than `userId`. */
export async function otherAdmins(db: Executor, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(authUsers)
    .where(and(eq(authUsers.role, "admin"), ne(authUsers.id, userId)));
  return row?.n ?? 0;
}
