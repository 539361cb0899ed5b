import { z } from "zod";
import { subscribableEventTypes, webhookEventTypes } from "@/lib/webhooks/event-types";
import { Id, Instant, Pagination } from "./common";

export const WebhookEventType = z.enum(subscribableEventTypes).meta({
  description:
    "`crossings.minute`: each complete minute's entries and exits per line; " +
    "`occupancy.threshold`: occupancy crossed a threshold; `alert.*`: alert lifecycle",
});

const WebhookUrl = z
  .string()
  .trim()
  .max(2000)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), { message: "Only http and https URLs" })
  .meta({
    description:
      "http(s) URL that receives a POST per event. Addresses on loopback, private, link-local " +
      "and other reserved networks are refused (at registration and again at every delivery, " +
      "after DNS) unless the server runs with FOOTFALL_WEBHOOK_ALLOW_PRIVATE=1.",
    example: "https://example.com/footfall/events",
  });

const EventTypes = z
  .array(WebhookEventType)
  .min(1)
  .max(subscribableEventTypes.length)
  .refine((t) => new Set(t).size === t.length, { message: "Each event type once" });

export const CreateWebhook = z
  .object({
    url: WebhookUrl,
    event_types: EventTypes,
    description: z.string().trim().max(500).nullable().default(null),
    enabled: z.boolean().default(true),
  })
  .strict()
  .meta({ id: "CreateWebhook" });

export const UpdateWebhook = z
  .object({
    url: WebhookUrl.optional(),
    event_types: EventTypes.optional(),
    description: z.string().trim().max(500).nullable().optional(),
    enabled: z.boolean().optional(),
  })
  .strict()
  .meta({ id: "UpdateWebhook" });

export const Webhook = z
  .object({
    id: Id,
    facility_id: Id,
    url: z.string(),
    event_types: z.array(WebhookEventType),
    description: z.string().nullable(),
    enabled: z.boolean(),
    secret_hint: z.string().meta({ description: "The secret's last four characters" }),
    created_by: z.string(),
    created_at: Instant,
    updated_at: Instant,
  })
  .meta({ id: "Webhook" });

export const WebhookWithSecret = Webhook.extend({
  secret: z.string().meta({
    description: "The signing secret, shown this once (at creation or rotation): store it now",
  }),
}).meta({ id: "WebhookWithSecret" });

export const DeliveryStatus = z.enum(["pending", "delivered", "dead"]);

export const WebhookDelivery = z
  .object({
    id: Id,
    event_id: z.string().meta({
      description: "Idempotency key: the same on every attempt (header X-Footfall-Event-Id)",
    }),
    webhook_id: Id,
    facility_id: Id,
    type: z.enum(webhookEventTypes),
    status: DeliveryStatus,
    attempts: z.number().int(),
    next_attempt_at: Instant.nullable().meta({ description: "When pending: the next attempt" }),
    last_attempt_at: Instant.nullable(),
    last_status: z.number().int().nullable().meta({ description: "HTTP status of the last try" }),
    last_error: z.string().nullable(),
    delivered_at: Instant.nullable(),
    occurred_at: Instant,
    created_at: Instant,
    payload: z.record(z.string(), z.unknown()),
  })
  .meta({ id: "WebhookDelivery" });

export const DeliveriesQuery = Pagination.extend({
  status: DeliveryStatus.optional(),
});

export type CreateWebhookInput = z.infer<typeof CreateWebhook>;
export type UpdateWebhookInput = z.infer<typeof UpdateWebhook>;
export type WebhookDto = z.infer<typeof Webhook>;
export type WebhookWithSecretDto = z.infer<typeof WebhookWithSecret>;
export type WebhookDeliveryDto = z.infer<typeof WebhookDelivery>;
export type DeliveriesQueryInput = z.infer<typeof DeliveriesQuery>;
