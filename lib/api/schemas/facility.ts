import { z } from "zod";
import { Capacity, Id, Instant, TimeZone } from "./common";

const ResetTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Expected local time HH:MM")
  .meta({ description: "Local time of the daily reset to zero", example: "03:00" });

const facilityFields = {
  name: z.string().trim().min(1).max(200),
  timezone: TimeZone,
  capacity: Capacity.nullable(),
  warning_threshold: z
    .number()
    .min(0.01)
    .max(1)
    .meta({ description: "Fraction of capacity at which the facility is busy" }),
  reset_time: ResetTime.nullable(),
  allow_negative: z.boolean().meta({ description: "Whether occupancy may go below zero" }),
};

export const CreateFacility = z
  .object({
    ...facilityFields,
    timezone: TimeZone.default("UTC"),
    capacity: facilityFields.capacity.default(null),
    warning_threshold: facilityFields.warning_threshold.default(0.8),
    reset_time: facilityFields.reset_time.default(null),
    allow_negative: facilityFields.allow_negative.default(false),
  })
  .strict()
  .meta({ id: "CreateFacility" });

/** PUT changes the fields it names and leaves the rest. */
export const UpdateFacility = z
  .object(facilityFields)
  .partial()
  .strict()
  .meta({ id: "UpdateFacility" });

export const Facility = z
  .object({
    id: Id,
    ...facilityFields,
    is_default: z.boolean(),
    created_at: Instant,
    updated_at: Instant,
  })
  .meta({ id: "Facility" });

export type CreateFacilityInput = z.infer<typeof CreateFacility>;
export type UpdateFacilityInput = z.infer<typeof UpdateFacility>;
export type FacilityDto = z.infer<typeof Facility>;
