/** Every event a webhook can carry. Pure: the API schemas (and so the browser) import it. */
export const webhookEventTypes = [
  "crossings.minute",
  "occupancy.threshold",
  "alert.opened",
  "alert.escalated",
  "alert.resolved",
  "alert.acknowledged",
  "webhook.test",
] as const;

export type WebhookEventType = (typeof webhookEventTypes)[number];

/** The types an endpoint may subscribe to; `webhook.test` goes only where it is asked for. */
export const subscribableEventTypes = webhookEventTypes.filter(
  (t): t is Exclude<WebhookEventType, "webhook.test"> => t !== "webhook.test",
) as [Exclude<WebhookEventType, "webhook.test">, ...Exclude<WebhookEventType, "webhook.test">[]];
