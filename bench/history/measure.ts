/** Timing helpers for bench:history: runs, medians, p95 and the ratio to a target. */

export interface Timing {
  label: string;
  samples: number[];
  target?: number;
}

export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const began = performance.now();
  const value = await work();
  return { ms: performance.now() - began, value };
}

/** Runs `work(i)` for i in [0, n) with at most `width` at a time. */
export async function pool(n: number, width: number, work: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, n) }, async () => {
      while (next < n) await work(next++);
    }),
  );
}

const ms = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(1)} ms`);

export function line(t: Timing): string {
  const p50 = percentile(t.samples, 50);
  const p95 = percentile(t.samples, 95);
  const goal =
    t.target === undefined
      ? ""
      : `  target ${ms(t.target)}: ${(p50 / t.target).toFixed(2)}× — ${p50 <= t.target ? "met" : "MISSED"}`;
  return `  ${t.label.padEnd(52)} p50 ${ms(p50).padStart(9)}  p95 ${ms(p95).padStart(9)}  (n=${t.samples.length})${goal}`;
}
