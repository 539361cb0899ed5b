import { describe, expect, it } from "vitest";
import { defaultCountingParams, resolveCountingParams } from "./params";

describe("defaultCountingParams", () => {
  it("scales lengths with the frame diagonal", () => {
    expect(defaultCountingParams(1920, 1080)).toEqual({
      deadBandPx: 22,
      boxBandFraction: 0.1,
      minObservations: 2,
      trackTtlMs: 5000,
      inheritRadiusPx: 66.1,
      inheritRadiusBoxFraction: 0.5,
      inheritWindowMs: 1000,
    });
    expect(defaultCountingParams(640, 480)).toMatchObject({ deadBandPx: 8, inheritRadiusPx: 24 });
  });

  it("keeps a usable minimum on tiny or nonsensical frame sizes", () => {
    expect(defaultCountingParams(160, 120)).toMatchObject({ deadBandPx: 3, inheritRadiusPx: 10 });
    expect(defaultCountingParams(Number.NaN, -5)).toMatchObject({
      deadBandPx: 3,
      inheritRadiusPx: 10,
    });
  });
});

describe("resolveCountingParams", () => {
  it("applies overrides over the defaults for the frame size", () => {
    expect(resolveCountingParams(1920, 1080, { deadBandPx: 15, inheritWindowMs: 0 })).toEqual({
      deadBandPx: 15,
      boxBandFraction: 0.1,
      minObservations: 2,
      trackTtlMs: 5000,
      inheritRadiusPx: 66.1,
      inheritRadiusBoxFraction: 0.5,
      inheritWindowMs: 0,
    });
  });

  it("lets a line turn the box-scaled band and inheritance radius off with 0", () => {
    expect(
      resolveCountingParams(1920, 1080, { boxBandFraction: 0, inheritRadiusBoxFraction: 0 }),
    ).toMatchObject({ boxBandFraction: 0, inheritRadiusBoxFraction: 0, deadBandPx: 22 });
    expect(
      resolveCountingParams(1920, 1080, { boxBandFraction: 0.2, inheritRadiusBoxFraction: 1 }),
    ).toMatchObject({ boxBandFraction: 0.2, inheritRadiusBoxFraction: 1 });
  });

  it("ignores missing, undefined, negative and non-finite overrides", () => {
    const d = defaultCountingParams(1920, 1080);
    expect(resolveCountingParams(1920, 1080, null)).toEqual(d);
    expect(resolveCountingParams(1920, 1080)).toEqual(d);
    expect(
      resolveCountingParams(1920, 1080, {
        deadBandPx: -1,
        trackTtlMs: Number.POSITIVE_INFINITY,
        inheritRadiusPx: Number.NaN,
        inheritWindowMs: undefined,
        boxBandFraction: -0.1,
        inheritRadiusBoxFraction: Number.NaN,
      }),
    ).toEqual(d);
  });

  it("rounds minObservations to a whole number of at least 1", () => {
    expect(resolveCountingParams(640, 480, { minObservations: 0 }).minObservations).toBe(1);
    expect(resolveCountingParams(640, 480, { minObservations: 2.6 }).minObservations).toBe(3);
  });
});
