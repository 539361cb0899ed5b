// Parameter sweep: the total error of every setting in a grid, over the real tracker outputs and
// the synthetic cases. Score = mean of the real trackers' error on the crossings they saw
// (seen.ts) and the synthetic error (so the many synthetic crossings do not drown the real ones).
// Also shown: the all-crossings error of the trackers, the engine on the GT tracks themselves (how
// far a setting drifts from the truth rule's 0.5% margin by definition alone), the false counts on
// the synthetic people standing on the line, and the error on the 3 fps and occlusion cases
// (which any default must keep at 0).

import type { EvalCase } from "./evaluate";
import { engineScores } from "./evaluate";
import { addScore, emptyTally, errorPct, type Tally } from "./metrics";
import { DEFAULT_SPEC, describeSpec, type ParamSpec, paramsFor } from "./params";
import { FAST } from "./run";
import { addSeen, emptySeenScore, type SeenScore, seenErrorPct } from "./seen";
import { cols, formatTable, pct } from "./table";

export interface SweepGrid {
  deadBandFraction: number[];
  boxBandFraction: number[];
  minObservations: number[];
  trackTtlMs: number[];
  /** [radius fraction, window ms]; window 0 = off. */
  inherit: [number, number][];
  inheritRadiusBoxFraction: number[];
}

export const GRID: SweepGrid = {
  deadBandFraction: [0.005, 0.0075, 0.01, 0.015, 0.02],
  boxBandFraction: [0, 0.05, 0.08, 0.1, 0.12],
  minObservations: [1, 2, 3],
  trackTtlMs: [2000, 5000],
  inherit: [
    [0, 0],
    [0.03, 1000],
    [0.03, 2000],
  ],
  inheritRadiusBoxFraction: [0, 0.5, 1],
};

export interface SweepResult {
  spec: ParamSpec;
  /** Real tracker outputs. */
  real: Tally;
  /** Real tracker outputs, against the truth crossings they saw (seen.ts). */
  realSeen: SeenScore;
  /** The engine on the real GT tracks. */
  gt: Tally;
  synth: Tally;
  /** The synthetic standing-only cases (truth 0): their counts are all false. */
  standing: Tally;
  /** The synthetic 3 fps and occlusion cases (must stay exact). */
  mustBeExact: Tally;
  /** Per case group (e.g. "MOT17-02/MPNTrack", "crowd@480p"). */
  groups: Map<string, Tally>;
  realPct: number;
  realSeenPct: number;
  synthPct: number;
  score: number;
}

export function gridSpecs(grid: SweepGrid): ParamSpec[] {
  const specs: ParamSpec[] = [];
  for (const deadBandFraction of grid.deadBandFraction)
    for (const boxBandFraction of grid.boxBandFraction)
      for (const minObservations of grid.minObservations)
        for (const trackTtlMs of grid.trackTtlMs)
          for (const [inheritRadiusFraction, inheritWindowMs] of grid.inherit)
            for (const inheritRadiusBoxFraction of grid.inheritRadiusBoxFraction)
              specs.push({
                deadBandFraction,
                boxBandFraction,
                minObservations,
                trackTtlMs,
                inheritRadiusFraction,
                inheritRadiusBoxFraction,
                inheritWindowMs,
              });
  return specs;
}

export function groupKey(c: EvalCase): string {
  return c.kind === "synthetic" ? c.group : `${c.group}/${c.source}`;
}

export function evaluateSpec(spec: ParamSpec, cases: readonly EvalCase[]): SweepResult {
  const r: SweepResult = {
    spec,
    real: emptyTally(),
    realSeen: emptySeenScore(),
    gt: emptyTally(),
    synth: emptyTally(),
    standing: emptyTally(),
    mustBeExact: emptyTally(),
    groups: new Map(),
    realPct: 0,
    realSeenPct: 0,
    synthPct: 0,
    score: 0,
  };
  for (const c of cases) {
    const g = emptyTally();
    for (const { score, seen } of engineScores(c, paramsFor(spec, c.width, c.height), FAST)) {
      addScore(g, score);
      if (c.kind === "tracker") addSeen(r.realSeen, seen);
      addScore(c.kind === "synthetic" ? r.synth : c.kind === "gt" ? r.gt : r.real, score);
      if (c.kind === "synthetic" && c.truth.length === 0) addScore(r.standing, score);
      if (c.kind === "synthetic" && /^(low-fps-3|occlusion)@/.test(c.group)) {
        addScore(r.mustBeExact, score);
      }
    }
    r.groups.set(groupKey(c), g);
  }
  r.realPct = errorPct(r.real.absErr, r.real.truth);
  r.realSeenPct = seenErrorPct(r.realSeen);
  r.synthPct = errorPct(r.synth.absErr, r.synth.truth);
  r.score = (r.realSeenPct + r.synthPct) / 2;
  return r;
}

const same = (a: ParamSpec, b: ParamSpec): boolean => JSON.stringify(a) === JSON.stringify(b);

const RESULT_COLUMNS =
  "real_seen_miss+extra/seen:r real_seen_err:r real_all_err:r GT_err:r synth_Σ|Δ|/truth:r " +
  "synth_err:r standing_false:r 3fps+occl_Σ|Δ|:r score:r";

