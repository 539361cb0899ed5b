// Which ground-truth crossings a tracker actually observed, and the engine's error on those alone.
//
// The rule ("seen"), per truth crossing c of GT person g over line L at time t, going from side
// −s to side s:
// - In every frame, the tracker's boxes are matched one-to-one to the GT boxes: greedily by
//   descending IoU, a pair only if IoU ≥ 0.5 (at that threshold the matching is practically
//   unique). A tracker box matched to g is "an observation of g", whatever the tracker's id.
// - c is SEEN when the tracker has at least one observation of g in [t − 1 s, t) whose anchor
//   (taken from the tracker's box, as the engine sees it) lies at least the truth margin (0.5% of
//   the diagonal, the same margin the truth uses) on side −s, AND at least one in (t, t + 1 s]
//   at least the margin on side s. Otherwise c is UNSEEN: the tracker never reported that
//   person on one side or the other near the crossing (occlusion, a missed detection, a box
//   too far off), so no engine can count it from that output.
// - The rule depends on the tracker output only, never on the engine's parameters, so every
//   setting of a sweep is scored against the same seen set. Id switches are allowed: a seen
//   crossing whose two observations carry different tracker ids is for the engine to repair.
//
// Scoring against the seen set, per line and direction, with the ±1 s time tolerance of
// metrics.ts:
// - engine crossings are first matched (maximum 1-D matching) to SEEN truth crossings; those
//   left over are then matched to UNSEEN truth crossings; whatever is still left is EXTRA.
// - seen misses = seen truth crossings not matched; extras always count against the engine
//   (an engine crossing that happens to match an unseen truth crossing is neither: it is not
//   counted as matched, not as extra).
// - seen error = (seen misses + extras) ÷ seen truth crossings. Stricter than the all-crossings
//   error, where a miss and an extra of the same direction cancel.

import type { Crossing, Direction, Frame } from "@/lib/counting/types";
import { anchorOf, type SidedLine, signedDistance } from "./geometry";
import { MATCH_TOLERANCE_MS } from "./metrics";

export const SEEN_IOU = 0.5;
export const SEEN_WINDOW_MS = 1000;

type Box = readonly [number, number, number, number];

function iou(a: Box, b: Box): number {
  const ix = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const iy = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (ix <= 0 || iy <= 0) return 0;
  const inter = ix * iy;
  const ua = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
  return ua > 0 ? inter / ua : 0;
}

interface Observation {
  ts: number;
  box: Box;
}

/** For each GT track id, the tracker boxes matched to it (IoU ≥ 0.5), in time order. */
export function matchedObservations(
  gt: readonly Frame[],
  tracker: readonly Frame[],
): Map<string, Observation[]> {
  const byTs = new Map<number, Frame>();
  for (const f of tracker) byTs.set(f.ts, f);
  const out = new Map<string, Observation[]>();
  for (const g of gt) {
    const t = byTs.get(g.ts);
    if (t === undefined || t.detections.length === 0 || g.detections.length === 0) continue;
    const pairs: [number, number, number][] = [];
    for (let i = 0; i < g.detections.length; i++) {
      for (let j = 0; j < t.detections.length; j++) {
        const v = iou(g.detections[i]!.bbox, t.detections[j]!.bbox);
        if (v >= SEEN_IOU) pairs.push([v, i, j]);
      }
    }
    pairs.sort((a, b) => b[0] - a[0] || a[1] - b[1] || a[2] - b[2]);
    const usedG = new Set<number>();
    const usedT = new Set<number>();
    for (const [, i, j] of pairs) {
      if (usedG.has(i) || usedT.has(j)) continue;
      usedG.add(i);
      usedT.add(j);
      const id = g.detections[i]!.trackId;
      let list = out.get(id);
      if (list === undefined) {
        list = [];
        out.set(id, list);
      }
      list.push({ ts: g.ts, box: t.detections[j]!.bbox });
    }
  }
  return out;
}

function inSign(line: SidedLine, dir: Direction): number {
  const s = line.inSide === "right" ? 1 : -1;
  return dir === "in" ? s : -s;
}

