import type { EngineState } from "./types";

/**
 * One track as seen by one line, as a fixed-length tuple of numbers (the state is parsed and
 * written back on every batch: a tuple serialises to about half the JSON of an object).
 * Coordinates are integer milli-pixels (1/1000 px), times epoch ms. Sides are -1, 0 (none yet)
 * or +1, the sign of the cross product (+1 = right-hand side of P1→P2).
 */
export type TrackState = [
  // Last seen (frame ts), and the anchor there (for id-switch inheritance).
  t: number,
  x: number,
  y: number,
  // Confirmed side, or 0 while the track has not confirmed one yet.
  s: number,
  // Last point (and its ts) observed beyond the band on the confirmed side.
  lx: number,
  ly: number,
  lt: number,
  // Side being confirmed (0: none) and how many observations in a row beyond the band it has so
  // far (one back inside the band restarts it; frames without the track do not).
  p: number,
  n: number,
  // First point (and its ts) observed beyond the band on the pending side.
  fx: number,
  fy: number,
  ft: number,
];

/** The tuple's length. engine.ts indexes it with module-local constants named as the labels. */
export const TRACK_FIELDS = 12;

export type LineState = {
  /** The line revision this state belongs to; a different revision starts afresh. */
  rev: string;
  /** Frame ts at or after which the next eviction sweep runs (a function of frame ts only). */
  sw: number;
  /** By track id. Null-prototype while in use, so any id string (even "__proto__") is safe. */
  tracks: Record<string, TrackState>;
};

export type CountingState = {
  v: 1;
  lines: Record<string, LineState>;
};

export function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

function freshState(): CountingState {
  return { v: 1, lines: dict<LineState>() };
}

export function emptyState(): EngineState {
  return freshState();
}

export function newLineState(rev: string): LineState {
  return { rev, sw: 0, tracks: dict<TrackState>() };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isLineState(v: unknown): v is LineState {
  return isRecord(v) && typeof v.rev === "string" && typeof v.sw === "number" && isRecord(v.tracks);
}

/** Cheap shape check of a stored track (the engine wrote it; this only guards against damage). */
function isTrackState(v: unknown): v is TrackState {
  return Array.isArray(v) && v.length === TRACK_FIELDS && typeof v[0] === "number";
}

/**
 * Takes over a caller's state (mutating it in place) or starts a fresh one when it is missing or
 * of an unknown shape; a malformed line or track entry is dropped (that line or track starts over).
 */
export function adoptState(state: EngineState | null): CountingState {
  if (state === null || state.v !== 1 || !isRecord(state.lines)) {
    return freshState();
  }
  const lines = dict<LineState>();
  for (const id of Object.keys(state.lines)) {
    const ls = state.lines[id];
    if (!isLineState(ls)) continue;
    // Parsed JSON has Object.prototype: drop it so that any track id (even "__proto__") is a plain
    // key. Far cheaper than copying into a new object; the check runs once per parsed state.
    if (Object.getPrototypeOf(ls.tracks) !== null) {
      Object.setPrototypeOf(ls.tracks, null);
      const tracks: Record<string, unknown> = ls.tracks;
      for (const trackId in tracks) {
        if (!isTrackState(tracks[trackId])) delete tracks[trackId];
      }
    }
    lines[id] = ls;
  }
  const adopted = state as CountingState;
  adopted.lines = lines;
  return adopted;
}
