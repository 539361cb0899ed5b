// MOTChallenge text files → engine frames. Read by path at run time only: the MOT17 files are
// licensed non-commercially and must never be copied into the project.

import { existsSync, readFileSync } from "node:fs";
import type { Detection, Frame } from "@/lib/counting/types";

export interface SequenceInfo {
  name: string;
  width: number;
  height: number;
  fps: number;
  /** Number of frames; MOT frame numbers run 1..length. */
  length: number;
}

export interface MotRow {
  frame: number;
  id: string;
  left: number;
  top: number;
  width: number;
  height: number;
  /** MOT17 GT column 9: the visible fraction of the person (0–1); undefined elsewhere. */
  visibility?: number;
}

export interface MotParseOptions {
  /** MOT17 ground truth: keep only rows with consider (col 7) == 1 and class (col 8) == 1. */
  mot17Gt?: boolean;
}

export function parseMot(text: string, options: MotParseOptions = {}): MotRow[] {
  const rows: MotRow[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "") continue;
    const cols = line.split(",").map((c) => c.trim());
    if (cols.length < 6) throw new Error(`MOT row with fewer than 6 columns: "${line}"`);
    if (options.mot17Gt && (Number(cols[6]) !== 1 || Number(cols[7]) !== 1)) continue;
    const [frame, id, left, top, width, height] = cols.slice(0, 6).map(Number) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    if (![frame, id, left, top, width, height].every(Number.isFinite)) {
      throw new Error(`MOT row with a non-numeric field: "${line}"`);
    }
    // Tracker files write ids as floats ("3.0"): normalise so "3.0" and "3" are one track.
    const row: MotRow = { frame, id: String(id), left, top, width, height };
    if (options.mot17Gt && cols[8] !== undefined) row.visibility = Number(cols[8]);
    rows.push(row);
  }
  return rows;
}

/** Reads `seqinfo.ini` (MOT17): [Sequence] name, frameRate, seqLength, imWidth, imHeight. */
export function parseSeqInfo(text: string): SequenceInfo {
  const kv = new Map<string, string>();
  for (const raw of text.split("\n")) {
    const m = /^\s*([A-Za-z]+)\s*=\s*(.*?)\s*$/.exec(raw);
    if (m?.[1] !== undefined && m[2] !== undefined) kv.set(m[1], m[2]);
  }
  const num = (key: string): number => {
    const v = Number(kv.get(key));
    if (!Number.isFinite(v) || v <= 0) throw new Error(`seqinfo.ini: bad or missing ${key}`);
    return v;
  };
  return {
    name: kv.get("name") ?? "?",
    width: num("imWidth"),
    height: num("imHeight"),
    fps: num("frameRate"),
    length: num("seqLength"),
  };
}

/** Frame n (1-based) is stamped (n − 1) × 1000 / fps ms. */
export function frameTs(frame: number, fps: number): number {
  return ((frame - 1) * 1000) / fps;
}

/**
 * One Frame per frame number 1..max(length, last row), empty ones included, so the engine sees
 * time pass (TTL) even when nobody is detected. bbox = [left, top, left + w, top + h].
 */
export function rowsToFrames(rows: readonly MotRow[], info: SequenceInfo): Frame[] {
  let last = info.length;
  for (const r of rows) last = Math.max(last, r.frame);
  const byFrame: Detection[][] = Array.from({ length: last }, () => []);
  for (const r of rows) {
    if (r.frame < 1 || !Number.isInteger(r.frame)) throw new Error(`bad frame number ${r.frame}`);
    byFrame[r.frame - 1]!.push({
      trackId: r.id,
      bbox: [r.left, r.top, r.left + r.width, r.top + r.height],
    });
  }
  return byFrame.map((detections, i) => ({ ts: frameTs(i + 1, info.fps), detections }));
}

export function readMotRows(path: string, options: MotParseOptions = {}): MotRow[] | null {
  if (!existsSync(path)) return null;
  return parseMot(readFileSync(path, "utf8"), options);
}

export function readMotFrames(
  path: string,
  info: SequenceInfo,
  options: MotParseOptions = {},
): Frame[] | null {
  const rows = readMotRows(path, options);
  return rows && rowsToFrames(rows, info);
}

export function readSeqInfo(path: string): SequenceInfo | null {
  if (!existsSync(path)) return null;
  return parseSeqInfo(readFileSync(path, "utf8"));
}
