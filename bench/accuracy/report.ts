// The printed tables of the default run.

import type { RealSequence } from "./datasets";
import type { LineRow } from "./evaluate";
import { diagonal } from "./geometry";
import {
  absError,
  addScore,
  emptyTally,
  errorPct,
  type LineScore,
  netError,
  type Tally,
} from "./metrics";
import {
  addSeen,
  emptySeenScore,
  SEEN_IOU,
  SEEN_WINDOW_MS,
  type SeenScore,
  seenErrorPct,
} from "./seen";
import type { SyntheticCase } from "./synthetic";
import { cols, formatTable, pct } from "./table";
import { TRUTH_MARGIN_FRACTION, truthCrossings } from "./truth";

const io = (s: LineScore["truth"]): string[] => [String(s.in), String(s.out)];

function rowCells(r: LineRow, first: string[]): string[] {
  const e = r.engine;
  const truth = e.truth.in + e.truth.out;
  return [
    ...first,
    ...io(e.truth),
    ...io(e.got),
    String(Math.abs(e.got.in - e.truth.in)),
    String(Math.abs(e.got.out - e.truth.out)),
    String(netError(e)),
    pct(errorPct(absError(e), truth)),
    String(e.miss),
    String(e.extra),
    ...io(r.naive.got),
    pct(errorPct(absError(r.naive), truth)),
  ];
}

const LINE_COLUMNS =
  "truth_in:r truth_out:r eng_in:r eng_out:r |Δin|:r |Δout|:r |Δnet|:r err:r miss:r extra:r " +
  "naive_in:r naive_out:r naive_err:r";

export function realTable(rows: readonly LineRow[]): string {
  return formatTable(
    cols(`sequence:l line:l source:l ${LINE_COLUMNS}`),
    rows.map((r) => rowCells(r, [r.evalCase.group, r.line.id, r.evalCase.source])),
  );
}

export function syntheticTable(rows: readonly LineRow[]): string {
  return formatTable(
    cols(`case:l line:l ${LINE_COLUMNS}`),
    rows.map((r) => rowCells(r, [r.evalCase.group, `${r.line.id}/${r.line.inSide}`])),
  );
}

interface Totals {
  engine: Tally;
  naive: Tally;
}

function totalsBy(rows: readonly LineRow[], key: (r: LineRow) => string): Map<string, Totals> {
  const m = new Map<string, Totals>();
  for (const r of rows) {
    const k = key(r);
    let t = m.get(k);
    if (t === undefined) {
      t = { engine: emptyTally(), naive: emptyTally() };
      m.set(k, t);
    }
    addScore(t.engine, r.engine);
    addScore(t.naive, r.naive);
  }
  return m;
}

export function summaryTable(
  rows: readonly LineRow[],
  key: (r: LineRow) => string,
  label: string,
  totalLabel?: string,
): string {
  const groups = [...totalsBy(rows, key)];
  if (totalLabel !== undefined) groups.push([totalLabel, [...totalsBy(rows, () => "")][0]![1]]);
  return formatTable(
    cols(
      `${label}:l lines:r truth:r engine:r Σ|Δ|:r Σ|Δnet|:r err:r miss:r extra:r naive:r naive_Σ|Δ|:r naive_err:r`,
    ),
    groups.map(([k, t]) => [
      k,
      String(rows.filter((r) => totalLabel === k || key(r) === k).length),
      String(t.engine.truth),
      String(t.engine.got),
      String(t.engine.absErr),
      String(t.engine.netErr),
      pct(errorPct(t.engine.absErr, t.engine.truth)),
      String(t.engine.miss),
      String(t.engine.extra),
      String(t.naive.got),
      String(t.naive.absErr),
      pct(errorPct(t.naive.absErr, t.naive.truth)),
    ]),
  );
}

export function linesTable(sequences: readonly RealSequence[]): string {
  return formatTable(
    cols("sequence:l size:l fps:r line:l P1:r P2:r in_side:l placed_for:l"),
    sequences.flatMap((s) =>
      s.lines.map((l) => [
        s.info.name,
        `${s.info.width}×${s.info.height}`,
        String(s.info.fps),
        l.id,
        `(${l.x1},${l.y1})`,
        `(${l.x2},${l.y2})`,
        l.inSide,
        l.why,
      ]),
    ),
  );
}

