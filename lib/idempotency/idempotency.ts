import { createHash } from "node:crypto";
import { and, eq, lt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { idempotencyKeys } from "@/db/schema";
import { AppError, validationFailed } from "@/lib/api/errors";

interface Outcome {
  status: number;
  body: unknown;
}

const PENDING = -1;
const KEEP_MS = 24 * 3600_000;

/**
 * A POST create carrying an `Idempotency-Key` runs once: the first request claims the key, a
 * retry with the same body gets the first answer back, and a retry while the first is still
 * running gets 409 rather than a second resource.
 */
export async function withIdempotency(
  db: Db,
  opts: { key: string; scope: string; request: unknown; run: () => Promise<Outcome> },
): Promise<Outcome> {
  if (opts.key.length > 200) {
    throw validationFailed([
      {
        path: "header.idempotency-key",
        code: "too_long",
        message: "Idempotency-Key is longer than 200 characters",
      },
    ]);
  }
  const key = createHash("sha256").update(`${opts.scope}\n${opts.key}`).digest("hex");
  const requestHash = createHash("sha256")
    .update(JSON.stringify(opts.request ?? null))
    .digest("hex");

  await db
    .delete(idempotencyKeys)
    .where(
      and(
        eq(idempotencyKeys.key, key),
        lt(idempotencyKeys.createdAt, new Date(Date.now() - KEEP_MS)),
      ),
    );
  const claimed = await db
    .insert(idempotencyKeys)
    .values({ key, requestHash, status: PENDING, body: {} })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });

  if (claimed.length === 0) {
    const [previous] = await db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key));
    if (!previous) throw new AppError("idempotency_in_progress", "Retry the request");
    if (previous.requestHash !== requestHash) {
      throw new AppError(
        "idempotency_key_reused",
        "This Idempotency-Key was already used with a different request body",
        [
          {
            path: "header.idempotency-key",
            code: "reused",
            message: "Use a new key for a different request",
          },
        ],
      );
    }
    if (previous.status === PENDING) {
      throw new AppError(
        "idempotency_in_progress",
        "The first request with this key is still running",
      );
    }
    return { status: previous.status, body: previous.body };
  }

  try {
    const outcome = await opts.run();
    await db
      .update(idempotencyKeys)
      .set({ status: outcome.status, body: outcome.body ?? null })
      .where(eq(idempotencyKeys.key, key));
    return outcome;
  } catch (error) {
    // A failed attempt leaves nothing behind, so the client may retry it.
    await db.delete(idempotencyKeys).where(eq(idempotencyKeys.key, key));
    throw error;
  }
}
