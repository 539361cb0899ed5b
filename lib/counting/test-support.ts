// Builders shared by the engine's tests. Not exported from index.ts.

import { processFrames } from "./engine";
import type {
  CountingLine,
  CountingParams,
  Crossing,
  Detection,
  EngineState,
  Frame,
} from "./types";

export const P: CountingParams = {
  deadBandPx: 10,
  boxBandFraction: 0,
  minObservations: 2,
  trackTtlMs: 5000,
  inheritRadiusPx: 0,
  inheritRadiusBoxFraction: 0,
  inheritWindowMs: 0,
};

export function mkLine(
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  extra: Partial<Omit<CountingLine, "params">> & { params?: Partial<CountingParams> } = {},
): CountingLine {
  const { params, ...rest } = extra;
  return {
    id: "L",
    x1,
    y1,
    x2,
    y2,
    inSide: "right",
    anchor: "bottom_center",
    revision: "1",
    ...rest,
    params: { ...P, ...params },
  };
}

/** A 40×100 box whose bottom-centre (the feet) is at (x, y); its centre is at (x, y − 50). */
export function det(trackId: string, x: number, y: number): Detection {
  return { trackId, bbox: [x - 20, y - 100, x + 20, y] };
}

/** One frame per [ts, x, y] point of one track. */
export function walk(
  trackId: string,
  points: ReadonlyArray<readonly [number, number, number]>,
): Frame[] {
  return points.map(([ts, x, y]) => ({ ts, detections: [det(trackId, x, y)] }));
}

/** Merges frame lists by ts (detections of equal ts share a frame, in argument order). */
export function merge(...lists: Frame[][]): Frame[] {
  const byTs = new Map<number, Detection[]>();
  for (const list of lists) {
    for (const f of list) {
      const dets = byTs.get(f.ts) ?? [];
      dets.push(...f.detections);
      byTs.set(f.ts, dets);
    }
  }
  return [...byTs.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([ts, detections]) => ({ ts, detections }));
}

export function run(
  lines: CountingLine | readonly CountingLine[],
  frames: readonly Frame[],
  state: EngineState | null = null,
): Crossing[] {
  const ls = Array.isArray(lines) ? lines : [lines as CountingLine];
  return processFrames(ls, state, frames).crossings;
}

/** Compact form for assertions: "in@1060". */
export function brief(cs: readonly Crossing[]): string[] {
  return cs.map((c) => `${c.direction}@${c.ts}`);
}
