import { z } from "zod";
import { Id, Instant } from "./common";

export const KeyCapability = z.enum(["ingest", "read", "configure", "admin", "metrics"]);

export const CreateKey = z
  .object({
    name: z.string().trim().min(1).max(200),
    capabilities: z.array(KeyCapability).min(1).max(KeyCapability.options.length),
    facility_ids: z.array(Id).max(1000).nullable().default(null).meta({
      description: "Facilities the key may act on; null = every facility",
    }),
  })
  .strict()
  .meta({ id: "CreateKey" });

export const ApiKey = z
  .object({
    id: Id,
    name: z.string(),
    prefix: z.string().meta({ description: "Visible part of the key, for identification" }),
    capabilities: z.array(KeyCapability),
    facility_ids: z.array(Id).nullable(),
    created_by: z.string(),
    created_at: Instant,
    last_used_at: Instant.nullable(),
    revoked_at: Instant.nullable(),
  })
  .meta({ id: "ApiKey" });

export const CreatedKey = ApiKey.extend({
  key: z.string().meta({ description: "The secret, shown this once: store it now" }),
}).meta({ id: "CreatedKey" });

export const AuditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(200).optional(),
  entity_kind: z.string().max(50).optional(),
  entity_id: Id.optional(),
  facility_id: Id.optional(),
});

export const AuditEntry = z
  .object({
    id: z.string(),
    at: Instant,
    actor_kind: z.string(),
    actor_id: z.string(),
    actor_label: z.string().nullable(),
    action: z.string(),
    entity_kind: z.string(),
    entity_id: z.string(),
    facility_id: z.string().nullable(),
    details: z.unknown(),
  })
  .meta({ id: "AuditEntry" });

export type CreateKeyInput = z.infer<typeof CreateKey>;
export type ApiKeyDto = z.infer<typeof ApiKey>;
export type CreatedKeyDto = z.infer<typeof CreatedKey>;
