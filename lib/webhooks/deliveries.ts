import { and, desc, eq, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type WebhookDelivery, webhookDeliveries } from "@/db/schema";
import { conflict, notFound } from "@/lib/api/errors";
import type { DeliveriesQueryInput, WebhookDeliveryDto } from "@/lib/api/schemas/webhook";
import { recordAudit } from "@/lib/audit/audit";
import type { Principal } from "@/lib/auth/principal";
import { assertVisible } from "@/lib/auth/scope";
import { iso, isoOrNull } from "@/lib/iso";
import { decodeCursor, pageOf } from "@/lib/pagination";
import { getVisibleWebhook, webhookDisabled } from "./manage";
import { enqueueForEndpoint } from "./outbox";
import { wakeWebhookWorker } from "./worker";

export function toDeliveryDto(d: WebhookDelivery): WebhookDeliveryDto {
  return {
    id: d.id,
    event_id: d.eventId,
    webhook_id: d.endpointId,
    facility_id: d.facilityId,
    type: d.type as WebhookDeliveryDto["type"],
    status: d.status,
    attempts: d.attempts,
    next_attempt_at: d.status === "pending" ? iso(d.nextAttemptAt) : null,
    last_attempt_at: isoOrNull(d.lastAttemptAt),
    last_status: d.lastStatus,
    last_error: d.lastError,
    delivered_at: isoOrNull(d.deliveredAt),
    occurred_at: iso(d.occurredAt),
    created_at: iso(d.createdAt),
    payload: d.payload,
  };
}

/** A webhook's deliveries, newest first; `status=dead` is the dead-letter list. */
export async function listDeliveries(
  db: Db,
  webhookId: string,
  query: DeliveriesQueryInput,
  actor: Principal,
) {
  await getVisibleWebhook(db, webhookId, actor);
  const before = decodeCursor(query.cursor);
  const rows = await db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.endpointId, webhookId),
        query.status ? eq(webhookDeliveries.status, query.status) : undefined,
        before ? lt(webhookDeliveries.id, before) : undefined,
      ),
    )
    .orderBy(desc(webhookDeliveries.id))
    .limit(query.limit + 1);
  const { items, next_cursor } = pageOf(rows, query.limit);
  return { items: items.map(toDeliveryDto), next_cursor };
}

/** "Send test event": a `webhook.test` event for this webhook only. Answers the delivery. */
export async function sendTestEvent(
  db: Db,
  webhookId: string,
  actor: Principal,
): Promise<WebhookDeliveryDto> {
  const webhook = await getVisibleWebhook(db, webhookId, actor);
  if (!webhook.enabled) throw webhookDisabled();
  const delivery = await db.transaction(async (tx) => {
    const { deliveryId } = await enqueueForEndpoint(tx, webhook.id, {
      facilityId: webhook.facilityId,
      type: "webhook.test",
      occurredAt: new Date(),
      payload: {
        webhook_id: webhook.id,
        message: "Test event from Footfall: if you can read this, delivery works.",
      },
    });
    await recordAudit(tx, actor, {
      action: "webhook.test",
      entityKind: "webhook",
      entityId: webhook.id,
      facilityId: webhook.facilityId,
      details: { delivery_id: deliveryId },
    });
    const [row] = await tx
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.id, deliveryId));
    return row!;
  });
  wakeWebhookWorker();
  return toDeliveryDto(delivery);
}

/**
 * Re-queues a dead delivery for a fresh round of attempts, now, with the same event id (so a
 * receiver that did get it after all can tell). Anything but a dead delivery is a conflict.
 */
export async function retryDelivery(
  db: Db,
  deliveryId: string,
  actor: Principal,
): Promise<WebhookDeliveryDto> {
  const [found] = await db
    .select()
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.id, deliveryId));
  if (!found) throw notFound("Delivery", deliveryId);
  assertVisible(actor, found.facilityId, "Delivery", deliveryId);
  const webhook = await getVisibleWebhook(db, found.endpointId, actor).catch(() => {
    throw conflict("The delivery's webhook was deleted");
  });
  if (!webhook.enabled) throw webhookDisabled();
  const row = await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(webhookDeliveries)
      .set({ status: "pending", attempts: 0, nextAttemptAt: sql`now()` })
      .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.status, "dead")))
      .returning();
    if (!updated)
      throw conflict(`Only a dead delivery can be retried (this one is ${found.status})`);
    await recordAudit(tx, actor, {
      action: "webhook_delivery.retry",
      entityKind: "webhook_delivery",
      entityId: deliveryId,
      facilityId: found.facilityId,
      details: { webhook_id: found.endpointId, event_id: found.eventId },
    });
    return updated;
  });
  wakeWebhookWorker();
  return toDeliveryDto(row);
}
