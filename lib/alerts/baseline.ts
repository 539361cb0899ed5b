/**
 * The usual occupancy for an hour of the week, by robust statistics: the median of that hour's
 * time-weighted averages over past weeks, and 1.4826 × their median absolute deviation as the
 * spread (the standard deviation, for normal data, that one wild week cannot drag). Pure.
 */
export interface Baseline {
  median: number;
  mad: number;
  spread: number;
  samples: number;
}

/** Fewer weeks with data than this: no baseline, no alert. */
export const MIN_SAMPLES = 4;

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function baselineOf(values: number[]): Baseline | null {
  if (values.length < MIN_SAMPLES) return null;
  const m = median(values);
  const mad = median(values.map((v) => Math.abs(v - m)));
  return { median: m, mad, spread: 1.4826 * mad, samples: values.length };
}

export interface UnusualRule {
  sensitivity: number;
  minDeviation: number;
}

/** How far from the usual level counts as unusual: `sensitivity` spreads, and at least `minDeviation` people. */
export function unusualThreshold(b: Baseline, rule: UnusualRule): number {
  return Math.max(rule.minDeviation, rule.sensitivity * b.spread);
}

export type UnusualVerdict = "unusual" | "usual" | "in_between";

/** Unusual at or beyond the threshold; usual again only within half of it (hysteresis). */
export function judgeOccupancy(occupancy: number, b: Baseline, rule: UnusualRule): UnusualVerdict {
  const t = unusualThreshold(b, rule);
  const d = Math.abs(occupancy - b.median);
  if (d >= t) return "unusual";
  if (d < t / 2) return "usual";
  return "in_between";
}
