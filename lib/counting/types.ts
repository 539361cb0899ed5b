// The counting engine's contract. Pure data: no Next, React, db or env anywhere in lib/counting.
//
// Coordinates are the camera's pixels: origin top-left, y grows downwards.
// For a line P1→P2, side(p) = sign((x2−x1)(py−y1) − (y2−y1)(px−x1)). Positive is the right-hand
// side when walking from P1 to P2 as seen on the image (y down). `inSide` names the side a person
// enters when counted IN: crossing from the other side into `inSide` is 'in', the reverse is 'out'.

export type InSide = "left" | "right";

/** Which point of a box stands for the person: the feet (default) or the centre (overhead cameras). */
export type Anchor = "bottom_center" | "center";

export type Direction = "in" | "out";

/** Tunables of the crossing state machine. Lengths are in the camera's pixels, times in ms. */
export interface CountingParams {
  /** Half-width of the dead band around the line: points closer than this confirm no side. */
  deadBandPx: number;
  /**
   * The dead band also scales with the person: its half-width is max(deadBandPx, this × the
   * height of the detection's box), so big, close-up people (whose box edges jitter by more pixels)
   * need a proportionally clearer step across. 0 turns it off (deadBandPx alone).
   */
  boxBandFraction: number;
  /**
   * Observations in a row beyond the band needed to confirm a side (observations, not frames: a
   * frame without the track changes nothing, an observation back inside the band restarts it).
   */
  minObservations: number;
  /** A track unseen for longer than this is forgotten. */
  trackTtlMs: number;
  /** Id-switch repair: a new track starting within this radius of where another vanished ... */
  inheritRadiusPx: number;
  /**
   * ... or within this × the new box's height, if larger (a person covers more pixels per second
   * the closer they are to the camera). 0: inheritRadiusPx alone.
   */
  inheritRadiusBoxFraction: number;
  /** ... no longer than this ago inherits its confirmed side. 0 disables inheritance. */
  inheritWindowMs: number;
}

export interface CountingLine {
  id: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  inSide: InSide;
  anchor: Anchor;
  /**
   * Changes whenever geometry, direction, anchor or params change. The engine drops the line's
   * per-track state when the revision it stored differs, so an edit never yields a phantom crossing.
   */
  revision: string;
  params: CountingParams;
}

export interface Detection {
  trackId: string;
  /** [x1, y1, x2, y2], x1 <= x2, y1 <= y2, finite. */
  bbox: readonly [number, number, number, number];
  confidence?: number;
}

export interface Frame {
  /** Epoch milliseconds (frame time, not arrival time). Frames are processed in ts order. */
  ts: number;
  detections: readonly Detection[];
}

export interface Crossing {
  lineId: string;
  trackId: string;
  direction: Direction;
  /**
   * Interpolated epoch ms at which the anchor met the line (rounded to the nearest ms), not the
   * time the side was confirmed.
   */
  ts: number;
}

/**
 * Per-camera engine state: plain JSON-serialisable data (JSON.stringify/parse round-trips it
 * exactly), so it can be stored per camera and resumed on any app instance.
 */
export type EngineState = {
  v: 1;
  // The engine owns the rest of the shape; callers treat it as opaque.
  [key: string]: unknown;
};

export interface ProcessResult {
  state: EngineState;
  crossings: Crossing[];
}
