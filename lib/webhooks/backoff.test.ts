import { describe, expect, it } from "vitest";
import { backoffDelay } from "./backoff";
import { webhookConfig } from "./config";

const b = { baseMs: 1000, capMs: 60_000 };

describe("backoffDelay (full jitter)", () => {
  it("doubles its ceiling per failed attempt up to the cap", () => {
    const top = (n: number) => backoffDelay(n, b, () => 0.999999);
    expect([1, 2, 3, 4, 5, 6, 7, 8, 40].map(top)).toEqual([
      999, 1999, 3999, 7999, 15999, 31999, 59999, 59999, 59999,
    ]);
  });

  it("picks uniformly from zero to the ceiling", () => {
    expect(backoffDelay(3, b, () => 0)).toBe(0);
    expect(backoffDelay(3, b, () => 0.5)).toBe(2000);
    const samples = Array.from({ length: 2000 }, () => backoffDelay(4, b));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...samples)).toBeLessThan(8000);
    const mean = samples.reduce((s, x) => s + x, 0) / samples.length;
    expect(mean).toBeGreaterThan(3500);
    expect(mean).toBeLessThan(4500);
  });
});

describe("webhookConfig", () => {
  it("has production defaults and reads base,cap from the environment", () => {
    expect(webhookConfig({})).toMatchObject({
      backoff: { baseMs: 30_000, capMs: 3_600_000 },
      maxAttempts: 8,
      timeoutMs: 10_000,
      allowPrivate: false,
    });
    const t = webhookConfig({
      FOOTFALL_WEBHOOK_BACKOFF_MS: "200,1000",
      FOOTFALL_WEBHOOK_MAX_ATTEMPTS: "3",
      FOOTFALL_WEBHOOK_ALLOW_PRIVATE: "1",
    });
    expect(t).toMatchObject({ backoff: { baseMs: 200, capMs: 1000 }, maxAttempts: 3 });
    expect(t.allowPrivate).toBe(true);
    expect(webhookConfig({ FOOTFALL_WEBHOOK_BACKOFF_MS: "nonsense" }).backoff.baseMs).toBe(30_000);
  });
});
