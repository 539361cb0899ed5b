// Plane geometry shared by the ground truth, the naive baseline and the synthetic generator.
// Image pixels: origin top-left, y down. Same side convention as lib/counting/types.ts.

import type { Anchor, Detection, Direction, InSide } from "@/lib/counting/types";

export interface Point {
  x: number;
  y: number;
}

export interface Segment {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** A counting line as the truth and the naive baseline need it. */
export interface SidedLine extends Segment {
  id: string;
  inSide: InSide;
  anchor: Anchor;
}

export function diagonal(width: number, height: number): number {
  return Math.hypot(width, height);
}

export function segmentLength(s: Segment): number {
  return Math.hypot(s.x2 - s.x1, s.y2 - s.y1);
}

/** Signed perpendicular distance to the line through the segment: > 0 on the right-hand side. */
export function signedDistance(s: Segment, p: Point): number {
  const len = segmentLength(s);
  return ((s.x2 - s.x1) * (p.y - s.y1) - (s.y2 - s.y1) * (p.x - s.x1)) / len;
}

/** Position of p's projection along the segment: 0 at P1, 1 at P2. */
export function along(s: Segment, p: Point): number {
  const dx = s.x2 - s.x1;
  const dy = s.y2 - s.y1;
  return ((p.x - s.x1) * dx + (p.y - s.y1) * dy) / (dx * dx + dy * dy);
}

export function lerp(a: Point, b: Point, t: number): Point {
  return { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t };
}

/** Whether the chord a→b meets the closed segment (touching counts). */
export function chordMeetsSegment(s: Segment, a: Point, b: Point): boolean {
  const da = signedDistance(s, a);
  const db = signedDistance(s, b);
  if (da === db) return false;
  if ((da > 0 && db > 0) || (da < 0 && db < 0)) return false;
  const t = da / (da - db);
  const u = along(s, lerp(a, b, t));
  return u >= 0 && u <= 1;
}

export function anchorOf(d: Detection, anchor: Anchor): Point {
  const [x1, y1, x2, y2] = d.bbox;
  const x = (x1 + x2) / 2;
  return anchor === "center" ? { x, y: (y1 + y2) / 2 } : { x, y: y2 };
}

/** Direction of a move that ends on the side with sign `toSign` (+1 = right-hand side). */
export function directionOf(toSign: number, inSide: InSide): Direction {
  const inSign = inSide === "right" ? 1 : -1;
  return toSign === inSign ? "in" : "out";
}
