import { z } from "zod";
import { Id, TimeZone } from "./common";

export const HistoryQuery = z.object({
  from: z
    .string()
    .max(64)
    .optional()
    .meta({
      description:
        "Inclusive start: an ISO-8601 instant or a local date YYYY-MM-DD. Default: the current " +
        "local hour (logs), day (hourly), 7 days (daily) or year (monthly).",
    }),
  to: z
    .string()
    .max(64)
    .optional()
    .meta({ description: "Exclusive end, same forms as from. Default: the end of that span." }),
  tz: TimeZone.optional().meta({ description: "Bucket in this zone instead of the facility's" }),
  interval: z.enum(["1m", "5m"]).optional().meta({
    description: "Logs only: one row per minute (default) or per 5 minutes",
  }),
  format: z.enum(["json", "csv"]).optional().meta({
    description: "csv answers text/csv (so does Accept: text/csv)",
  }),
});

export const HistoryBucket = z
  .object({
    start: z
      .string()
      .meta({ description: "Local start with offset, e.g. 2026-10-25T02:00:00+01:00" }),
    end: z.string(),
    date: z.string().optional().meta({ description: "Local YYYY-MM-DD (daily buckets)" }),
    month: z.string().optional().meta({ description: "Local YYYY-MM (monthly buckets)" }),
    entries: z.number().int(),
    exits: z.number().int(),
    net: z.number().int(),
    occupancy_avg: z.number().nullable().meta({
      description: "Time-weighted: person-seconds ÷ covered seconds; null when nothing reported",
    }),
    occupancy_integral: z.number().nullable().meta({
      description: "Person-seconds over the whole bucket (occupancy held between events)",
    }),
    occupancy_min: z.number().int().nullable(),
    occupancy_min_at: z.string().nullable(),
    occupancy_max: z.number().int().nullable(),
    occupancy_max_at: z.string().nullable(),
    minutes_over_capacity: z.number().int().nullable(),
    coverage: z.number().meta({ description: "Share of the bucket for which cameras reported" }),
    has_data: z.boolean(),
    adjusted: z.boolean().meta({ description: "A calibration or reset touched this bucket" }),
  })
  .meta({ id: "HistoryBucket" });

export const History = z
  .object({
    entity_kind: z.enum(["facility", "zone", "camera", "line"]),
    entity_id: Id,
    unit: z.enum(["minute", "hour", "day", "month"]),
    timezone: z.string(),
    from: z.string(),
    to: z.string(),
    buckets: z.array(HistoryBucket),
  })
  .meta({ id: "History" });

export type HistoryQueryInput = z.infer<typeof HistoryQuery>;
export type HistoryBucketDto = z.infer<typeof HistoryBucket>;
export type HistoryDto = z.infer<typeof History>;

export const HistoryExportQuery = z.object({
  unit: z.enum(["hour", "day", "month"]).optional().meta({ description: "Default hour" }),
  entity_kind: z.enum(["facility", "zone", "camera", "line"]).optional().meta({
    description: "Only this kind of entity; default all of the facility's",
  }),
  from: HistoryQuery.shape.from,
  to: HistoryQuery.shape.to,
  tz: HistoryQuery.shape.tz,
});

export const HistoryCsv = z.string().meta({
  description:
    "CSV, one row per entity and bucket: entity_kind, entity_id, entity_name, then the bucket's " +
    "columns (start, end, utc_offset, date, month, entries, exits, net, occupancy_avg, …)",
});

export type HistoryExportQueryInput = z.infer<typeof HistoryExportQuery>;
