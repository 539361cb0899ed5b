import { describe, expect, it } from "vitest";
import { emptyState, processFrames } from "./index";
import { brief, det, merge, mkLine, run, walk } from "./test-support";
import type { CountingLine, Frame } from "./types";

// V is drawn top to bottom, so its right-hand (positive) side is the screen's LEFT (x < 500):
// with inSide 'right', moving leftwards across it is IN. H is drawn left to right, so its positive
// side is below it (y > 500): moving down across it is IN. Dead band 10 px, K = 2 unless stated.
const V = mkLine(500, 100, 500, 900);
const H = mkLine(100, 500, 900, 500);

/** One track "a" on the horizontal path y = `y`, one frame per 100 ms from ts 0. */
const xs = (y: number, ...x: number[]) =>
  walk(
    "a",
    x.map((v, i) => [i * 100, v, y] as const),
  );
/** One track "a" on the vertical path x = `x`, one frame per 100 ms from ts 0. */
const ys = (x: number, ...y: number[]) =>
  walk(
    "a",
    y.map((v, i) => [i * 100, x, v] as const),
  );

interface Case {
  name: string;
  line: CountingLine;
  frames: Frame[];
  expected: string[];
}

const cases: Case[] = [
  {
    name: "vertical line, right to left on screen is IN, at 540@200 → 480@400 interpolated",
    line: V,
    frames: xs(500, 600, 570, 540, 510, 480, 450),
    expected: ["in@333"],
  },
  {
    name: "vertical line, left to right on screen is OUT",
    line: V,
    frames: xs(500, 400, 430, 460, 490, 520, 550),
    expected: ["out@333"],
  },
  {
    name: "horizontal line, downwards is IN",
    line: H,
    frames: ys(300, 440, 460, 480, 500, 520, 540),
    expected: ["in@300"],
  },
  {
    name: "horizontal line with in_side left, downwards is OUT",
    line: mkLine(100, 500, 900, 500, { inSide: "left" }),
    frames: ys(300, 440, 460, 480, 500, 520, 540),
    expected: ["out@300"],
  },
  {
    name: "vertical line with in_side left, right to left is OUT",
    line: mkLine(500, 100, 500, 900, { inSide: "left" }),
    frames: xs(500, 600, 570, 540, 510, 480, 450),
    expected: ["out@333"],
  },
  {
    name: "walking past the segment's end does not count",
    line: V,
    frames: xs(950, 600, 570, 540, 510, 480, 450),
    expected: [],
  },
  {
    name: "walking past the end re-arms: coming back through the segment counts once",
    line: V,
    frames: walk("a", [
      [0, 600, 950],
      [100, 560, 950],
      [200, 440, 950],
      [300, 400, 950],
      [400, 400, 700],
      [500, 400, 500],
      [600, 440, 500],
      [700, 560, 500],
      [800, 600, 500],
    ]),
    expected: ["out@650"],
  },
  {
    name: "a move exactly through the endpoint P2 counts (inclusive)",
    line: V,
    frames: walk("a", [
      [0, 400, 800],
      [100, 450, 850],
      [200, 550, 950],
      [300, 600, 1000],
    ]),
    expected: ["out@150"],
  },
  {
    name: "a move passing 1 px beyond P2 does not count",
    line: V,
    frames: walk("a", [
      [0, 400, 801],
      [100, 450, 851],
      [200, 550, 951],
      [300, 600, 1001],
    ]),
    expected: [],
  },
  {
    name: "collinear motion along the line confirms nothing",
    line: V,
    frames: ys(500, 50, 150, 250, 350, 450, 550, 650, 750, 850, 950),
    expected: [],
  },
  {
    name: "collinear motion along the line inside the band confirms nothing",
    line: V,
    frames: ys(508, 950, 850, 750, 650, 550, 450, 350, 250, 150, 50),
    expected: [],
  },
  {
    name: "zero-length moves: standing still then stepping across counts once",
    line: V,
    frames: xs(500, 450, 450, 450, 450, 450, 450, 450, 450, 450, 450, 550, 550, 550),
    expected: ["out@950"],
  },
  {
    name: "a zero-length line never counts",
    line: mkLine(500, 500, 500, 500),
    frames: xs(500, 400, 450, 500, 550, 600, 650),
    expected: [],
  },
  {
    name: "a fast walker at 3 fps jumps the 22 px band in one step and still counts",
    line: mkLine(500, 100, 500, 900, { params: { deadBandPx: 22 } }),
    frames: walk("a", [
      [0, 300, 500],
      [333, 450, 500],
      [667, 600, 500],
      [1000, 750, 500],
    ]),
    expected: ["out@444"],
  },
  {
    name: "a U-turn counts OUT then IN",
    line: V,
    frames: xs(500, 400, 440, 480, 520, 560, 520, 480, 440),
    expected: ["out@250", "in@550"],
  },
  {
    name: "standing on the line with jitter inside the band counts nothing",
    line: V,
    frames: xs(500, ...Array.from({ length: 60 }, (_, i) => 500 + ((i * 7) % 21) - 10)),
    expected: [],
  },
  {
    name: "single outliers beyond the band on alternate sides never confirm (K = 2)",
    line: V,
    frames: xs(500, 450, 450, 530, 500, 470, 500, 530, 505, 470, 530, 470, 530, 470),
    expected: [],
  },
  {
    name: "an observation back on the old side restarts the pending side (last A / first B)",
    line: V,
    frames: xs(500, 450, 460, 540, 470, 530, 550),
    expected: ["out@350"],
  },
  {
    name: "an observation back in the band restarts the confirmation (K in a row)",
    line: V,
    frames: xs(500, 450, 460, 540, 505, 495, 550),
    expected: [],
  },
  {
    name: "after a restart, K in a row confirm; ts from the move 460@100 → 550@400",
    line: V,
    frames: xs(500, 450, 460, 540, 505, 550, 560),
    expected: ["out@233"],
  },
  {
    name: "observations in the band do not reset the confirmed side",
    line: V,
    frames: xs(500, 450, 460, 495, 505, 498, 540, 550),
    expected: ["out@300"],
  },
  {
    name: "interpolated ts: 470@1000 (d 30) → 520@1100 (d −20) is 1060, not the confirmation's 1200",
    line: V,
    frames: walk("a", [
      [900, 450, 500],
      [1000, 470, 500],
      [1100, 520, 500],
      [1200, 530, 500],
    ]),
    expected: ["out@1060"],
  },
  {
    name: "K = 3 needs a third observation on the new side",
    line: mkLine(500, 100, 500, 900, { params: { minObservations: 3 } }),
    frames: xs(500, 440, 450, 460, 540, 550),
    expected: [],
  },
  {
    name: "K = 3 counts on the third observation, ts from the first",
    line: mkLine(500, 100, 500, 900, { params: { minObservations: 3 } }),
    frames: xs(500, 440, 450, 460, 540, 550, 560),
    expected: ["out@250"],
  },
  {
    name: "K = 1 counts on the first observation beyond the band",
    line: mkLine(500, 100, 500, 900, { params: { minObservations: 1 } }),
    frames: xs(500, 460, 540),
    expected: ["out@50"],
  },
  {
    name: "a track's first confirmed side is where it starts, not a crossing",
    line: V,
    frames: xs(500, 540, 560, 580),
    expected: [],
  },
  {
    name: "a gap shorter than the TTL keeps the track (gap in its observations, not in frames)",
    line: V,
    frames: merge(
      walk("a", [
        [0, 440, 500],
        [100, 460, 500],
        [3000, 540, 500],
        [3100, 560, 500],
      ]),
      walk("far", [
        [200, 50, 50],
        [1000, 50, 50],
        [2000, 50, 50],
      ]),
    ),
    expected: ["out@1550"],
  },
  {
    name: "a gap of exactly the TTL still keeps the track",
    line: V,
    frames: walk("a", [
      [0, 440, 500],
      [100, 460, 500],
      [5100, 540, 500],
      [5200, 560, 500],
    ]),
    expected: ["out@2600"],
  },
  {
    name: "a gap longer than the TTL forgets the track",
    line: V,
    frames: walk("a", [
      [0, 440, 500],
      [100, 460, 500],
      [5101, 540, 500],
      [5200, 560, 500],
    ]),
    expected: [],
  },
  {
    name: "a gap longer than the TTL forgets the track even before the next state sweep",
    line: V,
    frames: merge(
      walk("a", [
        [0, 440, 500],
        [100, 460, 500],
        [5101, 540, 500],
        [5200, 560, 500],
      ]),
      // Frames every 100 ms: the last sweep before "a" returns runs at 5000 (age 4900).
      walk(
        "far",
        Array.from({ length: 53 }, (_, i) => [i * 100, 50, 50] as const),
      ),
    ),
    expected: [],
  },
  {
    name: "bottom_center: the feet cross the horizontal line",
    line: H,
    frames: ys(300, 440, 460, 480, 520, 540),
    expected: ["in@250"],
  },
  {
    name: "center: the same boxes' centres (50 px higher) stay above it",
    line: mkLine(100, 500, 900, 500, { anchor: "center" }),
    frames: ys(300, 440, 460, 480, 520, 540),
    expected: [],
  },
  {
    name: "center: the centre crossing is counted at the centre's own time",
    line: mkLine(100, 500, 900, 500, { anchor: "center" }),
    frames: ys(300, 490, 510, 530, 570, 590),
    expected: ["in@250"],
  },
  {
    name: "a slanted line counts a crossing through its middle",
    line: mkLine(100, 100, 900, 900),
    frames: walk("a", [
      [0, 600, 400],
      [100, 560, 440],
      [200, 440, 560],
      [300, 400, 600],
    ]),
    expected: ["in@150"],
  },
];

