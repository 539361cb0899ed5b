import { z } from "zod";
import { Id, Instant } from "./common";

const Period = {
  entries: z.number().int(),
  exits: z.number().int(),
  since: Instant.meta({
    description: "Start of the current period: the last daily reset, or local midnight",
  }),
};

const Utilisation = {
  capacity: z.number().int().nullable(),
  utilisation: z.number().nullable().meta({ description: "occupancy ÷ capacity" }),
};

export const CameraLive = z
  .object({
    camera_id: Id,
    name: z.string(),
    occupancy: z.number().int().meta({ description: "Net of this camera's lines" }),
    ...Period,
    updated_at: Instant.nullable(),
    last_seen_at: Instant.nullable(),
    clock_skew_ms: z.number().int().nullable(),
    frames_accepted: z.number().int(),
    frames_duplicate: z.number().int().meta({
      description:
        "Frames ignored at or before the camera's newest frame: retries, or a clock gone backwards",
    }),
    lines: z.array(
      z.object({
        line_id: Id,
        name: z.string(),
        entries: z.number().int(),
        exits: z.number().int(),
      }),
    ),
  })
  .meta({ id: "CameraLive" });

export const ZoneLive = z
  .object({
    zone_id: Id,
    name: z.string(),
    occupancy: z.number().int().nullable().meta({ description: "null: no boundary lines" }),
    ...Utilisation,
    ...Period,
    updated_at: Instant.nullable(),
  })
  .meta({ id: "ZoneLive" });

export const FacilityLive = z
  .object({
    facility_id: Id,
    name: z.string(),
    timezone: z.string(),
    occupancy: z.number().int().nullable().meta({
      description: "null when the facility has no boundary lines (not measured)",
    }),
    ...Utilisation,
    status: z.enum(["unknown", "ok", "warning", "over"]),
    ...Period,
    updated_at: Instant.nullable(),
    zones: z.array(ZoneLive),
    cameras: z.array(CameraLive),
  })
  .meta({ id: "FacilityLive" });

export const FacilityLiveQuery = z.object({ facility_id: Id.optional() });

export const Calibrate = z
  .object({
    occupancy: z.number().int().min(-1_000_000).max(1_000_000),
    reason: z.string().trim().min(1).max(500),
    ts: Instant.optional().meta({ description: "When the count was taken; defaults to now" }),
  })
  .strict()
  .meta({ id: "Calibrate" });

export const Calibration = z
  .object({
    id: Id,
    entity_kind: z.enum(["facility", "zone", "camera"]),
    entity_id: Id,
    occupancy: z.number().int(),
    reason: z.string().nullable(),
    ts: Instant,
    created_at: Instant,
  })
  .meta({ id: "Calibration" });

export type CameraLiveDto = z.infer<typeof CameraLive>;
export type ZoneLiveDto = z.infer<typeof ZoneLive>;
export type FacilityLiveDto = z.infer<typeof FacilityLive>;
export type CalibrateInput = z.infer<typeof Calibrate>;
export type CalibrationDto = z.infer<typeof Calibration>;
