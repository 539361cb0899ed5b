// One evaluation unit: some lines, the frames of one source, and the truth for them.

import type { CountingParams, Crossing, Frame } from "@/lib/counting/types";
import type { RealSequence } from "./datasets";
import { diagonal } from "./geometry";
import type { BenchLine } from "./lines";
import { type LineScore, scoreLine } from "./metrics";
import { naiveCrossings } from "./naive";
import { type RunOptions, runEngine } from "./run";
import { type SeenScore, scoreSeen, seenTruth } from "./seen";
import type { SyntheticCase } from "./synthetic";
import { TRUTH_MARGIN_FRACTION, truthCrossings } from "./truth";

export type CaseKind = "gt" | "tracker" | "synthetic";

export interface EvalCase {
  /** Sequence or synthetic case name. */
  group: string;
  source: string;
  kind: CaseKind;
  width: number;
  height: number;
  lines: readonly BenchLine[];
  frames: readonly Frame[];
  truth: readonly Crossing[];
  /**
   * Per truth crossing (same index): whether this source's tracker observed it (rule in seen.ts).
   * Undefined: every truth crossing counts as seen (the GT tracks, the synthetic cases).
   */
  seen?: readonly boolean[];
}

export interface LineRow {
  evalCase: EvalCase;
  line: BenchLine;
  engine: LineScore;
  /** The engine against the truth crossings the source observed. */
  seen: SeenScore;
  naive: LineScore;
}

/** Truth from the GT tracks (once per sequence); cases for the GT itself and each tracker. */
export function realCases(sequences: readonly RealSequence[]): EvalCase[] {
  const cases: EvalCase[] = [];
  for (const s of sequences) {
    const { width, height, name } = s.info;
    const margin = TRUTH_MARGIN_FRACTION * diagonal(width, height);
    const truth = truthCrossings(s.lines, s.gt, margin);
    const base = { group: name, width, height, lines: s.lines, truth };
    cases.push({ ...base, source: "GT", kind: "gt", frames: s.gt });
    for (const t of s.trackers) {
      const seen = seenTruth(s.lines, s.gt, t.frames, truth, margin);
      cases.push({ ...base, source: t.name, kind: "tracker", frames: t.frames, seen });
    }
  }
  return cases;
}

export function syntheticEvalCases(cases: readonly SyntheticCase[]): EvalCase[] {
  return cases.map((c) => ({
    group: c.name,
    source: "synthetic",
    kind: "synthetic",
    width: c.width,
    height: c.height,
    lines: [c.line],
    frames: c.frames,
    truth: c.truth,
  }));
}

export function engineScores(
  c: EvalCase,
  params: CountingParams,
  options: RunOptions,
): { line: BenchLine; score: LineScore; seen: SeenScore }[] {
  const got = runEngine(c.lines, params, c.frames, options);
  return c.lines.map((line) => ({
    line,
    score: scoreLine(c.truth, got, line.id),
    seen: scoreSeen(c.truth, c.seen, got, line.id),
  }));
}

export function evaluateCase(c: EvalCase, params: CountingParams, options: RunOptions): LineRow[] {
  const naive = naiveCrossings(c.lines, c.frames);
  return engineScores(c, params, options).map(({ line, score, seen }) => ({
    evalCase: c,
    line,
    engine: score,
    seen,
    naive: scoreLine(c.truth, naive, line.id),
  }));
}
