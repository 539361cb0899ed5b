import type { CountingParams } from "./types";

/**
 * The defaults, in one place so that the accuracy benchmark can tune them. Lengths scale with the
 * frame diagonal so the same line behaves alike on a 1080p and a 480p camera.
 */
export const COUNTING_DEFAULTS = {
  /**
   * 1% of the diagonal: 22 px at 1920×1080, 8 px at 640×480. Wider than typical box jitter of a
   * standing person's feet (a few px), narrower than one step at 3 fps, and a fast walker who
   * jumps it in one frame still counts (the movement is tested against the segment).
   */
  deadBandFraction: 0.01,
  deadBandMinPx: 3,
  /**
   * 2 observations: one outlier box (an occlusion, a swapped detection) never confirms a side,
   * while a walker at 3 fps needs only ~0.7 s beyond the band to be counted. 3 would delay or
   * lose people who leave the view soon after crossing at low frame rates.
   */
  minObservations: 2,
  /** 5 s: outlasts a typical occlusion and a tracker's own lost-track buffer (~1 s). */
  trackTtlMs: 5000,
  /**
   * Id-switch repair, on by default. Switches happen where people bunch up, which is at doors, on
   * the line itself: the fragment that finishes a crossing starts on the far side and would be
   * read as a new person standing there. A new id appearing within 3% of the diagonal (66 px at
   * 1080p, about half a second's walk) of where another id vanished less than 1 s ago carries
   * that id's side. In the synthetic id-switch run of `bench/engine.ts` (a switch per person every
   * ~10 s) it cuts crossings missed from ~10% to ~2% and adds ~0.3% false ones, at 20 and at 60
   * people. Real tracks may differ: tune (or set inheritWindowMs to 0) on MOT17.
   */
  inheritRadiusFraction: 0.03,
  inheritRadiusMinPx: 10,
  inheritWindowMs: 1000,
} as const;

function diagonal(frameWidth: number, frameHeight: number): number {
  const w = Number.isFinite(frameWidth) && frameWidth > 0 ? frameWidth : 0;
  const h = Number.isFinite(frameHeight) && frameHeight > 0 ? frameHeight : 0;
  return Math.hypot(w, h);
}

function roundTenth(v: number): number {
  return Math.round(v * 10) / 10;
}

export function defaultCountingParams(frameWidth: number, frameHeight: number): CountingParams {
  const diag = diagonal(frameWidth, frameHeight);
  const d = COUNTING_DEFAULTS;
  return {
    deadBandPx: roundTenth(Math.max(d.deadBandMinPx, d.deadBandFraction * diag)),
    minObservations: d.minObservations,
    trackTtlMs: d.trackTtlMs,
    inheritRadiusPx: roundTenth(Math.max(d.inheritRadiusMinPx, d.inheritRadiusFraction * diag)),
    inheritWindowMs: d.inheritWindowMs,
  };
}

function nonNegative(v: number | undefined): v is number {
  return typeof v === "number" && Number.isFinite(v) && v >= 0;
}

/**
 * Defaults for the frame size with the valid overrides applied. An override that is missing,
 * undefined, negative or not finite keeps the default; minObservations is rounded to an
 * integer ≥ 1.
 */
export function resolveCountingParams(
  frameWidth: number,
  frameHeight: number,
  overrides?: Partial<CountingParams> | null,
): CountingParams {
  const p = defaultCountingParams(frameWidth, frameHeight);
  if (!overrides) return p;
  if (nonNegative(overrides.deadBandPx)) p.deadBandPx = overrides.deadBandPx;
  if (nonNegative(overrides.minObservations)) {
    p.minObservations = Math.max(1, Math.round(overrides.minObservations));
  }
  if (nonNegative(overrides.trackTtlMs)) p.trackTtlMs = overrides.trackTtlMs;
  if (nonNegative(overrides.inheritRadiusPx)) p.inheritRadiusPx = overrides.inheritRadiusPx;
  if (nonNegative(overrides.inheritWindowMs)) p.inheritWindowMs = overrides.inheritWindowMs;
  return p;
}
