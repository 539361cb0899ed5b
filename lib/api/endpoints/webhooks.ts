import { verificationSnippet } from "@/lib/webhooks/signature";
import { endpoint } from "../endpoint";
import { IdParams, listOf, Pagination } from "../schemas/common";
import {
  CreateWebhook,
  DeliveriesQuery,
  UpdateWebhook,
  Webhook,
  WebhookDelivery,
  WebhookWithSecret,
} from "../schemas/webhook";

const tag = "Webhooks";

const deliveryDoc =
  "Each event is POSTed as JSON `{ id, type, facility_id, occurred_at, data }` with headers " +
  "`X-Footfall-Event` (the type), `X-Footfall-Event-Id` (the idempotency key: the same on every " +
  "retry, so drop events you have already processed), `X-Footfall-Timestamp` (unix seconds) and " +
  "`X-Footfall-Signature: t=<timestamp>,v1=<hex>`, where the hex is HMAC-SHA256 with the " +
  "webhook's secret over `<timestamp>.<raw body>`. Verify it against the raw body, compare in " +
  "constant time and reject timestamps more than 5 minutes old (replays):\n\n" +
  "```js\n" +
  verificationSnippet +
  "\n```\n\n" +
  "Any 2xx within 10 s counts as delivered; anything else (including redirects) is retried " +
  "with exponential back-off and full jitter (by default from 30 s, capped at 1 h) and after 8 " +
  "attempts the delivery is dead: listed with `status=dead` and retryable by hand. Delivery is " +
  "at least once and not ordered. `crossings.minute` summarises each complete minute with " +
  "crossings (10–15 s after it ends, starting with the minute before the first subscribed " +
  "webhook was created; minutes without crossings send nothing); crossings that arrive for a " +
  "minute already summarised send no correction. SSRF guard: URLs must be http(s) and may not " +
  "point at loopback, private, link-local or reserved addresses (checked again after DNS at " +
  "each delivery) unless the server sets FOOTFALL_WEBHOOK_ALLOW_PRIVATE=1.";

export const webhooksEndpoints = {
  createWebhook: endpoint({
    method: "POST",
    path: "/api/occupancy/facilities/{id}/webhooks",
    summary: "Register a webhook for a facility's events",
    description: `The answer carries the signing secret (\`secret\`) this once.\n\n${deliveryDoc}`,
    tag,
    capability: "configure",
    params: IdParams,
    body: CreateWebhook,
    response: WebhookWithSecret,
    status: 201,
    idempotent: true,
  }),
  listWebhooks: endpoint({
    method: "GET",
    path: "/api/occupancy/facilities/{id}/webhooks",
    summary: "List a facility's webhooks (never their secrets)",
    tag,
    capability: "read",
    params: IdParams,
    query: Pagination,
    response: listOf(Webhook),
  }),
  getWebhook: endpoint({
    method: "GET",
    path: "/api/webhooks/{id}",
    summary: "Get a webhook",
    description: deliveryDoc,
    tag,
    capability: "read",
    params: IdParams,
    response: Webhook,
  }),
  updateWebhook: endpoint({
    method: "PUT",
    path: "/api/webhooks/{id}",
    summary: "Update a webhook's URL, event types, description or enabled flag",
    description:
      "A disabled webhook gets no new events; deliveries already queued wait until it is " +
      "enabled again.",
    tag,
    capability: "configure",
    params: IdParams,
    body: UpdateWebhook,
    response: Webhook,
  }),
  deleteWebhook: endpoint({
    method: "DELETE",
    path: "/api/webhooks/{id}",
    summary: "Delete a webhook (its queued deliveries become dead)",
    tag,
    capability: "configure",
    params: IdParams,
  }),
  rotateWebhookSecret: endpoint({
    method: "POST",
    path: "/api/webhooks/{id}/rotate-secret",
    summary: "Replace a webhook's signing secret",
    description:
      "Answers the new secret this once. Every delivery from now on is signed with it, retries " +
      "of earlier events included.",
    tag,
    capability: "configure",
    params: IdParams,
    response: WebhookWithSecret,
  }),
  sendWebhookTest: endpoint({
    method: "POST",
    path: "/api/webhooks/{id}/test",
    summary: "Send a test event",
    description:
      "Queues one `webhook.test` event for this webhook only (whatever it subscribes to) and " +
      "answers the delivery, to follow with the deliveries list. 409 when the webhook is disabled.",
    tag,
    capability: "configure",
    params: IdParams,
    response: WebhookDelivery,
    status: 201,
    errors: [409],
  }),
  listWebhookDeliveries: endpoint({
    method: "GET",
    path: "/api/webhooks/{id}/deliveries",
    summary: "A webhook's deliveries, newest first (status=dead: the dead letters)",
    tag,
    capability: "read",
    params: IdParams,
    query: DeliveriesQuery,
    response: listOf(WebhookDelivery),
  }),
  retryWebhookDelivery: endpoint({
    method: "POST",
    path: "/api/webhooks/deliveries/{id}/retry",
    summary: "Re-queue a dead delivery now",
    description:
      "Starts a fresh round of attempts with the same event id. 409 unless the delivery is dead " +
      "and its webhook enabled.",
    tag,
    capability: "configure",
    params: IdParams,
    response: WebhookDelivery,
    errors: [409],
  }),
};
