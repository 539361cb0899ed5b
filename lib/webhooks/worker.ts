import { and, eq, inArray, sql } from "drizzle-orm";
import type { Database, Executor } from "@/db/client";
import { type WebhookDelivery, webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { log } from "@/lib/log";
import { webhookDelivered } from "@/lib/metrics/registry";
import { backoffDelay } from "./backoff";
import { type WebhookConfig, webhookConfig } from "./config";
import { postWebhook, type SendResult } from "./send";
import { signatureHeader } from "./signature";

/** The body a receiver gets; the same bytes on every attempt of one delivery. */
export function envelopeOf(d: WebhookDelivery): string {
  return JSON.stringify({
    id: d.eventId,
    type: d.type,
    facility_id: d.facilityId,
    occurred_at: d.occurredAt.toISOString(),
    data: d.payload,
  });
}

/**
 * Takes up to `limit` due deliveries and leases them: `next_attempt_at` moves past the send
 * timeout, so a crashed sender's rows come back on their own. `FOR UPDATE SKIP LOCKED` lets
 * instances claim side by side without taking the same row; the claim commits before any HTTP
 * call. `attempts` is bumped here and doubles as the lease's fencing token.
 */
async function claimDue(db: Executor, limit: number, leaseMs: number): Promise<WebhookDelivery[]> {
  return db
    .update(webhookDeliveries)
    .set({
      attempts: sql`${webhookDeliveries.attempts} + 1`,
      lastAttemptAt: sql`now()`,
      nextAttemptAt: sql`now() + make_interval(secs => ${leaseMs / 1000})`,
    })
    .where(
      inArray(
        webhookDeliveries.id,
        sql`(select d.id from webhook_deliveries d
              join webhook_endpoints e on e.id = d.endpoint_id
             where d.status = 'pending' and d.next_attempt_at <= now()
               and e.enabled and e.deleted_at is null
             order by d.next_attempt_at
             limit ${limit}
             for update of d skip locked)`,
      ),
    )
    .returning();
}

async function record(
  db: Executor,
  d: WebhookDelivery,
  result: SendResult,
  config: WebhookConfig,
): Promise<"delivered" | "failed" | "dead"> {
  const outcome = result.ok ? "delivered" : d.attempts >= config.maxAttempts ? "dead" : "failed";
  const retryInMs = backoffDelay(d.attempts, config.backoff);
  await db
    .update(webhookDeliveries)
    .set({
      status: outcome === "failed" ? "pending" : outcome,
      lastStatus: result.status,
      lastError: result.error,
      deliveredAt: result.ok ? sql`now()` : null,
      nextAttemptAt:
        outcome === "failed"
          ? sql`now() + make_interval(secs => ${retryInMs / 1000})`
          : sql`${webhookDeliveries.nextAttemptAt}`,
    })
    // Only while our lease holds: a row re-claimed after a lapsed lease belongs to the new claim.
    .where(
      and(
        eq(webhookDeliveries.id, d.id),
        eq(webhookDeliveries.status, "pending"),
        eq(webhookDeliveries.attempts, d.attempts),
      ),
    );
  return outcome;
}

/** One pass: claims due deliveries, sends them side by side, records each outcome. */
export async function deliverDue(
  db: Executor,
  config: WebhookConfig = webhookConfig(),
  limit = 10,
): Promise<number> {
  const claimed = await claimDue(db, limit, config.timeoutMs + 30_000);
  if (claimed.length === 0) return 0;
  const endpoints = await db
    .select({
      id: webhookEndpoints.id,
      url: webhookEndpoints.url,
      secret: webhookEndpoints.secret,
    })
    .from(webhookEndpoints)
    .where(inArray(webhookEndpoints.id, [...new Set(claimed.map((d) => d.endpointId))]));
  const byId = new Map(endpoints.map((e) => [e.id, e]));
  await Promise.all(
    claimed.map(async (d) => {
      const endpoint = byId.get(d.endpointId)!;
      const body = envelopeOf(d);
      const timestamp = Math.floor(Date.now() / 1000);
      const result = await postWebhook(
        endpoint.url,
        body,
        {
          "content-type": "application/json",
          "user-agent": "Footfall-Webhooks/1",
          "x-footfall-event": d.type,
          "x-footfall-event-id": d.eventId,
          "x-footfall-delivery": d.id,
          "x-footfall-attempt": String(d.attempts),
          "x-footfall-timestamp": String(timestamp),
          "x-footfall-signature": signatureHeader(endpoint.secret, timestamp, body),
        },
        config,
      );
      const outcome = await record(db, d, result, config);
      webhookDelivered(outcome);
      if (outcome === "dead") {
        log.warn(
          { delivery: d.id, endpoint: d.endpointId, attempts: d.attempts, error: result.error },
          "webhook delivery dead",
        );
      }
    }),
  );
  return claimed.length;
}

const globalKey = Symbol.for("footfall.webhookWorker");
interface Worker {
  wake: () => void;
  stop: () => void;
}
type GlobalWithWorker = typeof globalThis & { [globalKey]?: Worker };

/**
 * Every instance runs this loop (about once a second, and at once when woken after an enqueue
 * here). Instances share the work through SKIP LOCKED claims.
 */
export function startWebhookWorker(database: Database, pollMs = 1000): void {
  const g = globalThis as GlobalWithWorker;
  if (g[globalKey]) return;
  let timer: NodeJS.Timeout | undefined;
  let busy = false;
  let again = false;
  let stopped = false;
  const config = webhookConfig();
  const tick = async () => {
    if (stopped) return;
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    clearTimeout(timer);
    try {
      // A full batch means more may be due: keep going before sleeping.
      while ((await deliverDue(database.db, config)) === 10 && !stopped) {}
    } catch (error) {
      log.error({ err: error }, "webhook delivery pass failed");
    } finally {
      busy = false;
      if (!stopped) {
        timer = setTimeout(tick, again ? 0 : pollMs);
        timer.unref();
        again = false;
      }
    }
  };
  g[globalKey] = {
    wake: () => {
      clearTimeout(timer);
      void tick();
    },
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
  timer = setTimeout(tick, pollMs);
  timer.unref();
}

/** Sends what was just enqueued without waiting for the next poll (no-op without a worker). */
export function wakeWebhookWorker(): void {
  (globalThis as GlobalWithWorker)[globalKey]?.wake();
}
