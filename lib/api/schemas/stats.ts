import { z } from "zod";
import { Id, TimeZone } from "./common";

export const StatsQuery = z.object({
  facility_id: Id.optional().meta({ description: "Defaults to the default facility" }),
  from: z.string().max(64).optional().meta({
    description: "Inclusive start (ISO instant or local date). Default: 7 local days ago",
  }),
  to: z.string().max(64).optional().meta({ description: "Exclusive end. Default: tomorrow 00:00" }),
  tz: TimeZone.optional(),
});

const PeriodFigures = {
  from: z.string(),
  to: z.string(),
  entries: z.number().int(),
  exits: z.number().int(),
  peak_occupancy: z.number().int().nullable(),
  average_occupancy: z.number().nullable(),
};

export const FacilityStats = z
  .object({
    facility_id: Id,
    timezone: z.string(),
    ...PeriodFigures,
    peak_at: z.string().nullable(),
    minutes_over_capacity: z.number().int().nullable(),
    average_dwell_minutes: z.number().nullable().meta({
      description: "Occupancy integral ÷ entries: how long a visit lasts on average (estimate)",
    }),
    busiest_hour: z
      .object({ hour: z.number().int(), entries: z.number().int() })
      .nullable()
      .meta({ description: "Local hour of the day (0–23) with the most entries" }),
    busiest_weekday: z
      .object({ weekday: z.string(), entries: z.number().int() })
      .nullable()
      .meta({ description: "Local day of the week with the most entries" }),
    working_hours: z
      .object({
        hours: z.number().meta({ description: "Working hours within the range (elapsed)" }),
        entries: z.number().int(),
        exits: z.number().int(),
        peak_occupancy: z.number().int().nullable(),
        average_occupancy: z.number().nullable(),
      })
      .nullable()
      .meta({
        description:
          "The same figures within the facility's working hours only (from minute buckets, so " +
          "for ranges within the retention period); null when it has no working hours set",
      }),
    previous: z.object(PeriodFigures).meta({ description: "The same length of time just before" }),
    change: z.object({
      entries_pct: z.number().nullable(),
      peak_occupancy_pct: z.number().nullable(),
      average_occupancy_pct: z.number().nullable(),
    }),
  })
  .meta({ id: "FacilityStats" });

export type StatsQueryInput = z.infer<typeof StatsQuery>;
export type FacilityStatsDto = z.infer<typeof FacilityStats>;