describe("processFrames: geometric and state-machine cases", () => {
  it.each(cases)("$name", ({ line, frames, expected }) => {
    expect(brief(run(line, frames))).toEqual(expected);
  });
});

describe("processFrames: results and state", () => {
  it("sorts crossings by interpolated ts, not by when they were confirmed", () => {
    const frames = merge(
      // "a" crosses at 300 (460@100 → 540@500) but lingers in the band and confirms only at 600.
      walk("a", [
        [0, 450, 500],
        [100, 460, 500],
        [200, 505, 500],
        [500, 540, 500],
        [600, 550, 500],
      ]),
      // "b" crosses at 450 and confirms at 550.
      walk("b", [
        [300, 440, 300],
        [400, 460, 300],
        [500, 540, 300],
        [550, 560, 300],
      ]),
    );
    const cs = run(V, frames);
    expect(cs.map((c) => `${c.trackId}:${c.direction}@${c.ts}`)).toEqual([
      "a:out@300",
      "b:out@450",
    ]);
    expect(cs[0]?.lineId).toBe("L");
  });

  it("counts for several lines in one pass, each with its own params", () => {
    const h = mkLine(100, 500, 900, 500, { id: "H" });
    const v = mkLine(500, 100, 500, 900, { id: "V" });
    const frames = walk("a", [
      [0, 400, 400],
      [100, 420, 420],
      [200, 580, 580],
      [300, 600, 600],
    ]);
    expect(run([h, v], frames).map((c) => `${c.lineId}:${c.direction}@${c.ts}`)).toEqual([
      "H:in@150",
      "V:out@150",
    ]);
  });

  it("keeps state across calls and resumes a crossing started in an earlier batch", () => {
    const frames = xs(500, 400, 430, 460, 490, 520, 550);
    const first = processFrames([V], emptyState(), frames.slice(0, 3));
    expect(first.crossings).toEqual([]);
    const second = processFrames([V], JSON.parse(JSON.stringify(first.state)), frames.slice(3));
    expect(brief(second.crossings)).toEqual(["out@333"]);
  });

  it("accepts a null state as a fresh one", () => {
    expect(brief(processFrames([V], null, xs(500, 400, 480, 520, 550)).crossings)).toEqual([
      "out@150",
    ]);
  });

  it("resets in-flight tracks when the line's revision changes (no phantom crossing)", () => {
    const before = processFrames([V], null, xs(500, 440, 460));
    const after = xs(500, 440, 460, 540, 560).slice(2);
    const edited = { ...V, revision: "2" };
    expect(run(edited, after, JSON.parse(JSON.stringify(before.state)))).toEqual([]);
    // The control: the same frames under the unchanged revision do count.
    expect(brief(run(V, after, JSON.parse(JSON.stringify(before.state))))).toEqual(["out@150"]);
  });

  it("drops the state of lines that are no longer passed (deleted or disabled)", () => {
    const h = mkLine(100, 500, 900, 500, { id: "H" });
    const { state } = processFrames([V, h], null, xs(500, 440, 460));
    expect(Object.keys(state.lines as object).sort()).toEqual(["H", "L"]);
    const next = processFrames([h], state, []);
    expect(Object.keys(next.state.lines as object)).toEqual(["H"]);
  });

  it("starts afresh from a state of an unknown shape", () => {
    const bogus = { v: 1, lines: { L: { rev: 1 } } } as const;
    expect(brief(run(V, xs(500, 400, 480, 520, 550), bogus))).toEqual(["out@150"]);
    expect(brief(run(V, xs(500, 400, 480, 520, 550), { v: 1, lines: null }))).toEqual(["out@150"]);
    // A malformed track entry is dropped: "a" starts over on its first side, no phantom crossing.
    const badTrack = { v: 1, lines: { L: { rev: "1", sw: 0, tracks: { a: { s: -1 } } } } } as const;
    expect(brief(run(V, xs(500, 400, 480, 520, 550), badTrack))).toEqual(["out@150"]);
    const oldSide = {
      v: 1,
      lines: { L: { rev: "1", sw: 0, tracks: { a: [0, 0, 0, -1] } } },
    } as const;
    expect(brief(run(V, xs(500, 400, 480), oldSide))).toEqual([]);
  });

  it("evicts tracks unseen for longer than the TTL from the state", () => {
    const frames = merge(
      walk("gone", [[0, 450, 500]]),
      walk("stays", [
        [0, 50, 50],
        [6000, 50, 50],
        [7000, 50, 50],
      ]),
    );
    const { state } = processFrames([V], null, frames);
    const tracks = (state.lines as Record<string, { tracks: object }>).L?.tracks ?? {};
    expect(Object.keys(tracks)).toEqual(["stays"]);
  });

  it("takes any track id, even __proto__, without touching prototypes", () => {
    const frames = walk("__proto__", [
      [0, 440, 500],
      [100, 460, 500],
      [200, 540, 500],
    ]);
    const first = processFrames([V], null, frames);
    const resumed = processFrames([V], JSON.parse(JSON.stringify(first.state)), [
      { ts: 300, detections: [det("__proto__", 560, 500)] },
    ]);
    expect(resumed.crossings.map((c) => `${c.trackId}:${c.direction}@${c.ts}`)).toEqual([
      "__proto__:out@150",
    ]);
    expect(({} as Record<string, unknown>).s).toBeUndefined();
  });

  it("ignores detections with non-finite boxes and keeps the state JSON-clean", () => {
    const frames: Frame[] = [
      { ts: 0, detections: [{ trackId: "a", bbox: [Number.NaN, 0, 10, 10] }] },
      { ts: 100, detections: [{ trackId: "a", bbox: [0, 0, 10, Number.POSITIVE_INFINITY] }] },
      ...xs(500, 400, 480, 520, 550).map((f) => ({ ...f, ts: f.ts + 200 })),
    ];
    const { state, crossings } = processFrames([V], null, frames);
    expect(brief(crossings)).toEqual(["out@350"]);
    expect(JSON.stringify(state)).not.toMatch(/null/);
  });

  it("does not crash on a zero-length line and keeps counting on the others", () => {
    const dot = mkLine(500, 500, 500, 500, { id: "dot" });
    expect(brief(run([dot, V], xs(500, 400, 480, 520, 550)))).toEqual(["out@150"]);
  });
});

