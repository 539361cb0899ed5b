import type { Anchor } from "./types";

export interface Point {
  x: number;
  y: number;
}

/** Any segment P1→P2 in image pixels (a CountingLine fits). */
export interface Segment {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export type BBox = readonly [number, number, number, number];

/**
 * Tolerance on the position along the segment (as a fraction of its length) when deciding whether
 * a movement meets it. Touching an endpoint exactly counts (the test is inclusive); the epsilon
 * only keeps float rounding from flipping that decision.
 */
export const SEGMENT_EPSILON = 1e-9;

/** The point that stands for the person: feet (bottom-centre, default) or the box centre. */
export function anchorPoint(bbox: BBox, anchor: Anchor): Point {
  const x = (bbox[0] + bbox[2]) * 0.5;
  return { x, y: anchor === "center" ? (bbox[1] + bbox[3]) * 0.5 : bbox[3] };
}

/**
 * Signed distance in pixels from the infinite line through P1→P2. Positive is the right-hand side
 * when walking from P1 to P2 as seen on the image (y grows downwards), so on a line drawn left to
 * right, positive is below it. A zero-length segment has no sides: always 0.
 */
export function sideOf(line: Segment, x: number, y: number): number {
  const dx = line.x2 - line.x1;
  const dy = line.y2 - line.y1;
  const len = Math.hypot(dx, dy);
  if (len === 0) return 0;
  return (dx * (y - line.y1) - dy * (x - line.x1)) / len;
}

/**
 * Where the straight movement A→B meets the segment (x1, y1) + s·(dx, dy), s ∈ [0, 1].
 * `ca` and `cb` are the unnormalised cross products dx·(py−y1) − dy·(px−x1) of A and B and must
 * have strictly opposite signs (so the move meets the infinite line exactly once and len2 > 0).
 * Returns the fraction u ∈ (0, 1) along A→B at which it meets the line, or -1 when that point lies
 * beyond either end of the segment. Endpoints are inclusive.
 */
export function moveMeetsSegment(
  x1: number,
  y1: number,
  dx: number,
  dy: number,
  len2: number,
  ax: number,
  ay: number,
  ca: number,
  bx: number,
  by: number,
  cb: number,
): number {
  // The cross product is linear along the move, so it is zero at u = ca / (ca − cb).
  const u = ca / (ca - cb);
  const ix = ax + u * (bx - ax);
  const iy = ay + u * (by - ay);
  const s = ((ix - x1) * dx + (iy - y1) * dy) / len2;
  return s >= -SEGMENT_EPSILON && s <= 1 + SEGMENT_EPSILON ? u : -1;
}
