import type { Camera, Line } from "@/db/schema";
import { resolveCountingParams } from "@/lib/counting";
import type { CountingLine, CountingParams } from "@/lib/counting/types";

const overrideKeys: Record<string, keyof CountingParams> = {
  dead_band_px: "deadBandPx",
  min_observations: "minObservations",
  track_ttl_ms: "trackTtlMs",
  inherit_radius_px: "inheritRadiusPx",
  inherit_window_ms: "inheritWindowMs",
  box_band_fraction: "boxBandFraction",
  inherit_radius_box_fraction: "inheritRadiusBoxFraction",
};

/** A stored line as the engine sees it, with the defaults for its camera's frame size. */
export function toCountingLine(line: Line, camera: Pick<Camera, "width" | "height">): CountingLine {
  const overrides: Partial<CountingParams> = {};
  for (const [key, value] of Object.entries(line.params ?? {})) {
    const name = overrideKeys[key];
    if (name && typeof value === "number") overrides[name] = value;
  }
  return {
    id: line.id,
    x1: line.x1,
    y1: line.y1,
    x2: line.x2,
    y2: line.y2,
    inSide: line.inSide,
    anchor: line.anchor,
    revision: `${line.revision}:${camera.width}x${camera.height}`,
    params: resolveCountingParams(camera.width, camera.height, overrides),
  };
}