describe("processFrames: id-switch inheritance", () => {
  const I = mkLine(500, 100, 500, 900, { params: { inheritRadiusPx: 50, inheritWindowMs: 1000 } });
  // "1" walks right towards the line and vanishes; "2" appears across it, 40 px on.
  const switched = merge(
    walk("1", [
      [0, 440, 500],
      [100, 460, 500],
      [200, 480, 500],
    ]),
    walk("2", [
      [300, 520, 500],
      [400, 540, 500],
    ]),
  );

  it("a switch while crossing still counts once, for the new id", () => {
    expect(run(I, switched).map((c) => `${c.trackId}:${c.direction}@${c.ts}`)).toEqual([
      "2:out@250",
    ]);
  });

  it("is off with a 0 window", () => {
    expect(run(mkLine(500, 100, 500, 900, { params: { inheritRadiusPx: 50 } }), switched)).toEqual(
      [],
    );
  });

  it("does not inherit beyond the radius or the window", () => {
    const far = mkLine(500, 100, 500, 900, {
      params: { inheritRadiusPx: 39, inheritWindowMs: 1000 },
    });
    expect(run(far, switched)).toEqual([]);
    const late = mkLine(500, 100, 500, 900, {
      params: { inheritRadiusPx: 50, inheritWindowMs: 99 },
    });
    expect(run(late, switched)).toEqual([]);
  });

  it("the old id coming back after the handover does not count the crossing again", () => {
    const frames = merge(
      switched,
      walk("1", [
        [500, 560, 500],
        [600, 580, 500],
      ]),
    );
    expect(run(I, frames).map((c) => `${c.trackId}:${c.direction}@${c.ts}`)).toEqual(["2:out@250"]);
  });

  it("a switch after the crossing does not count twice", () => {
    const frames = merge(
      walk("1", [
        [0, 440, 500],
        [100, 460, 500],
        [200, 540, 500],
        [300, 560, 500],
      ]),
      walk("2", [
        [400, 580, 500],
        [500, 600, 500],
        [600, 620, 500],
      ]),
    );
    expect(run(I, frames).map((c) => `${c.trackId}:${c.direction}@${c.ts}`)).toEqual(["1:out@150"]);
  });

  it.each([
    ["before", true],
    ["after", false],
  ])("never inherits from a track still in the frame (new one listed %s it)", (_, newFirst) => {
    // "1" stands at 480 throughout; "2" appears 40 px from it, across the line, and walks away.
    const frames: Frame[] = [0, 100, 200, 300, 400].map((ts, i) => {
      const one = det("1", 480, 500);
      const two = det("2", 480 + 20 * i, 500);
      return { ts, detections: i < 2 ? [one] : newFirst ? [two, one] : [one, two] };
    });
    expect(run(I, frames)).toEqual([]);
  });

  it("picks the nearest vanished track", () => {
    // "left" vanished at (470, 500) on the + side, "right" at (560, 500) on the − side.
    const vanished = merge(
      walk("left", [
        [0, 440, 500],
        [100, 470, 500],
      ]),
      walk("right", [
        [0, 580, 500],
        [100, 560, 500],
      ]),
    );
    const wide = mkLine(500, 100, 500, 900, {
      params: { inheritRadiusPx: 100, inheritWindowMs: 1000 },
    });
    // Appearing at 520 (40 px from "right", 50 from "left"): takes the − side, nothing to count.
    const nearRight = walk("new", [
      [200, 520, 500],
      [300, 540, 500],
    ]);
    expect(run(wide, merge(vanished, nearRight))).toEqual([]);
    // Appearing at 508 (38 px from "left"): takes the + side and completes its crossing.
    const nearLeft = walk("new", [
      [200, 508, 500],
      [300, 530, 500],
      [400, 540, 500],
    ]);
    expect(
      run(wide, merge(vanished, nearLeft)).map((c) => `${c.trackId}:${c.direction}@${c.ts}`),
    ).toEqual(["new:out@200"]);
  });
});

