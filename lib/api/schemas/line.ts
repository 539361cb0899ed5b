import { z } from "zod";
import { Id, Instant } from "./common";

const Coordinate = z.number().min(0).max(16_384);

export const CountingParamsOverride = z
  .object({
    dead_band_px: z.number().min(0).max(1000),
    min_observations: z.number().int().min(1).max(30),
    track_ttl_ms: z.number().int().min(100).max(600_000),
    inherit_radius_px: z.number().min(0).max(2000),
    inherit_window_ms: z.number().int().min(0).max(60_000),
    box_band_fraction: z.number().min(0).max(1).meta({
      description: "Dead band as a fraction of the person's box height, when wider; 0 = off",
    }),
    inherit_radius_box_fraction: z.number().min(0).max(5).meta({
      description: "Id-switch radius as a fraction of the new box's height, when wider; 0 = off",
    }),
  })
  .partial()
  .strict()
  .meta({ id: "CountingParams", description: "Overrides of the engine's defaults for this line" });

const lineFields = {
  name: z.string().trim().min(1).max(200),
  x1: Coordinate,
  y1: Coordinate,
  x2: Coordinate,
  y2: Coordinate,
  in_side: z.enum(["left", "right"]).meta({
    description:
      "Side a person enters when counted IN, seen walking from P1 to P2 on the image (y down)",
  }),
  zone_id: Id.nullable().meta({
    description: "Zone whose boundary this line is; null = the facility's own boundary",
  }),
  anchor: z.enum(["bottom_center", "center"]).meta({
    description:
      "Point of the box that stands for the person: feet, or centre for overhead cameras",
  }),
  enabled: z.boolean(),
  params: CountingParamsOverride.nullable(),
};

export const CreateLine = z
  .object({
    camera_id: Id,
    ...lineFields,
    in_side: lineFields.in_side.default("right"),
    zone_id: lineFields.zone_id.default(null),
    anchor: lineFields.anchor.default("bottom_center"),
    enabled: lineFields.enabled.default(true),
    params: lineFields.params.default(null),
  })
  .strict()
  .meta({ id: "CreateLine" });

export const UpdateLine = z.object(lineFields).partial().strict().meta({ id: "UpdateLine" });

export const Line = z
  .object({
    id: Id,
    camera_id: Id,
    facility_id: Id,
    ...lineFields,
    revision: z.number().int(),
    created_at: Instant,
    updated_at: Instant,
  })
  .meta({ id: "Line" });

export type CountingParamsOverrideInput = z.infer<typeof CountingParamsOverride>;
export type CreateLineInput = z.infer<typeof CreateLine>;
export type UpdateLineInput = z.infer<typeof UpdateLine>;
export type LineDto = z.infer<typeof Line>;
