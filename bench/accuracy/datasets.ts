// The real sequences: where their files are, their frame size and rate, their tracker outputs.

import path from "node:path";
import type { Frame } from "@/lib/counting/types";
import { type BenchLine, SEQUENCE_LINES } from "./lines";
import { readMotFrames, readMotRows, readSeqInfo, rowsToFrames, type SequenceInfo } from "./mot";

export interface Source {
  name: string;
  frames: Frame[];
}

export interface RealSequence {
  info: SequenceInfo;
  gt: Frame[];
  /** Tracker outputs on the same video. */
  trackers: Source[];
  lines: readonly BenchLine[];
  /** MOT17 GT visibility by `${frame}:${trackId}` (absent for TUD). */
  visibility?: Map<string, number>;
}

export interface LoadResult {
  sequences: RealSequence[];
  skipped: string[];
}

// MOT15 seqinfo for TUD: 640×480 at 25 fps, 71 (Campus) and 179 (Stadtmitte) frames.
const TUD: readonly SequenceInfo[] = [
  { name: "TUD-Stadtmitte", width: 640, height: 480, fps: 25, length: 179 },
  { name: "TUD-Campus", width: 640, height: 480, fps: 25, length: 71 },
];

function linesOf(name: string): readonly BenchLine[] {
  const lines = SEQUENCE_LINES[name];
  if (lines === undefined) throw new Error(`no lines defined for ${name}`);
  return lines;
}

export function loadRealSequences(root: string): LoadResult {
  const sequences: RealSequence[] = [];
  const skipped: string[] = [];
  for (const n of ["02", "04", "09"]) {
    const name = `MOT17-${n}`;
    const base = path.join(root, "trackeval-mot17", "gt", `${name}-FRCNN`);
    const info = readSeqInfo(path.join(base, "seqinfo.ini"));
    const rows = readMotRows(path.join(base, "gt", "gt.txt"), { mot17Gt: true });
    if (!info || !rows) {
      skipped.push(`${name}: ground truth not found under ${base}`);
      continue;
    }
    const trackers: Source[] = [];
    const candidates: [string, string][] = [
      ["MPNTrack", path.join(root, "trackeval-mot17", "trackers", "MPNTrack", `${name}-FRCNN.txt`)],
      ["DeepSORT", path.join(root, "axelbogos-deepsort", "results", `${name}-FRCNN.txt`)],
    ];
    for (const [tracker, file] of candidates) {
      const frames = readMotFrames(file, info);
      if (frames) trackers.push({ name: tracker, frames });
      else skipped.push(`${name}/${tracker}: ${file} not found`);
    }
    const gt = rowsToFrames(rows, info);
    const visibility = new Map(rows.map((r) => [`${r.frame}:${r.id}`, r.visibility ?? 1]));
    sequences.push({ info: { ...info, name }, gt, trackers, lines: linesOf(name), visibility });
  }
  for (const info of TUD) {
    const dir = path.join(root, "pymotmetrics-tud", info.name);
    const gt = readMotFrames(path.join(dir, "gt.txt"), info);
    if (!gt) {
      skipped.push(`${info.name}: ${dir}/gt.txt not found`);
      continue;
    }
    const test = readMotFrames(path.join(dir, "test.txt"), info);
    const trackers = test ? [{ name: "TUD-tracker", frames: test }] : [];
    if (!test) skipped.push(`${info.name}/TUD-tracker: ${dir}/test.txt not found`);
    sequences.push({ info, gt, trackers, lines: linesOf(info.name) });
  }
  return { sequences, skipped };
}