function resultCells(r: SweepResult): string[] {
  return [
    describeSpec(r.spec),
    `${r.realSeen.miss}+${r.realSeen.extra}/${r.realSeen.seen}`,
    pct(r.realSeenPct),
    pct(r.realPct),
    pct(errorPct(r.gt.absErr, r.gt.truth)),
    `${r.synth.absErr}/${r.synth.truth}`,
    pct(r.synthPct),
    String(r.standing.got),
    String(r.mustBeExact.absErr),
    pct(r.score),
  ];
}

function table(
  results: readonly SweepResult[],
  first: (r: SweepResult, i: number) => string,
  title: string,
): string {
  return formatTable(
    cols(`${title} setting:l ${RESULT_COLUMNS}`),
    results.map((r, i) => [first(r, i), ...resultCells(r)]),
  );
}

/** Varies one parameter at a time around the defaults. */
function oneAtATime(results: readonly SweepResult[]): SweepResult[] {
  const keys = [
    ["deadBandFraction"],
    ["boxBandFraction"],
    ["minObservations"],
    ["trackTtlMs"],
    ["inheritRadiusFraction", "inheritWindowMs"],
    ["inheritRadiusBoxFraction"],
  ] as const;
  return keys.flatMap((ks) =>
    results.filter((r) => {
      const others: ParamSpec = { ...r.spec };
      for (const k of ks) others[k] = DEFAULT_SPEC[k];
      return same(others, DEFAULT_SPEC);
    }),
  );
}

function variedName(r: SweepResult): string {
  const d = DEFAULT_SPEC;
  const s = r.spec;
  if (same(s, d)) return "(defaults)";
  if (s.deadBandFraction !== d.deadBandFraction) return "dead band";
  if (s.boxBandFraction !== d.boxBandFraction) return "box band";
  if (s.minObservations !== d.minObservations) return "K";
  if (s.trackTtlMs !== d.trackTtlMs) return "TTL";
  if (s.inheritRadiusBoxFraction !== d.inheritRadiusBoxFraction) return "inherit box radius";
  return "inheritance";
}

export function sweepReport(cases: readonly EvalCase[], grid: SweepGrid = GRID): string {
  const specs = gridSpecs(grid);
  if (!specs.some((s) => same(s, DEFAULT_SPEC))) specs.push(DEFAULT_SPEC);
  const started = performance.now();
  const results = specs.map((s) => evaluateSpec(s, cases));
  const secs = ((performance.now() - started) / 1000).toFixed(1);
  const byScore = [...results].sort((a, b) => a.score - b.score || a.realSeenPct - b.realSeenPct);
  const byReal = [...results].sort(
    (a, b) => a.realSeenPct - b.realSeenPct || a.synthPct - b.synthPct,
  );
  const bySynth = [...results].sort(
    (a, b) => a.synthPct - b.synthPct || a.realSeenPct - b.realSeenPct,
  );
  const exact = byScore.filter((r) => r.mustBeExact.absErr === 0);
  const best = exact[0] ?? byScore[0]!;
  const def = byScore.find((r) => same(r.spec, DEFAULT_SPEC))!;
  const rank = (_r: SweepResult, i: number): string => String(i + 1);
  const out: string[] = [];
  out.push(`${results.length} settings × ${cases.length} cases in ${secs} s.`);
  out.push(
    "real = the trackers' outputs (MOT17 MPNTrack/DeepSORT, TUD); real seen = against the truth\n" +
      "crossings they saw (bench/accuracy/seen.ts): (misses + extras) / seen; real all = Σ|Δ| / all\n" +
      "truth; GT err = the engine on the GT tracks (the cost of the setting by definition alone);\n" +
      "standing false = counts on the synthetic standing-only cases (all false); 3fps+occl = error on\n" +
      "the 3 fps and occlusion cases (must be 0); score = (real seen err + synth err) / 2.\n",
  );
  out.push("Best by score:");
  out.push(table(byScore.slice(0, 15), rank, "rank:r"));
  out.push("\nBest by score with the 3 fps and occlusion cases exact:");
  out.push(table(exact.slice(0, 15), rank, "rank:r"));
  out.push("\nBest on the real tracker outputs alone:");
  out.push(table(byReal.slice(0, 8), rank, "rank:r"));
  out.push("\nBest on the synthetic cases alone:");
  out.push(table(bySynth.slice(0, 8), rank, "rank:r"));
  out.push(`\nCurrent defaults: rank ${byScore.indexOf(def) + 1} of ${byScore.length} by score.`);
  out.push("\nOne parameter at a time, the others at their defaults:");
  out.push(table(oneAtATime(results), variedName, "varied:l"));
  out.push(
    `\nPer group, defaults vs best by score with 3 fps and occlusion exact (${describeSpec(best.spec)}):`,
  );
  out.push(
    formatTable(
      cols("group:l truth:r default_Σ|Δ|:r default_err:r best_Σ|Δ|:r best_err:r"),
      [...def.groups].map(([k, t]) => {
        const b = best.groups.get(k)!;
        return [
          k,
          String(t.truth),
          String(t.absErr),
          pct(errorPct(t.absErr, t.truth)),
          String(b.absErr),
          pct(errorPct(b.absErr, b.truth)),
        ];
      }),
    ),
  );
  return out.join("\n");
}
