import { and, eq, isNull, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { randomToken } from "@/db/ids";
import { webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { newDeliveryId } from "./ids";

export type WebhookEventType =
  | "crossings.minute"
  | "occupancy.threshold"
  | "alert.opened"
  | "alert.escalated"
  | "alert.resolved"
  | "alert.acknowledged"
  | "webhook.test";

export { subscribableEventTypes, webhookEventTypes } from "./event-types";

export interface WebhookEvent {
  facilityId: string;
  type: WebhookEventType;
  payload: Record<string, unknown>;
  occurredAt: Date;
}

export const newEventId = () => `evt_${randomToken(20)}`;

/**
 * Writes one outbox row per enabled endpoint of the facility subscribed to `type`, in `tx` (the
 * same transaction as the event). Returns the event id.
 */
export async function enqueueWebhookEvent(tx: Executor, event: WebhookEvent): Promise<string> {
  const eventId = newEventId();
  const endpoints = await tx
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .where(
      and(
        eq(webhookEndpoints.facilityId, event.facilityId),
        eq(webhookEndpoints.enabled, true),
        isNull(webhookEndpoints.deletedAt),
        sql`${webhookEndpoints.eventTypes} @> ${JSON.stringify([event.type])}::jsonb`,
      ),
    );
  if (endpoints.length > 0) {
    await tx
      .insert(webhookDeliveries)
      .values(endpoints.map((e) => outboxRow(eventId, e.id, event)))
      .onConflictDoNothing();
  }
  return eventId;
}

/** One endpoint only, whatever it subscribes to ("send test event"). Returns the delivery id. */
export async function enqueueForEndpoint(
  tx: Executor,
  endpointId: string,
  event: WebhookEvent,
): Promise<{ eventId: string; deliveryId: string }> {
  const eventId = newEventId();
  const row = outboxRow(eventId, endpointId, event);
  await tx.insert(webhookDeliveries).values(row);
  return { eventId, deliveryId: row.id };
}

function outboxRow(eventId: string, endpointId: string, event: WebhookEvent) {
  return {
    id: newDeliveryId(),
    eventId,
    endpointId,
    facilityId: event.facilityId,
    type: event.type,
    payload: event.payload,
    occurredAt: event.occurredAt,
    status: "pending" as const,
  };
}
