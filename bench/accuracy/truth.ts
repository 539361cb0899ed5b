// Ground-truth crossings, computed from hand-annotated tracks without the engine.
//
// The rule (per track, per line; the track is one person, its anchor path is the polyline through
// its anchor points in time order, linear between annotations, gaps included):
// - Let m = the margin (0.5% of the frame diagonal by default: 11 px at 1920×1080, 4 px at
//   640×480) and d(p) the signed perpendicular distance from p to the line through the segment.
// - The person is "on side +" once the path reaches d >= m, "on side −" once it reaches d <= −m;
//   in between (|d| < m) the side stays what it was. A path that starts inside the band has no side
//   until it first leaves the band.
// - A crossing is counted each time the side changes from one side to the other AND, during that
//   passage through the band, the path met the line inside the segment (the point where d = 0
//   projects within [P1, P2]). A change of side past the segment's ends is not a crossing.
// - Direction: ending on `inSide` is IN, the other way OUT. A U-turn that went past the band on
//   both sides counts IN then OUT; wobbling inside the band (sub-margin annotation noise, standing on
//   the line) counts nothing; a path that enters the band and returns to its side counts nothing.
// - The crossing's time is interpolated at the last point where the path met the segment.

import type { Crossing, Direction, Frame } from "@/lib/counting/types";
import { along, directionOf, lerp, type SidedLine, signedDistance } from "./geometry";
import { anchorPaths, type TrackPoint } from "./tracks";

export const TRUTH_MARGIN_FRACTION = 0.005;

export function truthCrossings(
  lines: readonly SidedLine[],
  frames: readonly Frame[],
  marginPx: number,
): Crossing[] {
  const out: Crossing[] = [];
  for (const line of lines) {
    for (const [trackId, path] of anchorPaths(frames, line.anchor)) {
      for (const c of pathCrossings(line, path, marginPx)) {
        out.push({ lineId: line.id, trackId, direction: c.direction, ts: c.ts });
      }
    }
  }
  return out.sort((a, b) => a.ts - b.ts);
}

interface PathCrossing {
  direction: Direction;
  ts: number;
}

export function pathCrossings(
  line: SidedLine,
  path: readonly TrackPoint[],
  m: number,
): PathCrossing[] {
  const result: PathCrossing[] = [];
  const first = path[0];
  if (first === undefined) return result;
  const d0 = signedDistance(line, first);
  let side = d0 >= m ? 1 : d0 <= -m ? -1 : 0;
  let metAt: number | null = null; // ts where the current band passage met the segment

  const enter = (sign: number): void => {
    if (side !== 0 && sign !== side && metAt !== null) {
      result.push({ direction: directionOf(sign, line.inSide), ts: metAt });
    }
    side = sign;
    metAt = null;
  };

  for (let i = 1; i < path.length; i++) {
    const a = path[i - 1]!;
    const b = path[i]!;
    const da = signedDistance(line, a);
    const db = signedDistance(line, b);
    if (da === db) continue;
    const up = db > da;
    const zero = up ? da <= 0 && db >= 0 : db <= 0 && da >= 0;
    if (zero) {
      const s = da / (da - db);
      const q = lerp(a, b, s);
      const u = along(line, q);
      if (u >= 0 && u <= 1) metAt = a.ts + (b.ts - a.ts) * s;
    }
    if (up && da < m && db >= m) enter(1);
    if (!up && da > -m && db <= -m) enter(-1);
  }
  return result;
}
