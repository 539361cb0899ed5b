// Synthetic scenes: people with scripted paths in the line's own coordinates, rendered into noisy
// tracker frames. The ground truth comes from the clean scripts, so it is known by construction.

import type { Crossing, Detection, Frame } from "@/lib/counting/types";
import { chance, gauss, type Rng } from "../support/prng";
import { directionOf } from "./geometry";
import type { BenchLine } from "./lines";

/**
 * A point of a script: at time t (s) the anchor is u px along the segment from P1 and v px from
 * the line, v > 0 on the right-hand side. Between waypoints the person moves in a straight line.
 */
export interface Waypoint {
  t: number;
  u: number;
  v: number;
}

export interface Person {
  id: string;
  /** Visible from the first waypoint's time to the last's. */
  path: Waypoint[];
  boxH: number;
  /** Standard deviation (px) of white noise added to each edge of the box, every frame. */
  jitter: number;
  /**
   * Slow wander of the whole box (pose, tracker drift): an AR(1) offset with this stationary
   * standard deviation (px) and a 1 s correlation time. Real trackers' boxes of people standing
   * still wander with an sd of 0.5–2% of the box height (MOT17, MPNTrack and DeepSORT).
   */
  wander?: number;
  /** Probability that a frame's box is cut short (legs hidden): bottom edge up 10–40% of h. */
  outlierProb?: number;
  /** Occlusions: [from, to] in s, no detection. */
  hidden?: [number, number][];
  /** Probability that a frame misses this person. */
  dropProb?: number;
  /** The tracker's id switches: from time t on, the person is reported under `id`. */
  switches?: { t: number; id: string }[];
}

export interface Scene {
  name: string;
  width: number;
  height: number;
  fps: number;
  line: BenchLine;
  people: Person[];
  note: string;
}

export interface RenderedScene {
  frames: Frame[];
  truth: Crossing[];
}

const WANDER_TAU_S = 1;

function positionAt(path: readonly Waypoint[], t: number): Waypoint | null {
  for (let i = 1; i < path.length; i++) {
    const a = path[i - 1]!;
    const b = path[i]!;
    if (t >= a.t && t <= b.t) {
      const s = b.t === a.t ? 0 : (t - a.t) / (b.t - a.t);
      return { t, u: a.u + (b.u - a.u) * s, v: a.v + (b.v - a.v) * s };
    }
  }
  return null;
}

function idAt(p: Person, t: number): string {
  let id = p.id;
  for (const s of p.switches ?? []) if (t >= s.t) id = s.id;
  return id;
}

/**
 * Scripts are built so that every leg that changes the sign of v starts and ends well beyond the
 * line (or is a U-turn that went well past it): such a leg is one crossing if it meets v = 0
 * within the segment (0 <= u <= length), and nothing else is.
 */
function scriptCrossings(line: BenchLine, p: Person): Crossing[] {
  const len = Math.hypot(line.x2 - line.x1, line.y2 - line.y1);
  const out: Crossing[] = [];
  for (let i = 1; i < p.path.length; i++) {
    const a = p.path[i - 1]!;
    const b = p.path[i]!;
    if (!((a.v < 0 && b.v > 0) || (a.v > 0 && b.v < 0))) continue;
    const s = a.v / (a.v - b.v);
    const u = a.u + (b.u - a.u) * s;
    if (u < 0 || u > len) continue;
    const ts = (a.t + (b.t - a.t) * s) * 1000;
    out.push({
      lineId: line.id,
      trackId: p.id,
      direction: directionOf(Math.sign(b.v), line.inSide),
      ts,
    });
  }
  return out;
}

export function renderScene(scene: Scene, rng: Rng): RenderedScene {
  const { line } = scene;
  const len = Math.hypot(line.x2 - line.x1, line.y2 - line.y1);
  const ex = (line.x2 - line.x1) / len;
  const ey = (line.y2 - line.y1) / len;
  // Unit normal towards the right-hand (positive) side: cross(e, n) = 1.
  const nx = -ey;
  const ny = ex;
  let end = 0;
  for (const p of scene.people) end = Math.max(end, p.path[p.path.length - 1]!.t);
  const count = Math.floor(end * scene.fps) + 2;
  const rho = Math.exp(-1 / scene.fps / WANDER_TAU_S);
  const drift = scene.people.map(() => ({ x: 0, y: 0 }));
  const frames: Frame[] = [];
  for (let k = 0; k < count; k++) {
    const t = k / scene.fps;
    const detections: Detection[] = [];
    for (const [i, p] of scene.people.entries()) {
      const w = positionAt(p.path, t);
      if (w === null) continue;
      const dr = drift[i]!;
      const sd = p.wander ?? 0;
      const fresh = Math.sqrt(1 - rho * rho) * sd;
      dr.x = rho * dr.x + fresh * gauss(rng);
      dr.y = rho * dr.y + fresh * gauss(rng);
      if (p.hidden?.some(([a, b]) => t >= a && t <= b)) continue;
      if (p.dropProb !== undefined && chance(rng, p.dropProb)) continue;
      const x = line.x1 + ex * w.u + nx * w.v + dr.x;
      const y = line.y1 + ey * w.u + ny * w.v + dr.y;
      const h = p.boxH;
      const half = 0.2 * h;
      const e = (): number => p.jitter * gauss(rng);
      const l = x - half + e();
      const r = x + half + e();
      const top = y - h + e();
      const cut = p.outlierProb !== undefined && chance(rng, p.outlierProb);
      const bottom = y + e() - (cut ? h * (0.1 + 0.3 * rng()) : 0);
      detections.push({
        trackId: idAt(p, t),
        bbox: [Math.min(l, r), Math.min(top, bottom), Math.max(l, r), Math.max(top, bottom)],
      });
    }
    frames.push({ ts: (k * 1000) / scene.fps, detections });
  }
  const truth = scene.people.flatMap((p) => scriptCrossings(line, p)).sort((a, b) => a.ts - b.ts);
  return { frames, truth };
}