/** How much the truth depends on its margin: total GT crossings per margin. */
export function truthSensitivity(sequences: readonly RealSequence[]): string {
  const margins = [0.001, 0.0025, 0.005, 0.01, 0.02];
  const totals = margins.map((f) =>
    sequences.reduce(
      (n, s) => n + truthCrossings(s.lines, s.gt, f * diagonal(s.info.width, s.info.height)).length,
      0,
    ),
  );
  const label = margins.map((f) => `${f * 100}%`).join(" / ");
  return `Truth vs its margin (${label} of the diagonal): ${totals.join(" / ")} crossings.`;
}

/** One row per synthetic scenario (its two sizes share the script generator). */
export function syntheticCasesTable(cases: readonly SyntheticCase[]): string {
  const seen = new Set<string>();
  const rows: string[][] = [];
  for (const c of cases) {
    const name = c.name.replace(/@\d+p$/, "");
    if (seen.has(name)) continue;
    seen.add(name);
    rows.push([name, String(c.fps), c.line.id, c.note]);
  }
  return formatTable(cols("case:l fps:r line:l what:l"), rows);
}

export const OCCLUDED_BELOW = 0.25;

/**
 * MOT17 GT keeps people while they are hidden behind others: how many truth crossings happen while
 * the person is less than 25% visible (at the annotated frame nearest the crossing). A tracker
 * rarely reports such people, so these crossings bound what any tracker output can reach.
 */
export function occludedTruth(sequences: readonly RealSequence[]): string | null {
  const parts: string[] = [];
  for (const s of sequences) {
    if (s.visibility === undefined) continue;
    const { width, height, fps } = s.info;
    const truth = truthCrossings(s.lines, s.gt, TRUTH_MARGIN_FRACTION * diagonal(width, height));
    const occluded = truth.filter((t) => {
      const frame = Math.round((t.ts * fps) / 1000) + 1;
      const v = s.visibility?.get(`${frame}:${t.trackId}`) ?? 1;
      return v < OCCLUDED_BELOW;
    }).length;
    parts.push(`${s.info.name} ${occluded}/${truth.length}`);
  }
  if (parts.length === 0) return null;
  return (
    `Truth crossings made while the person is <${OCCLUDED_BELOW * 100}% visible (MOT17 GT ` +
    `visibility; trackers rarely report them): ${parts.join(", ")}.`
  );
}

export const SEEN_RULE =
  `seen = the tracker has a box matched to the GT person (one-to-one per frame, greedy, IoU ≥ ${SEEN_IOU}) ` +
  `within ${SEEN_WINDOW_MS / 1000} s before the crossing with its anchor ≥ the truth margin on the origin side, and one within ` +
  `${SEEN_WINDOW_MS / 1000} s after, ≥ the margin on the destination side (any tracker ids; rule in bench/accuracy/seen.ts).\n` +
  "Engine crossings are matched (same line and direction, ±1 s) to seen truth first, then to unseen truth; " +
  "matched = seen truth matched; miss = seen truth unmatched;\nextra = engine crossings matching no truth " +
  "crossing at all (they always count against the engine); engine crossings that match an unseen truth " +
  "crossing are not scored (unseen_hit).\nerr all = Σ|engine − truth| per direction ÷ all truth (as above); " +
  "err seen = (miss + extra) ÷ seen truth.";

/** All-crossings and seen-crossings error per group (rule: SEEN_RULE). */
export function seenTable(
  rows: readonly LineRow[],
  key: (r: LineRow) => string,
  label: string,
  totalLabel?: string,
  inTotal: (r: LineRow) => boolean = () => true,
): string {
  const groups = new Map<string, { all: Tally; seen: SeenScore; lines: number }>();
  const add = (k: string, r: LineRow): void => {
    let g = groups.get(k);
    if (g === undefined) {
      g = { all: emptyTally(), seen: emptySeenScore(), lines: 0 };
      groups.set(k, g);
    }
    addScore(g.all, r.engine);
    addSeen(g.seen, r.seen);
    g.lines++;
  };
  for (const r of rows) add(key(r), r);
  if (totalLabel !== undefined) for (const r of rows) if (inTotal(r)) add(totalLabel, r);
  return formatTable(
    cols(
      `${label}:l lines:r truth_all:r truth_seen:r unseen:r engine:r matched:r miss:r extra:r unseen_hit:r err_all:r err_seen:r`,
    ),
    [...groups].map(([k, g]) => [
      k,
      String(g.lines),
      String(g.all.truth),
      String(g.seen.seen),
      String(g.seen.unseen),
      String(g.all.got),
      String(g.seen.matched),
      String(g.seen.miss),
      String(g.seen.extra),
      String(g.seen.unseenMatched),
      pct(errorPct(g.all.absErr, g.all.truth)),
      pct(seenErrorPct(g.seen)),
    ]),
  );
}
