// Comparing crossings with the truth: counts per direction, and a time-matched miss/extra tally
// (so that a missed crossing and a spurious one do not hide each other in the counts).

import type { Crossing, Direction } from "@/lib/counting/types";

export interface InOut {
  in: number;
  out: number;
}

export interface LineScore {
  truth: InOut;
  got: InOut;
  /** Truth crossings with no crossing of the same line and direction within the tolerance. */
  miss: number;
  /** Crossings with no truth crossing of the same line and direction within the tolerance. */
  extra: number;
}

export const MATCH_TOLERANCE_MS = 1000;

function times(cs: readonly Crossing[], lineId: string, dir: Direction): number[] {
  return cs
    .filter((c) => c.lineId === lineId && c.direction === dir)
    .map((c) => c.ts)
    .sort((a, b) => a - b);
}

/** Maximum matching of two sorted time lists within ±tol (greedy two-pointer is optimal in 1-D). */
function matched(a: readonly number[], b: readonly number[], tol: number): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const d = a[i]! - b[j]!;
    if (Math.abs(d) <= tol) {
      n++;
      i++;
      j++;
    } else if (d < 0) i++;
    else j++;
  }
  return n;
}

export function scoreLine(
  truth: readonly Crossing[],
  got: readonly Crossing[],
  lineId: string,
  tol = MATCH_TOLERANCE_MS,
): LineScore {
  const s: LineScore = { truth: { in: 0, out: 0 }, got: { in: 0, out: 0 }, miss: 0, extra: 0 };
  for (const dir of ["in", "out"] as const) {
    const t = times(truth, lineId, dir);
    const g = times(got, lineId, dir);
    const m = matched(t, g, tol);
    s.truth[dir] = t.length;
    s.got[dir] = g.length;
    s.miss += t.length - m;
    s.extra += g.length - m;
  }
  return s;
}

export function absError(s: LineScore): number {
  return Math.abs(s.got.in - s.truth.in) + Math.abs(s.got.out - s.truth.out);
}

export function netError(s: LineScore): number {
  return Math.abs(s.got.in - s.got.out - (s.truth.in - s.truth.out));
}

/** Running totals over many lines. */
export interface Tally {
  truth: number;
  got: number;
  absErr: number;
  netErr: number;
  miss: number;
  extra: number;
}

export function emptyTally(): Tally {
  return { truth: 0, got: 0, absErr: 0, netErr: 0, miss: 0, extra: 0 };
}

export function addScore(t: Tally, s: LineScore): void {
  t.truth += s.truth.in + s.truth.out;
  t.got += s.got.in + s.got.out;
  t.absErr += absError(s);
  t.netErr += netError(s);
  t.miss += s.miss;
  t.extra += s.extra;
}

/** Σ|engine − truth| over in and out ÷ Σ truth, in %. */
export function errorPct(absErr: number, truth: number): number {
  if (truth === 0) return absErr === 0 ? 0 : Number.POSITIVE_INFINITY;
  return (100 * absErr) / truth;
}
