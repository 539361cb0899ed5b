// The synthetic noisy cases, each at 1920×1080 and 640×480. Seeded (mulberry32 per case name), so
// every run produces the same frames; the truth comes from the scripts (known by construction).

import type { Crossing, Frame } from "@/lib/counting/types";
import { chance, mulberry32, seedOf, uniform } from "../support/prng";
import type { BenchLine } from "./lines";
import { type Person, renderScene, type Scene } from "./scene";
import {
  type Ctx,
  crossingTime,
  idSwitchAt,
  type LineKind,
  lineOf,
  stander,
  uTurn,
  walker,
} from "./synthetic-people";

export interface SyntheticCase {
  name: string;
  width: number;
  height: number;
  fps: number;
  line: BenchLine;
  frames: Frame[];
  truth: Crossing[];
  note: string;
}

interface Builder {
  kind: LineKind;
  fps?: number;
  /** Box heights as fractions of the frame height; default 0.14–0.28 (a street view). */
  boxRange?: readonly [number, number];
  /** Walk length each side of the line, in box heights; default 1.5–3. */
  farRange?: readonly [number, number];
  note: string;
  people: (c: Ctx) => Person[];
}

const BUILDERS: Record<string, Builder> = {
  "standing-on-line": {
    kind: "horizontal",
    note: "12 people stand 15–25 s on the line or within ±1% diag of it (tracker-like noise)",
    people: (c) =>
      Array.from({ length: 12 }, (_, i) => {
        const v = i % 2 === 0 ? 0 : uniform(c.rng, -0.01, 0.01) * c.diag;
        return stander(c, `s${i}`, v, uniform(c.rng, 0, 3), uniform(c.rng, 15, 25));
      }),
  },
  "standing-noisy": {
    kind: "horizontal",
    note: "12 people standing as above with raw-detector noise: jitter 4%, wander 3%, 3% cut short",
    people: (c) =>
      Array.from({ length: 12 }, (_, i) => {
        const v = i % 2 === 0 ? 0 : uniform(c.rng, -0.01, 0.01) * c.diag;
        const p = stander(c, `s${i}`, v, uniform(c.rng, 0, 3), uniform(c.rng, 15, 25));
        return { ...p, jitter: 0.04 * p.boxH, wander: 0.03 * p.boxH, outlierProb: 0.03 };
      }),
  },
  "door-closeup": {
    kind: "horizontal",
    boxRange: [0.45, 0.6],
    farRange: [0.5, 0.65],
    note: "door camera, boxes 45–60% of the frame: 30 walkers through, 6 standing on the line",
    people: (c) => {
      const people = Array.from({ length: 30 }, (_, i) => walker(c, i));
      for (let i = 0; i < 6; i++) {
        const v = i % 2 === 0 ? 0 : uniform(c.rng, -0.01, 0.01) * c.diag;
        people.push(stander(c, `s${i}`, v, uniform(c.rng, 0, 10), uniform(c.rng, 10, 20)));
      }
      return people;
    },
  },
  "walk-jitter": {
    kind: "diagonal",
    note: "40 walkers, edge jitter σ 4% of h, wander 2%, 3% of boxes cut short (legs hidden)",
    people: (c) =>
      Array.from({ length: 40 }, (_, i) => {
        const p = walker(c, i);
        return { ...p, jitter: 0.04 * p.boxH, wander: 0.02 * p.boxH, outlierProb: 0.03 };
      }),
  },
  occlusion: {
    kind: "vertical",
    note: "40 walkers, a 0.3–2.5 s occlusion within ±1.5 s of the crossing, 5% dropped frames",
    people: (c) =>
      Array.from({ length: 40 }, (_, i) => {
        const p = walker(c, i, { dropProb: 0.05 });
        const tc = crossingTime(p.path) + uniform(c.rng, -1.5, 1.5);
        const len = uniform(c.rng, 0.3, 2.5);
        // Seen for at least 0.5 s at each end, so every crossing remains observable.
        const from = Math.max(tc - len / 2, p.path[0]!.t + 0.5);
        const to = Math.min(tc + len / 2, p.path[1]!.t - 0.5);
        return { ...p, hidden: [[from, to]] };
      }),
  },
  "id-switch-mid": {
    kind: "horizontal",
    note: "40 walkers, each switches id once, away from the line",
    people: (c) =>
      Array.from({ length: 40 }, (_, i) => {
        const p = walker(c, i);
        const a = p.path[0]!.t;
        const d = p.path[1]!.t - a;
        const f = chance(c.rng, 0.5) ? uniform(c.rng, 0.1, 0.3) : uniform(c.rng, 0.7, 0.9);
        return idSwitchAt(c, p, a + f * d);
      }),
  },
  "id-switch-at-line": {
    kind: "diagonal",
    note: "40 walkers, each switches id within ±0.2 s of crossing",
    people: (c) =>
      Array.from({ length: 40 }, (_, i) => {
        const p = walker(c, i);
        return idSwitchAt(c, p, crossingTime(p.path) + uniform(c.rng, -0.2, 0.2));
      }),
  },
  "low-fps-3": {
    kind: "horizontal",
    fps: 3,
    note: "3 fps, 40 walkers, a quarter of them running (×2.2), jitter 3% of h",
    people: (c) =>
      Array.from({ length: 40 }, (_, i) => {
        const p = walker(c, i, {}, { pace: i % 4 === 0 ? 2.2 : 1 });
        return { ...p, jitter: 0.03 * p.boxH };
      }),
  },
  "beyond-ends": {
    kind: "vertical",
    note: "20 walkers cross the line's extension 6–60% beyond its ends (truth 0), 20 inside",
    people: (c) =>
      Array.from({ length: 40 }, (_, i) => {
        const low = chance(c.rng, 0.5);
        const frac =
          i % 2 === 1
            ? uniform(c.rng, 0.06, 0.94)
            : low
              ? uniform(c.rng, -0.6, -0.06)
              : uniform(c.rng, 1.06, 1.6);
        const u = frac * c.len;
        const p = walker(c, i, {}, { uCross: u });
        // Straight across (no drift), so a walk beyond the ends never clips the segment.
        return { ...p, path: p.path.map((w) => ({ ...w, u })) };
      }),
  },
  "u-turns": {
    kind: "diagonal",
    note: "20 U-turns 2–6% diag beyond the line (IN+OUT), 20 turn back 0.1–0.8% diag short of it",
    people: (c) => Array.from({ length: 40 }, (_, i) => uTurn(c, i)),
  },
  crowd: {
    kind: "horizontal",
    note: "60 walkers within 3 s both ways, jitter 2% of h, 10% dropped, 2% cut short, 6 id switches; 10 standing",
    people: (c) => {
      const people = Array.from({ length: 60 }, (_, i) => {
        const w = walker(c, i, { dropProb: 0.1, outlierProb: 0.02 }, { t0: uniform(c.rng, 0, 3) });
        const p = { ...w, jitter: 0.02 * w.boxH };
        if (i % 10 !== 3) return p;
        return idSwitchAt(c, p, uniform(c.rng, p.path[0]!.t, p.path[1]!.t));
      });
      for (let i = 0; i < 10; i++) {
        people.push(stander(c, `s${i}`, uniform(c.rng, -0.005, 0.005) * c.diag, 0, 12));
      }
      return people;
    },
  },
};

export const SYNTHETIC_SIZES: readonly [number, number][] = [
  [1920, 1080],
  [640, 480],
];

export function syntheticCases(): SyntheticCase[] {
  const cases: SyntheticCase[] = [];
  for (const [width, height] of SYNTHETIC_SIZES) {
    for (const [name, b] of Object.entries(BUILDERS)) {
      const full = `${name}@${height}p`;
      const rng = mulberry32(seedOf(full));
      const line = lineOf(b.kind, width, height, cases.length % 2 === 0 ? "right" : "left");
      const len = Math.hypot(line.x2 - line.x1, line.y2 - line.y1);
      const diag = Math.hypot(width, height);
      const ctx: Ctx = {
        rng,
        width,
        height,
        diag,
        len,
        boxRange: b.boxRange ?? [0.14, 0.28],
        farRange: b.farRange ?? [1.5, 3],
      };
      const people = b.people(ctx);
      const fps = b.fps ?? 30;
      const scene: Scene = { name: full, width, height, fps, line, people, note: b.note };
      const { frames, truth } = renderScene(scene, rng);
      cases.push({ name: full, width, height, fps, line, frames, truth, note: b.note });
    }
  }
  return cases;
}
