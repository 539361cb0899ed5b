import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { processFrames } from "./engine";
import type { Anchor, CountingLine, Crossing, Detection, EngineState, Frame } from "./types";

/** A box whose anchor (for the given anchor kind) is exactly (x, y). */
function boxAt(trackId: string, x: number, y: number, anchor: Anchor): Detection {
  return anchor === "center"
    ? { trackId, bbox: [x - 20, y - 50, x + 20, y + 50] }
    : { trackId, bbox: [x - 20, y - 100, x + 20, y] };
}

function byTs(a: Crossing, b: Crossing): number {
  return a.ts - b.ts;
}

/** Uniform over [min, max] (fc.double is uniform over float bit patterns: mostly tiny values). */
const uniform = (min: number, max: number) =>
  fc.integer({ min: 0, max: 1_000_000 }).map((i) => min + ((max - min) * i) / 1_000_000);
const coord = (max: number) => uniform(0, max);
const anchorArb = fc.constantFrom<Anchor>("bottom_center", "center");
const inSideArb = fc.constantFrom<"left" | "right">("left", "right");

/** A line of length ≥ 20 px somewhere in a 1920×1080 frame. */
const segmentArb = fc
  .record({ x1: coord(1920), y1: coord(1080), x2: coord(1920), y2: coord(1080) })
  .filter((s) => Math.hypot(s.x2 - s.x1, s.y2 - s.y1) >= 20);

const BASE_TS = 1_700_000_000_000;

