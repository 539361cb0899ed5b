import { z } from "zod";
import { Capacity, Id, Instant } from "./common";

export const CreateZone = z
  .object({
    facility_id: Id.optional().meta({ description: "Defaults to the default facility" }),
    name: z.string().trim().min(1).max(200),
    capacity: Capacity.nullable().default(null),
  })
  .strict()
  .meta({ id: "CreateZone" });

export const UpdateZone = z
  .object({ name: z.string().trim().min(1).max(200), capacity: Capacity.nullable() })
  .partial()
  .strict()
  .meta({ id: "UpdateZone" });

export const Zone = z
  .object({
    id: Id,
    facility_id: Id,
    name: z.string(),
    capacity: z.number().int().nullable(),
    created_at: Instant,
    updated_at: Instant,
  })
  .meta({ id: "Zone" });

export type CreateZoneInput = z.infer<typeof CreateZone>;
export type UpdateZoneInput = z.infer<typeof UpdateZone>;
export type ZoneDto = z.infer<typeof Zone>;