/** seen[i] tells whether truth[i] was seen by the tracker (rule above). */
export function seenTruth(
  lines: readonly SidedLine[],
  gt: readonly Frame[],
  tracker: readonly Frame[],
  truth: readonly Crossing[],
  marginPx: number,
): boolean[] {
  const obs = matchedObservations(gt, tracker);
  const byId = new Map(lines.map((l) => [l.id, l]));
  return truth.map((c) => {
    const line = byId.get(c.lineId);
    const list = obs.get(c.trackId);
    if (line === undefined || list === undefined) return false;
    const to = inSign(line, c.direction);
    let before = false;
    let after = false;
    for (const o of list) {
      if (o.ts < c.ts - SEEN_WINDOW_MS || o.ts > c.ts + SEEN_WINDOW_MS) continue;
      const d = signedDistance(line, anchorOf({ trackId: "", bbox: o.box }, line.anchor));
      if (o.ts < c.ts && -to * d >= marginPx) before = true;
      if (o.ts > c.ts && to * d >= marginPx) after = true;
    }
    return before && after;
  });
}

export interface SeenScore {
  /** Truth crossings seen by the tracker. */
  seen: number;
  unseen: number;
  /** Seen truth crossings matched by an engine crossing. */
  matched: number;
  /** Seen truth crossings with no engine crossing. */
  miss: number;
  /** Engine crossings matched to no truth crossing at all (seen or not). */
  extra: number;
  /** Engine crossings matched to an unseen truth crossing (not scored). */
  unseenMatched: number;
}

export function emptySeenScore(): SeenScore {
  return { seen: 0, unseen: 0, matched: 0, miss: 0, extra: 0, unseenMatched: 0 };
}

export function addSeen(t: SeenScore, s: SeenScore): void {
  t.seen += s.seen;
  t.unseen += s.unseen;
  t.matched += s.matched;
  t.miss += s.miss;
  t.extra += s.extra;
  t.unseenMatched += s.unseenMatched;
}

/** Greedy maximum matching of sorted times within ±tol; returns the unmatched entries of b. */
function matchInto(a: readonly number[], b: readonly number[], tol: number): [number, number[]] {
  const rest: number[] = [];
  let i = 0;
  let j = 0;
  let n = 0;
  while (j < b.length) {
    if (i >= a.length) {
      rest.push(b[j++]!);
      continue;
    }
    const d = a[i]! - b[j]!;
    if (Math.abs(d) <= tol) {
      n++;
      i++;
      j++;
    } else if (d < 0) i++;
    else rest.push(b[j++]!);
  }
  return [n, rest];
}

const asc = (x: number, y: number): number => x - y;

export function scoreSeen(
  truth: readonly Crossing[],
  seen: readonly boolean[] | undefined,
  got: readonly Crossing[],
  lineId: string,
  tol = MATCH_TOLERANCE_MS,
): SeenScore {
  const s = emptySeenScore();
  for (const dir of ["in", "out"] as const) {
    const seenT: number[] = [];
    const unseenT: number[] = [];
    truth.forEach((c, i) => {
      if (c.lineId !== lineId || c.direction !== dir) return;
      if (seen === undefined || seen[i]) seenT.push(c.ts);
      else unseenT.push(c.ts);
    });
    const g = got
      .filter((c) => c.lineId === lineId && c.direction === dir)
      .map((c) => c.ts)
      .sort(asc);
    seenT.sort(asc);
    unseenT.sort(asc);
    const [m1, rest] = matchInto(seenT, g, tol);
    const [m2, extra] = matchInto(unseenT, rest, tol);
    s.seen += seenT.length;
    s.unseen += unseenT.length;
    s.matched += m1;
    s.miss += seenT.length - m1;
    s.unseenMatched += m2;
    s.extra += extra.length;
  }
  return s;
}

/** (seen misses + extras) ÷ seen truth, in %. */
export function seenErrorPct(s: SeenScore): number {
  if (s.seen === 0) return s.extra === 0 ? 0 : Number.POSITIVE_INFINITY;
  return (100 * (s.miss + s.extra)) / s.seen;
}
