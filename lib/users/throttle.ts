import { inArray, lt, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { newId } from "@/db/ids";
import { authRateLimits } from "@/db/schema";

export interface WindowRule {
  /** Seconds. */
  window: number;
  max: number;
}

export interface Consumed {
  allowed: boolean;
  /** Seconds until the window ends, when refused. */
  retryAfter: number | null;
}

// Rows idle this long are deleted now and then; longer than any window in use.
const PRUNE_AFTER_MS = 60 * 60 * 1000;

/**
 * Counts one attempt against `key` in a fixed window that starts at the key's first attempt, in
 * one statement, so instances sharing the database agree and concurrent attempts cannot all slip
 * past a stale read. The `max + 1`-th attempt in a window is refused.
 */
export async function consumeAttempt(
  db: Executor,
  key: string,
  rule: WindowRule,
  now = Date.now(),
): Promise<Consumed> {
  const windowMs = rule.window * 1000;
  const expired = sql`${authRateLimits.lastRequest} <= ${now - windowMs}`;
  const [row] = await db
    .insert(authRateLimits)
    .values({ id: newId("rl"), key, count: 1, lastRequest: now })
    .onConflictDoUpdate({
      target: authRateLimits.key,
      set: {
        count: sql`case when ${expired} then 1 else ${authRateLimits.count} + 1 end`,
        lastRequest: sql`case when ${expired} then ${now} else ${authRateLimits.lastRequest} end`,
      },
    })
    .returning({ count: authRateLimits.count, start: authRateLimits.lastRequest });
  if (Math.random() < 0.01) {
    await db.delete(authRateLimits).where(lt(authRateLimits.lastRequest, now - PRUNE_AFTER_MS));
  }
  if (!row || row.count <= rule.max) return { allowed: true, retryAfter: null };
  return {
    allowed: false,
    retryAfter: Math.max(1, Math.ceil((Number(row.start) + windowMs - now) / 1000)),
  };
}

export async function clearAttempts(db: Executor, keys: string[]): Promise<void> {
  if (keys.length > 0) await db.delete(authRateLimits).where(inArray(authRateLimits.key, keys));
}
