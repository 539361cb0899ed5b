import { z } from "zod";
import { Id, Instant, Pagination } from "./common";

export const alertTypes = [
  "capacity",
  "camera_offline",
  "unusual_occupancy",
  "drift",
  "ingest_drop",
] as const;

const Actor = z
  .object({ id: z.string(), label: z.string() })
  .meta({ description: 'Who did it: a user or key id and label, or "system"' });

export const Alert = z
  .object({
    id: Id,
    type: z.enum(alertTypes),
    severity: z.enum(["warning", "critical"]),
    status: z.enum(["open", "acknowledged", "resolved"]),
    facility_id: Id,
    zone_id: Id.nullable(),
    camera_id: Id.nullable(),
    message: z.string(),
    evidence: z
      .record(z.string(), z.unknown())
      .meta({ description: "What the rule saw: levels, occupancy, times, baselines" }),
    opened_at: Instant,
    escalated_at: Instant.nullable(),
    updated_at: Instant,
    acknowledged_at: Instant.nullable(),
    acknowledged_by: Actor.nullable(),
    acknowledge_note: z.string().nullable(),
    resolved_at: Instant.nullable(),
    resolved_by: Actor.nullable(),
    resolve_note: z.string().nullable(),
  })
  .meta({ id: "Alert" });

export const ListAlertsQuery = Pagination.extend({
  facility_id: Id.optional(),
  zone_id: Id.optional(),
  camera_id: Id.optional(),
  type: z.enum(alertTypes).optional(),
  severity: z.enum(["warning", "critical"]).optional(),
  status: z
    .enum(["active", "resolved", "all"])
    .default("active")
    .meta({ description: "active (default): open or acknowledged" }),
  from: Instant.optional().meta({ description: "Opened at or after (inclusive)" }),
  to: Instant.optional().meta({ description: "Opened before (exclusive)" }),
});

export const AlertNote = z
  .object({ note: z.string().trim().max(2000).optional() })
  .strict()
  .meta({ id: "AlertNote" });

const Percent = z.number().min(1).max(1000);
const Seconds = z
  .number()
  .int()
  .min(0)
  .max(7 * 86_400);

const capacityFields = z
  .object({
    enabled: z.boolean(),
    warning_percent: Percent.meta({
      description: "Warning when occupancy reaches this % of capacity",
    }),
    critical_percent: Percent.meta({ description: "Critical when it reaches this %" }),
    clear_gap_percent: z.number().min(0).max(100).meta({
      description: "A level clears only when occupancy falls below (level − gap)% of capacity",
    }),
    min_duration_seconds: Seconds.meta({ description: "A level must hold this long to fire" }),
    cooldown_seconds: Seconds.meta({
      description: "After an alert resolves, no new one for the same condition this long",
    }),
  })
  .strict();
const offlineFields = z
  .object({
    enabled: z.boolean(),
    minutes: z.number().min(0.1).max(1440).meta({
      description: "A camera silent this many minutes of working hours raises camera_offline",
    }),
  })
  .strict();
const unusualFields = z
  .object({
    enabled: z.boolean(),
    sensitivity: z.number().min(1).max(20).meta({
      description: "Robust z-score (deviation from the median ÷ 1.4826·MAD) that counts as unusual",
    }),
    min_deviation: z.number().int().min(1).max(1_000_000).meta({
      description: "And at least this many people away from the usual level",
    }),
  })
  .strict();
const driftFields = z
  .object({
    enabled: z.boolean(),
    tolerance: z.number().int().min(0).max(1_000_000).meta({
      description: "People still counted at closing time or the daily reset that count as drift",
    }),
  })
  .strict();
const ingestDropFields = z
  .object({
    enabled: z.boolean(),
    drop_percent: z.number().min(10).max(100).meta({
      description: "Frames in the last 15 minutes this % below the hour before",
    }),
  })
  .strict();

export const FacilityAlertRules = z
  .object({
    capacity: capacityFields,
    camera_offline: offlineFields,
    unusual_occupancy: unusualFields,
    drift: driftFields,
    ingest_drop: ingestDropFields,
  })
  .meta({ id: "FacilityAlertRules" });

export const ZoneAlertRules = z
  .object({ capacity: capacityFields, unusual_occupancy: unusualFields, drift: driftFields })
  .meta({ id: "ZoneAlertRules" });

export const AlertRules = z
  .object({
    scope: z.enum(["facility", "zone"]),
    facility_id: Id,
    zone_id: Id.nullable(),
    rules: FacilityAlertRules.partial().meta({
      description: "In force: the zone's own settings, else its facility's, else the defaults",
    }),
    overrides: z
      .record(z.string(), z.record(z.string(), z.unknown()))
      .meta({ description: "What this facility or zone sets itself" }),
    updated_at: Instant.nullable(),
  })
  .meta({ id: "AlertRules" });

export const UpdateFacilityAlertRules = z
  .object({
    capacity: capacityFields.partial(),
    camera_offline: offlineFields.partial(),
    unusual_occupancy: unusualFields.partial(),
    drift: driftFields.partial(),
    ingest_drop: ingestDropFields.partial(),
  })
  .partial()
  .strict()
  .meta({ id: "UpdateFacilityAlertRules" });

export const UpdateZoneAlertRules = z
  .object({
    capacity: capacityFields.partial(),
    unusual_occupancy: unusualFields.partial(),
    drift: driftFields.partial(),
  })
  .partial()
  .strict()
  .meta({ id: "UpdateZoneAlertRules" });

export type AlertDto = z.infer<typeof Alert>;
export type ListAlertsInput = z.infer<typeof ListAlertsQuery>;
export type AlertRulesDto = z.infer<typeof AlertRules>;
export type UpdateAlertRulesInput = z.infer<typeof UpdateFacilityAlertRules>;
