export interface Backoff {
  baseMs: number;
  capMs: number;
}

/**
 * Delay before the next attempt after `attempts` failed ones: "full jitter", a uniform pick in
 * [0, min(cap, base · 2^(attempts−1))], so receivers recovering from an outage are not hit by
 * every sender in lockstep.
 */
export function backoffDelay(attempts: number, b: Backoff, random: () => number = Math.random) {
  const exponent = Math.min(Math.max(attempts - 1, 0), 30);
  const ceiling = Math.min(b.capMs, b.baseMs * 2 ** exponent);
  return Math.floor(random() * ceiling);
}
