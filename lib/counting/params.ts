import type { CountingParams } from "./types";

/**
 * The defaults, in one place so that the accuracy benchmark can tune them. Lengths scale with the
 * frame diagonal so the same line behaves alike on a 1080p and a 480p camera, and, where it helps,
 * with the person's box.
 *
 * Tuned with `npx tsx bench/accuracy.ts --sweep` (1350 settings). The target is the real trackers'
 * error on the crossings they actually saw (bench/accuracy/seen.ts: MOT17 MPNTrack and DeepSORT,
 * TUD; 266 crossings; (misses + extras) ÷ seen), with the synthetic cases (700 crossings, people
 * standing on the line, door close-ups) as the guard against false counts, and the 3 fps and
 * occlusion cases required exact. These defaults: real seen 7.9% (19 misses + 2 extras; MPNTrack
 * 2.5%, DeepSORT 7.7%, TUD 33%), real all-crossings 27.6%, synthetic 2.0% (14 false counts, all
 * from people standing on the line with raw-detector noise). The previous ones (band 1%, no box
 * band, K not in a row, inheritance 3%/1 s, no starting side): 11.7%, 29.4%, 19.4% (136).
 * Best real seen error of the exact settings; the same score as band 1.5% (9.0% real seen, 0.9%
 * synthetic), which we did not pick because it misses 4 more real crossings to save 8 false
 * counts of an extreme synthetic case. Most of what is left on the real trackers are tracks that
 * end right after the line (before any band can confirm) and TUD's tracker swapping ids between
 * people.
 */
export const COUNTING_DEFAULTS = {
  /**
   * 1% of the diagonal: 22 px at 1920×1080, 8 px at 640×480. Wider than typical box jitter of a
   * standing person's feet (a few px), narrower than one step at 3 fps, and a fast walker who
   * jumps it in one frame still counts (the movement is tested against the segment).
   * Sweep (others at their defaults), real seen / synthetic false: 0.5% 8.3% / 14, 0.75% 8.3% / 14,
   * 1% 7.9% / 14, 1.5% 9.0% / 6, 2% 15.8% / 0.
   */
  deadBandFraction: 0.01,
  deadBandMinPx: 3,
  /**
   * The band also scales with the person: half-width max(1% of the diagonal, 10% of the box
   * height). Close to the camera a box's bottom edge jitters by more pixels, and a standing
   * person's wander scales with their size; far away the diagonal floor dominates. Measured with
   * bench:accuracy, everything else at these defaults (real = MOT17 MPNTrack + DeepSORT and TUD,
   * error on the 266 truth crossings the trackers saw; synthetic = 700 crossings, 24 people
   * standing on the line with raw-detector noise, a door camera with boxes 45–60% of the frame):
   *   box band  real seen: miss+extra  err    synthetic |Δ|  of which standing / door close-up
   *   0         18 + 4                 8.3%   44             40 / 4
   *   8% h      20 + 2                 8.3%   31             31 / 0
   *   10% h     19 + 2                 7.9%   14             14 / 0
   *   11% h     22 + 2                 9.0%   5              5 / 0
   *   13% h     25 + 2                 10.2%  1              1 / 0
   * Beyond ~10% real tracks that end soon after the line no longer get clear of the band. 3 fps,
   * occlusion, id-switch, U-turn, beyond-the-ends and crowd cases stay exact at every value.
   * A per-line 0 turns it off.
   */
  boxBandFraction: 0.1,
  /**
   * 2 observations in a row beyond the band (one back inside the band restarts the count; frames
   * with no detection do not): one outlier box (an occlusion, a swapped detection) never confirms
   * a side, while a walker at 3 fps needs only ~0.7 s beyond the band to be counted. "In a row"
   * took the synthetic false counts from 136 to 43 under the previous defaults (people standing
   * on the line with raw-detector noise, whose stray boxes beyond the band used to add up) and
   * changed nothing on the real trackers. K = 3 (with the 10% box band): synthetic 2 off, but the
   * 3 fps case loses 2 of 80 and real seen error rises to 9.4%; K = 1: 244 false counts.
   */
  minObservations: 2,
  /**
   * 5 s: outlasts a typical occlusion and a tracker's own lost-track buffer (~1 s). 2 s loses 14 of
   * the 80 synthetic occlusion crossings; on the real trackers it makes no difference.
   */
  trackTtlMs: 5000,
  /**
   * Id-switch repair, on by default. Switches happen where people bunch up, which is at doors, on
   * the line itself: the fragment that finishes a crossing starts on the far side and would be
   * read as a new person standing there. A new id appearing within 3% of the diagonal (66 px at
   * 1080p, about half a second's walk) of where another id vanished less than 1 s ago carries
   * that id's side. In the synthetic id-switch run of `bench/engine.ts` (a switch per person every
   * ~10 s, 20 people) it cuts crossings missed from 125 to 10 of 1385 and adds 2 false ones
   * (with the box-scaled radius below; 3%/1 s alone missed 32). On the real trackers
   * (bench:accuracy, seen crossings): off 9.4%, on 7.9%; the synthetic "switch at the line" case
   * is off by 71 of its 80 crossings without it.
   */
  inheritRadiusFraction: 0.03,
  inheritRadiusMinPx: 10,
  /**
   * ... or within half the new box's height, if larger: a close person covers more pixels in the
   * gap (MOT17-09 and TUD switches jump 0.3–1 box heights). Real seen error by fraction: 0 9.4%,
   * 0.3 8.6%, 0.5 7.9% (19 + 2), 0.75 8.6% (18 + 5: wrong handovers start), 1 9.0% (17 + 7, and
   * a false count in the synthetic door case). The window stays 1 s: 1.5–2 s gained nothing.
   */
  inheritRadiusBoxFraction: 0.5,
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
    boxBandFraction: d.boxBandFraction,
    minObservations: d.minObservations,
    trackTtlMs: d.trackTtlMs,
    inheritRadiusPx: roundTenth(Math.max(d.inheritRadiusMinPx, d.inheritRadiusFraction * diag)),
    inheritRadiusBoxFraction: d.inheritRadiusBoxFraction,
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
  if (nonNegative(overrides.boxBandFraction)) p.boxBandFraction = overrides.boxBandFraction;
  if (nonNegative(overrides.minObservations)) {
    p.minObservations = Math.max(1, Math.round(overrides.minObservations));
  }
  if (nonNegative(overrides.trackTtlMs)) p.trackTtlMs = overrides.trackTtlMs;
  if (nonNegative(overrides.inheritRadiusPx)) p.inheritRadiusPx = overrides.inheritRadiusPx;
  if (nonNegative(overrides.inheritRadiusBoxFraction)) {
    p.inheritRadiusBoxFraction = overrides.inheritRadiusBoxFraction;
  }
  if (nonNegative(overrides.inheritWindowMs)) p.inheritWindowMs = overrides.inheritWindowMs;
  return p;
}