describe("processFrames: box-scaled dead band", () => {
  // A 100 px tall person wobbling ±15–20 px across V (band 10 px).
  const wobble = xs(500, 480, 485, 515, 520, 482, 486);

  it("is off with a 0 fraction: the wobble counts", () => {
    expect(brief(run(V, wobble))).toEqual(["out@150", "in@353"]);
  });

  it("widens the band to the fraction × box height (30 px for a 100 px box)", () => {
    const wide = mkLine(500, 100, 500, 900, { params: { boxBandFraction: 0.3 } });
    expect(run(wide, wobble)).toEqual([]);
    expect(brief(run(wide, xs(500, 420, 440, 560, 580)))).toEqual(["out@150"]);
  });

  it("never narrows the band below deadBandPx (a small box keeps the 10 px band)", () => {
    const wide = mkLine(500, 100, 500, 900, { params: { boxBandFraction: 0.3 } });
    const small = [480, 485, 515, 520].map((x, i) => ({
      ts: i * 100,
      detections: [{ trackId: "a", bbox: [x - 5, 480, x + 5, 500] as const }],
    }));
    expect(brief(run(wide, small))).toEqual(["out@150"]);
  });
});

describe("processFrames: tracks that start inside the band", () => {
  it("take the side of the band's outer half they start in", () => {
    // 493 is 7 px from V, inside the 10 px band but beyond its middle (5 px), on the + side.
    expect(brief(run(V, xs(500, 493, 540, 550)))).toEqual(["out@15"]);
  });

  it("have no side when they start in the inner half", () => {
    expect(run(V, xs(500, 497, 540, 550))).toEqual([]);
    expect(run(V, xs(500, 503, 460, 450))).toEqual([]);
  });

  it("still need K in a row beyond the band on the other side", () => {
    expect(run(V, xs(500, 493, 540, 505, 550))).toEqual([]);
  });
});

