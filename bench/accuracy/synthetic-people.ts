// Scripted people for the synthetic cases, in the line's own coordinates (see scene.ts). Sizes
// scale with the frame: boxes 14–28% of the frame height by default, walking speed 0.6–1.0 box
// heights per second (≈1–1.7 m/s).

import type { InSide } from "@/lib/counting/types";
import { chance, intBetween, type Rng, uniform } from "../support/prng";
import type { BenchLine } from "./lines";
import type { Person, Waypoint } from "./scene";

export type LineKind = "horizontal" | "vertical" | "diagonal";

export interface Ctx {
  rng: Rng;
  width: number;
  height: number;
  diag: number;
  /** Segment length. */
  len: number;
  /** Box heights, as fractions of the frame height. */
  boxRange: readonly [number, number];
  /** How far (in box heights) walks start before the line and end beyond it. */
  farRange: readonly [number, number];
}

export function lineOf(kind: LineKind, w: number, h: number, inSide: InSide): BenchLine {
  const at = (fx1: number, fy1: number, fx2: number, fy2: number): BenchLine => ({
    id: kind,
    x1: Math.round(fx1 * w),
    y1: Math.round(fy1 * h),
    x2: Math.round(fx2 * w),
    y2: Math.round(fy2 * h),
    inSide,
    anchor: "bottom_center",
    why: "synthetic",
  });
  if (kind === "horizontal") return at(0.25, 0.62, 0.75, 0.62);
  if (kind === "vertical") return at(0.5, 0.2, 0.5, 0.9);
  return at(0.3, 0.85, 0.7, 0.3);
}

export function boxH(c: Ctx): number {
  return c.height * uniform(c.rng, c.boxRange[0], c.boxRange[1]);
}

export interface WalkOptions {
  t0: number;
  /** +1: from the left-hand side (v < 0) to the right-hand side; −1 the reverse. */
  dir: number;
  /** Where (px along the segment) the walk meets the line. */
  uCross: number;
  /** Speed multiplier (runners). */
  pace?: number;
}

/** A straight walk from `farRange` box heights before the line to as far beyond it. */
export function walk(c: Ctx, h: number, o: WalkOptions): Waypoint[] {
  const speed = h * uniform(c.rng, 0.6, 1.0) * (o.pace ?? 1);
  const far = h * uniform(c.rng, c.farRange[0], c.farRange[1]);
  const drift = uniform(c.rng, -0.3, 0.3) * far; // walks need not be perpendicular
  const dur = (2 * far) / speed;
  return [
    { t: o.t0, u: o.uCross - drift, v: -o.dir * far },
    { t: o.t0 + dur, u: o.uCross + drift, v: o.dir * far },
  ];
}

export function crossingTime(path: readonly Waypoint[]): number {
  const a = path[0]!;
  const b = path[path.length - 1]!;
  return a.t + (b.t - a.t) * (a.v / (a.v - b.v));
}

export function walker(
  c: Ctx,
  i: number,
  extra: Partial<Person> = {},
  o: Partial<WalkOptions> = {},
): Person {
  const h = boxH(c);
  const path = walk(c, h, {
    t0: o.t0 ?? uniform(c.rng, 0, 20),
    dir: o.dir ?? (chance(c.rng, 0.5) ? 1 : -1),
    uCross: o.uCross ?? uniform(c.rng, 0.06, 0.94) * c.len,
    pace: o.pace,
  });
  return { id: `p${i}`, path, boxH: h, jitter: 0.01 * h, wander: 0.01 * h, ...extra };
}

export function idSwitchAt(c: Ctx, p: Person, t: number): Person {
  const gap = intBetween(c.rng, 0, 6) / 30; // the tracker loses the person for 0–6 frames
  return { ...p, hidden: [[t, t + gap]], switches: [{ t: t + gap, id: `${p.id}b` }] };
}

/**
 * Someone standing still: white jitter 1% of h, wander sd 0.5–2.5% of h. Measured on MOT17 tracker
 * output (people still for 2 s): wander sd median 0.5–0.9% of h, p90 1.1–2.1%; frame-to-frame
 * jitter 0.1–0.4% of h (p99 1–2.6%).
 */
export function stander(c: Ctx, id: string, v: number, t0: number, dur: number): Person {
  const h = boxH(c);
  const u = uniform(c.rng, 0.1, 0.9) * c.len;
  const path = [
    { t: t0, u, v },
    { t: t0 + dur, u, v },
  ];
  return { id, path, boxH: h, jitter: 0.01 * h, wander: uniform(c.rng, 0.005, 0.025) * h };
}

export function uTurn(c: Ctx, i: number): Person {
  const p = walker(c, i);
  const a = p.path[0]!;
  const b = p.path[1]!;
  const dir = Math.sign(b.v);
  const speed = Math.hypot(b.u - a.u, b.v - a.v) / (b.t - a.t);
  // Even: cross and turn back 2–6% of the diagonal beyond the line (IN + OUT or OUT + IN).
  // Odd: approach to 0.1–0.8% of the diagonal short of the line and turn back (nothing).
  const beyond = i % 2 === 0;
  const turnV =
    (beyond ? dir : -dir) * uniform(c.rng, beyond ? 0.02 : 0.001, beyond ? 0.06 : 0.008) * c.diag;
  const turnU = (a.u + b.u) / 2;
  const tTurn = a.t + Math.hypot(turnU - a.u, turnV - a.v) / speed;
  const tBack = tTurn + uniform(c.rng, 0, 2);
  const path = [a, { t: tTurn, u: turnU, v: turnV }, { t: tBack, u: turnU, v: turnV }];
  path.push({ t: tBack + (tTurn - a.t), u: a.u, v: a.v });
  return { ...p, path };
}
