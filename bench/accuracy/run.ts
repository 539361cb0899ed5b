// Feeds frames through the engine the way the app would: in batches, with the state serialised
// (JSON) between batches, lines with the given params.

import { processFrames } from "@/lib/counting";
import type {
  CountingLine,
  CountingParams,
  Crossing,
  EngineState,
  Frame,
} from "@/lib/counting/types";
import type { BenchLine } from "./lines";

export function countingLines(lines: readonly BenchLine[], params: CountingParams): CountingLine[] {
  return lines.map((l) => ({
    id: l.id,
    x1: l.x1,
    y1: l.y1,
    x2: l.x2,
    y2: l.y2,
    inSide: l.inSide,
    anchor: l.anchor,
    revision: "bench",
    params,
  }));
}

export interface RunOptions {
  /** Frames per processFrames call. */
  batch: number;
  /** Round-trip the state through JSON between batches (as stored per camera). */
  serialise: boolean;
}

export const APP_LIKE: RunOptions = { batch: 30, serialise: true };
export const FAST: RunOptions = { batch: Number.POSITIVE_INFINITY, serialise: false };

export function runEngine(
  lines: readonly BenchLine[],
  params: CountingParams,
  frames: readonly Frame[],
  options: RunOptions,
): Crossing[] {
  const cl = countingLines(lines, params);
  let state: EngineState | null = null;
  const out: Crossing[] = [];
  const step = Number.isFinite(options.batch) ? options.batch : frames.length;
  for (let i = 0; i < frames.length; i += Math.max(1, step)) {
    const res = processFrames(cl, state, frames.slice(i, i + step));
    out.push(...res.crossings);
    state = options.serialise ? (JSON.parse(JSON.stringify(res.state)) as EngineState) : res.state;
  }
  return out.sort((a, b) => a.ts - b.ts);
}
