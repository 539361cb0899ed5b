import { describe, expect, it } from "vitest";
import { anchorPoint, moveMeetsSegment, sideOf } from "./geometry";

describe("sideOf", () => {
  it("is positive on the right-hand side of P1→P2 as seen on the image (y down)", () => {
    // Drawn left to right: the right-hand side is below on screen.
    const horizontal = { x1: 0, y1: 100, x2: 200, y2: 100 };
    expect(sideOf(horizontal, 50, 130)).toBe(30);
    expect(sideOf(horizontal, 50, 60)).toBe(-40);
    // Drawn top to bottom: the right-hand side is the screen's left.
    const vertical = { x1: 100, y1: 0, x2: 100, y2: 200 };
    expect(sideOf(vertical, 70, 50)).toBe(30);
    expect(sideOf(vertical, 125, 50)).toBe(-25);
    // Drawn bottom to top (the seed's "left → right = entry"): the right-hand side is the
    // screen's right.
    expect(sideOf({ x1: 100, y1: 200, x2: 100, y2: 0 }, 125, 50)).toBe(25);
  });

  it("measures distance to the infinite line, beyond the segment's ends too", () => {
    expect(sideOf({ x1: 0, y1: 0, x2: 3, y2: 4 }, 34, 37)).toBeCloseTo(-5, 12);
    expect(sideOf({ x1: 0, y1: 0, x2: 10, y2: 0 }, 1000, 7)).toBe(7);
  });

  it("is 0 everywhere for a zero-length line", () => {
    expect(sideOf({ x1: 5, y1: 5, x2: 5, y2: 5 }, 0, 0)).toBe(0);
  });
});

describe("anchorPoint", () => {
  it("takes the feet by default and the centre for overhead cameras", () => {
    expect(anchorPoint([10, 20, 30, 120], "bottom_center")).toEqual({ x: 20, y: 120 });
    expect(anchorPoint([10, 20, 30, 120], "center")).toEqual({ x: 20, y: 70 });
  });
});

describe("moveMeetsSegment", () => {
  // Segment (0,0)→(100,0); cross = dx·(py−y1) − dy·(px−x1) = 100·py.
  const hit = (ax: number, ay: number, bx: number, by: number) =>
    moveMeetsSegment(0, 0, 100, 0, 10000, ax, ay, 100 * ay, bx, by, 100 * by);

  it.each([
    { name: "through the middle", a: [50, -10], b: [50, 30], u: 0.25 },
    { name: "diagonally", a: [0, -10], b: [40, 10], u: 0.5 },
    { name: "exactly through P1 (inclusive)", a: [-10, -10], b: [10, 10], u: 0.5 },
    { name: "exactly through P2 (inclusive)", a: [90, -10], b: [110, 10], u: 0.5 },
    { name: "just past P2", a: [90.5, -10], b: [110.5, 10], u: -1 },
    { name: "just before P1", a: [-10.5, -10], b: [9.5, 10], u: -1 },
    { name: "far along the extension", a: [500, -10], b: [500, 10], u: -1 },
  ])("$name", ({ a, b, u }) => {
    expect(hit(a[0]!, a[1]!, b[0]!, b[1]!)).toBe(u);
  });
});
