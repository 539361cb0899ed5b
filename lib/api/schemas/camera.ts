import { z } from "zod";
import { Id, Instant } from "./common";

const Dimension = z.number().int().min(16).max(16_384);
const Url = z.url({ protocol: /^(https?|rtsps?)$/ }).max(2000);

const cameraFields = {
  name: z.string().trim().min(1).max(200),
  width: Dimension.meta({ description: "Frame width in pixels" }),
  height: Dimension.meta({ description: "Frame height in pixels" }),
  location: z.string().trim().max(500).nullable(),
  stream_url: Url.nullable(),
  snapshot_url: Url.nullable(),
  enabled: z.boolean(),
};

export const CreateCamera = z
  .object({
    ...cameraFields,
    facility_id: Id.optional().meta({ description: "Defaults to the default facility" }),
    width: cameraFields.width.default(1920),
    height: cameraFields.height.default(1080),
    location: cameraFields.location.default(null),
    stream_url: cameraFields.stream_url.default(null),
    snapshot_url: cameraFields.snapshot_url.default(null),
    enabled: cameraFields.enabled.default(true),
  })
  .strict()
  .meta({ id: "CreateCamera" });

/** A change of width/height rescales the camera's lines with it. */
export const UpdateCamera = z.object(cameraFields).partial().strict().meta({ id: "UpdateCamera" });

export const Camera = z
  .object({
    id: Id,
    facility_id: Id,
    ...cameraFields,
    last_seen_at: Instant.nullable(),
    clock_skew_ms: z.number().int().nullable().meta({
      description: "Arrival time minus newest frame time of the last batch (positive = late)",
    }),
    created_at: Instant,
    updated_at: Instant,
  })
  .meta({ id: "Camera" });

export const ListCamerasQuery = z.object({ facility_id: Id.optional() });

export type CreateCameraInput = z.infer<typeof CreateCamera>;
export type UpdateCameraInput = z.infer<typeof UpdateCamera>;
export type CameraDto = z.infer<typeof Camera>;