describe("processFrames properties", () => {
  it("jitter inside the dead band never counts", () => {
    fc.assert(
      fc.property(
        segmentArb,
        uniform(1, 40),
        fc.integer({ min: 1, max: 3 }),
        anchorArb,
        inSideArb,
        fc.array(
          fc.record({
            track: fc.constantFrom("a", "b", "c"),
            along: uniform(-0.5, 1.5),
            off: uniform(-0.99, 0.99), // (a margin for the 1/1000 px rounding)
            dt: fc.integer({ min: 1, max: 2000 }),
          }),
          { minLength: 1, maxLength: 200, size: "max" },
        ),
        (seg, band, k, anchor, inSide, points) => {
          const dx = seg.x2 - seg.x1;
          const dy = seg.y2 - seg.y1;
          const len = Math.hypot(dx, dy);
          let ts = BASE_TS;
          const frames: Frame[] = points.map((p) => {
            ts += p.dt;
            // (−dy, dx)/len is the unit normal; `off` is a fraction of the band.
            const x = seg.x1 + p.along * dx + (-dy / len) * p.off * band;
            const y = seg.y1 + p.along * dy + (dx / len) * p.off * band;
            return { ts, detections: [boxAt(p.track, x, y, anchor)] };
          });
          const line: CountingLine = {
            id: "L",
            ...seg,
            inSide,
            anchor,
            revision: "r",
            params: {
              deadBandPx: band,
              boxBandFraction: 0,
              minObservations: k,
              trackTtlMs: 5000,
              inheritRadiusPx: 50,
              inheritRadiusBoxFraction: 0,
              inheritWindowMs: 1000,
            },
          };
          expect(processFrames([line], null, frames).crossings).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("a straight walk across the segment counts once, in its direction, at its time", () => {
    fc.assert(
      fc.property(
        segmentArb,
        uniform(0.01, 0.99), // where it crosses, along P1→P2
        uniform(-75, 75), // angle from the line's normal, degrees
        fc.constantFrom(1, -1), // towards the positive or the negative side
        uniform(20, 600), // speed, px/s
        fc.integer({ min: 2, max: 60 }), // fps
        uniform(0, 0.999), // sampling phase
        uniform(0, 30), // dead band
        fc.integer({ min: 1, max: 3 }),
        anchorArb,
        inSideArb,
        (seg, along, angle, towards, speed, fps, phase, band, k, anchor, inSide) => {
          const dx = seg.x2 - seg.x1;
          const dy = seg.y2 - seg.y1;
          const len = Math.hypot(dx, dy);
          const nx = -dy / len;
          const ny = dx / len;
          const a = (angle * Math.PI) / 180;
          const dirX = towards * (Math.cos(a) * nx + Math.sin(a) * (dx / len));
          const dirY = towards * (Math.cos(a) * ny + Math.sin(a) * (dy / len));
          const cx = seg.x1 + along * dx;
          const cy = seg.y1 + along * dy;
          const dt = 1000 / fps;
          const tc = BASE_TS + 10_000 + phase * dt;
          // Long enough on each side to leave the band and then confirm with K + 2 to spare.
          const perp = (speed * Math.cos(a)) / 1000; // px per ms across the line
          const m = Math.ceil(((band + 1) / perp + (k + 2) * dt) / dt);
          const first = Math.floor((tc - BASE_TS) / dt) - m;
          const frames: Frame[] = [];
          for (let i = first; i <= first + 2 * m + 2; i++) {
            const ts = BASE_TS + i * dt;
            const s = ((ts - tc) / 1000) * speed;
            frames.push({ ts, detections: [boxAt("w", cx + s * dirX, cy + s * dirY, anchor)] });
          }
          const line: CountingLine = {
            id: "L",
            ...seg,
            inSide,
            anchor,
            revision: "r",
            params: {
              deadBandPx: band,
              boxBandFraction: 0,
              minObservations: k,
              trackTtlMs: 5000,
              inheritRadiusPx: 0,
              inheritRadiusBoxFraction: 0,
              inheritWindowMs: 0,
            },
          };
          const { crossings } = processFrames([line], null, frames);
          expect(crossings).toHaveLength(1);
          const c = crossings[0]!;
          expect(c.direction).toBe(towards === (inSide === "right" ? 1 : -1) ? "in" : "out");
          expect(Math.abs(c.ts - tc)).toBeLessThanOrEqual(1);
          expect(c.trackId).toBe("w");
        },
      ),
      { numRuns: 500 },
    );
  });

  // Busy, chaotic scenes: a few tracks hopping around several lines, gaps longer and shorter than
  // the TTL, inheritance on or off, ids that are integer-like or "__proto__".
  const sceneArb = fc.record({
    lines: fc.array(
      fc.record({
        x1: coord(1000),
        y1: coord(1000),
        x2: coord(1000),
        y2: coord(1000),
        // (the walks start at (500, 500); lines anywhere in 1000×1000)
        inSide: inSideArb,
        anchor: anchorArb,
        band: uniform(0, 50),
        boxBand: fc.oneof(fc.constant(0), uniform(0, 0.5)),
        k: fc.integer({ min: 1, max: 3 }),
        ttl: fc.integer({ min: 300, max: 5000 }),
        radius: uniform(0, 300),
        boxRadius: fc.oneof(fc.constant(0), uniform(0, 2)),
        window: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3000 })),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    frames: fc.array(
      fc.record({
        dt: fc.integer({ min: 1, max: 2500 }),
        dets: fc.array(
          fc.record({
            id: fc.constantFrom("a", "b", "c", "0", "10", "__proto__"),
            // A step from where the track was (tracks random-walk from the frame's middle).
            dx: uniform(-150, 150),
            dy: uniform(-150, 150),
          }),
          { maxLength: 5 },
        ),
      }),
      { minLength: 1, maxLength: 150, size: "max" },
    ),
  });

  type Scene = typeof sceneArb extends fc.Arbitrary<infer T> ? T : never;

  function build(scene: Scene): { lines: CountingLine[]; frames: Frame[] } {
    const lines: CountingLine[] = scene.lines.map((l, i) => ({
      id: `line-${i}`,
      x1: l.x1,
      y1: l.y1,
      x2: l.x2,
      y2: l.y2,
      inSide: l.inSide,
      anchor: l.anchor,
      revision: "r",
      params: {
        deadBandPx: l.band,
        boxBandFraction: l.boxBand,
        minObservations: l.k,
        trackTtlMs: l.ttl,
        inheritRadiusPx: l.radius,
        inheritRadiusBoxFraction: l.boxRadius,
        inheritWindowMs: l.window,
      },
    }));
    let ts = BASE_TS;
    const at = new Map<string, { x: number; y: number }>();
    const frames: Frame[] = scene.frames.map((f) => {
      ts += f.dt;
      const detections = f.dets.map((d) => {
        const p = at.get(d.id) ?? { x: 500, y: 500 };
        p.x = Math.min(1000, Math.max(0, p.x + d.dx));
        p.y = Math.min(1000, Math.max(0, p.y + d.dy));
        at.set(d.id, p);
        return boxAt(d.id, p.x, p.y, "bottom_center");
      });
      return { ts, detections };
    });
    return { lines, frames };
  }

  function runInBatches(
    lines: CountingLine[],
    frames: Frame[],
    cuts: number[],
    roundTrip: boolean,
  ): { crossings: Crossing[]; state: string } {
    const bounds = [...new Set(cuts.map((c) => c % (frames.length + 1)))].sort((a, b) => a - b);
    let state: EngineState | null = null;
    let crossings: Crossing[] = [];
    let from = 0;
    for (const to of [...bounds, frames.length]) {
      const r = processFrames(lines, state, frames.slice(from, to));
      crossings = crossings.concat(r.crossings);
      state = roundTrip ? (JSON.parse(JSON.stringify(r.state)) as EngineState) : r.state;
      from = to;
    }
    return { crossings: crossings.sort(byTs), state: JSON.stringify(state) };
  }

  let seen = 0;

  it("splitting the same frames into arbitrary batches gives identical crossings and state", () => {
    fc.assert(
      fc.property(sceneArb, fc.array(fc.nat(), { maxLength: 10 }), (scene, cuts) => {
        const { lines, frames } = build(scene);
        const whole = processFrames(lines, null, frames);
        seen += whole.crossings.length;
        const split = runInBatches(lines, frames, cuts, false);
        expect(split.crossings).toEqual(whole.crossings);
        expect(split.state).toBe(JSON.stringify(whole.state));
      }),
      { numRuns: 400 },
    );
    expect(seen).toBeGreaterThan(300); // the scenes do cross lines (~900 in 400 runs)
  });

  it("a JSON round trip of the state at arbitrary points resumes identically", () => {
    fc.assert(
      fc.property(sceneArb, fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), (scene, cuts) => {
        const { lines, frames } = build(scene);
        const whole = processFrames(lines, null, frames);
        const resumed = runInBatches(lines, frames, cuts, true);
        expect(resumed.crossings).toEqual(whole.crossings);
        expect(resumed.state).toBe(JSON.stringify(whole.state));
      }),
      { numRuns: 400 },
    );
  });
});
