// Per-track anchor paths, rebuilt from frames (independent of the engine).

import type { Anchor, Frame } from "@/lib/counting/types";
import { anchorOf, type Point } from "./geometry";

export interface TrackPoint extends Point {
  ts: number;
}

/** Each track's anchor points in time order (frames are assumed sorted by ts). */
export function anchorPaths(frames: readonly Frame[], anchor: Anchor): Map<string, TrackPoint[]> {
  const paths = new Map<string, TrackPoint[]>();
  for (const frame of frames) {
    for (const det of frame.detections) {
      const p = anchorOf(det, anchor);
      let path = paths.get(det.trackId);
      if (path === undefined) {
        path = [];
        paths.set(det.trackId, path);
      }
      path.push({ x: p.x, y: p.y, ts: frame.ts });
    }
  }
  return paths;
}
