import { z } from "zod";
import { Id } from "./common";

export const Aggregate = z
  .object({
    facility_id: Id.optional().meta({ description: "One facility; default every one you may see" }),
    from: z
      .string()
      .max(64)
      .optional()
      .meta({
        description:
          "Inclusive start: ISO-8601 instant or local date YYYY-MM-DD in the facility's zone. " +
          "Default: the start of the current local day (with `to` = now).",
      }),
    to: z.string().max(64).optional().meta({ description: "Exclusive end; default now" }),
  })
  .strict()
  .meta({ id: "Aggregate" });

const Done = {
  entities: z.number().int().meta({ description: "Cameras, lines, zones and facility rolled up" }),
  quarters: z.number().int().meta({ description: "Quarter-hour rows written" }),
  hours: z.number().int(),
  days: z.number().int(),
  months: z.number().int(),
};

export const AggregateResult = z
  .object({
    facilities: z.array(
      z.object({
        facility_id: Id,
        timezone: z.string(),
        from: z.string(),
        to: z.string(),
        ...Done,
      }),
    ),
    duration_ms: z.number().int(),
  })
  .meta({ id: "AggregateResult" });

export type AggregateInput = z.infer<typeof Aggregate>;
export type AggregateDto = z.infer<typeof AggregateResult>;
