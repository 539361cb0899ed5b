// The naive baseline: count every sign change between consecutive observations of a track whose
// chord meets the segment. No dead band, no K, no TTL, no id-switch repair. (It does check the
// segment, so the difference from the engine isolates the value of the band and confirmation.)

import type { Crossing, Frame } from "@/lib/counting/types";
import { chordMeetsSegment, directionOf, type SidedLine, signedDistance } from "./geometry";
import { anchorPaths } from "./tracks";

export function naiveCrossings(lines: readonly SidedLine[], frames: readonly Frame[]): Crossing[] {
  const out: Crossing[] = [];
  for (const line of lines) {
    for (const [trackId, path] of anchorPaths(frames, line.anchor)) {
      let prev: (typeof path)[number] | null = null;
      let prevSign = 0;
      for (const p of path) {
        const sign = Math.sign(signedDistance(line, p));
        if (sign === 0) continue;
        if (prev !== null && sign !== prevSign && chordMeetsSegment(line, prev, p)) {
          out.push({
            lineId: line.id,
            trackId,
            direction: directionOf(sign, line.inSide),
            ts: p.ts,
          });
        }
        prev = p;
        prevSign = sign;
      }
    }
  }
  return out.sort((a, b) => a.ts - b.ts);
}
