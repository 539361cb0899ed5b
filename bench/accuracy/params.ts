// Engine parameters as frame-size-independent fractions, for the sweep.

import { COUNTING_DEFAULTS, defaultCountingParams } from "@/lib/counting";
import type { CountingParams } from "@/lib/counting/types";

export interface ParamSpec {
  deadBandFraction: number;
  /** Dead band ≥ this × box height; 0: off. */
  boxBandFraction: number;
  minObservations: number;
  trackTtlMs: number;
  inheritRadiusFraction: number;
  /** Inheritance radius ≥ this × box height; 0: off. */
  inheritRadiusBoxFraction: number;
  /** 0: inheritance off. */
  inheritWindowMs: number;
}

export const DEFAULT_SPEC: ParamSpec = {
  deadBandFraction: COUNTING_DEFAULTS.deadBandFraction,
  boxBandFraction: COUNTING_DEFAULTS.boxBandFraction,
  minObservations: COUNTING_DEFAULTS.minObservations,
  trackTtlMs: COUNTING_DEFAULTS.trackTtlMs,
  inheritRadiusFraction: COUNTING_DEFAULTS.inheritRadiusFraction,
  inheritRadiusBoxFraction: COUNTING_DEFAULTS.inheritRadiusBoxFraction,
  inheritWindowMs: COUNTING_DEFAULTS.inheritWindowMs,
};

const tenth = (v: number): number => Math.round(v * 10) / 10;

/** Same scaling (and floors) as lib/counting/params.ts. */
export function paramsFor(spec: ParamSpec, width: number, height: number): CountingParams {
  const diag = Math.hypot(width, height);
  return {
    deadBandPx: tenth(Math.max(COUNTING_DEFAULTS.deadBandMinPx, spec.deadBandFraction * diag)),
    boxBandFraction: spec.boxBandFraction,
    minObservations: spec.minObservations,
    trackTtlMs: spec.trackTtlMs,
    inheritRadiusPx: tenth(
      Math.max(COUNTING_DEFAULTS.inheritRadiusMinPx, spec.inheritRadiusFraction * diag),
    ),
    inheritRadiusBoxFraction: spec.inheritRadiusBoxFraction,
    inheritWindowMs: spec.inheritWindowMs,
  };
}

/** Whether paramsFor(DEFAULT_SPEC) reproduces defaultCountingParams at this size. */
export function specMatchesDefaults(width: number, height: number): boolean {
  const a = paramsFor(DEFAULT_SPEC, width, height);
  const b = defaultCountingParams(width, height);
  return JSON.stringify(a) === JSON.stringify(b);
}

export function describeSpec(s: ParamSpec): string {
  const boxBand = s.boxBandFraction > 0 ? `|${(s.boxBandFraction * 100).toFixed(0)}%h` : "";
  const band = `band ${(s.deadBandFraction * 100).toFixed(2)}%${boxBand}`;
  const boxR =
    s.inheritRadiusBoxFraction > 0 ? `|${(s.inheritRadiusBoxFraction * 100).toFixed(0)}%h` : "";
  const inherit =
    s.inheritWindowMs === 0
      ? "inherit off"
      : `inherit ${(s.inheritRadiusFraction * 100).toFixed(0)}%${boxR}/${s.inheritWindowMs}ms`;
  return `${band} K=${s.minObservations} ttl=${s.trackTtlMs}ms ${inherit}`;
}

export function describeParams(p: CountingParams): string {
  return (
    `deadBandPx=${p.deadBandPx} boxBandFraction=${p.boxBandFraction} ` +
    `minObservations=${p.minObservations} trackTtlMs=${p.trackTtlMs} ` +
    `inheritRadiusPx=${p.inheritRadiusPx} inheritRadiusBoxFraction=${p.inheritRadiusBoxFraction} ` +
    `inheritWindowMs=${p.inheritWindowMs}`
  );
}