describe("processFrames: id-switch inheritance scaled by the box", () => {
  // "1" vanishes at 480 (+ side of V), "2" appears 40 px on, across the line.
  const switched = merge(
    walk("1", [
      [0, 440, 500],
      [100, 460, 500],
      [200, 480, 500],
    ]),
    walk("2", [
      [300, 520, 500],
      [400, 540, 500],
    ]),
  );
  const line = (inheritRadiusBoxFraction: number) =>
    mkLine(500, 100, 500, 900, {
      params: { inheritRadiusPx: 10, inheritRadiusBoxFraction, inheritWindowMs: 1000 },
    });

  it("reaches fraction × the new box's height when that is beyond inheritRadiusPx", () => {
    expect(brief(run(line(0.5), switched))).toEqual(["out@250"]);
    expect(run(line(0.3), switched)).toEqual([]);
    expect(run(line(0), switched)).toEqual([]);
  });

  it("does not consume a vanished track when the new one appears clear on its side", () => {
    // "2" appears at 470, on the side "1" had confirmed: nothing to hand over. "1" was only
    // hidden, comes back and completes its own crossing.
    const frames = merge(
      walk("1", [
        [0, 440, 500],
        [100, 460, 500],
        [200, 480, 500],
        [400, 520, 500],
        [500, 540, 500],
      ]),
      walk("2", [
        [300, 470, 500],
        [400, 470, 500],
        [500, 470, 500],
      ]),
    );
    expect(run(line(0.5), frames).map((c) => `${c.trackId}:${c.direction}@${c.ts}`)).toEqual([
      "1:out@300",
    ]);
  });
});
