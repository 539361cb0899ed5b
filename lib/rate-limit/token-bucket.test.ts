import { describe, expect, it } from "vitest";
import { RateLimiter } from "./token-bucket";

describe("RateLimiter", () => {
  it("allows a burst, then refuses with the wait, then refills over time", () => {
    const limiter = new RateLimiter(2, 3);
    const t = 1_000_000;
    expect([1, 2, 3].map(() => limiter.take("k", t).ok)).toEqual([true, true, true]);
    expect(limiter.take("k", t)).toEqual({ ok: false, retryAfterS: 1 });
    expect(limiter.take("other", t).ok).toBe(true);
    expect(limiter.take("k", t + 500).ok).toBe(true);
    expect(limiter.take("k", t + 500).ok).toBe(false);
  });
});
