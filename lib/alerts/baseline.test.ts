import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { baselineOf, judgeOccupancy, median } from "./baseline";

const rule = { sensitivity: 4, minDeviation: 5 };

describe("occupancy baseline", () => {
  it("needs four weeks with data", () => {
    expect(baselineOf([10, 12, 11])).toBeNull();
    expect(baselineOf([10, 12, 11, 13])).toMatchObject({ median: 11.5, samples: 4 });
  });

  it("is not dragged by one wild week", () => {
    const b = baselineOf([40, 42, 38, 41, 400, 39])!;
    expect(b.median).toBeCloseTo(40.5);
    expect(b.spread).toBeLessThan(5);
    expect(judgeOccupancy(41, b, rule)).toBe("usual");
    expect(judgeOccupancy(90, b, rule)).toBe("unusual");
    expect(judgeOccupancy(0, b, rule)).toBe("unusual");
  });

  it("never calls a small difference unusual, even when every week was the same", () => {
    const b = baselineOf([20, 20, 20, 20])!;
    expect(b.spread).toBe(0);
    expect(judgeOccupancy(24, b, rule)).toBe("in_between");
    expect(judgeOccupancy(25, b, rule)).toBe("unusual");
    expect(judgeOccupancy(22, b, rule)).toBe("usual");
  });

  it("the median lies between the smallest and largest value (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1 }), (v) => {
        const m = median(v);
        expect(m).toBeGreaterThanOrEqual(Math.min(...v));
        expect(m).toBeLessThanOrEqual(Math.max(...v));
      }),
    );
  });
});
