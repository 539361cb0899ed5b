import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type LedgerEvent, replayOccupancy } from "./occupancy-replay";

const t0 = Date.UTC(2026, 10, 24, 10, 0);
const s = (seconds: number) => t0 + seconds * 1000;
const cross = (seconds: number, delta: 1 | -1): LedgerEvent => ({
  ts: s(seconds),
  kind: "crossing",
  delta,
});

describe("replayOccupancy", () => {
  it("sums entries and exits per minute and integrates occupancy over time", () => {
    const { buckets, end } = replayOccupancy({
      start: 0,
      fromMinute: t0,
      events: [cross(15, 1), cross(30, 1), cross(45, -1), cross(70, -1)],
      existingMinutes: [],
      allowNegative: false,
    });
    expect(end).toBe(0);
    expect(buckets).toHaveLength(2);
    expect(buckets[0]).toMatchObject({ entries: 2, exits: 1, occStart: 0, occEnd: 1, occMax: 2 });
    expect(buckets[0]!.occMaxAtMs).toBe(30_000);
    // 0 for 15 s, 1 for 15 s, 2 for 15 s, 1 for 15 s
    expect(buckets[0]!.integral).toBeCloseTo(15 + 30 + 15);
    expect(buckets[1]).toMatchObject({ minute: t0 + 60_000, occStart: 1, occEnd: 0, exits: 1 });
    expect(buckets[1]!.integral).toBeCloseTo(10);
  });

  it("clamps at zero in event order, even when the late event arrived last", () => {
    // In arrival order the IN came first; in event time the OUT (a backlog) happened before it.
    const { buckets, end } = replayOccupancy({
      start: 0,
      fromMinute: t0,
      events: [cross(50, 1), cross(10, -1)],
      existingMinutes: [],
      allowNegative: false,
    });
    expect(end).toBe(1);
    expect(buckets[0]!.clamps).toBe(1);
  });

  it("lets occupancy go negative when the facility allows it", () => {
    const { end, buckets } = replayOccupancy({
      start: 0,
      fromMinute: t0,
      events: [cross(10, -1)],
      existingMinutes: [],
      allowNegative: true,
    });
    expect(end).toBe(-1);
    expect(buckets[0]).toMatchObject({ occMin: -1, clamps: 0 });
  });

  it("applies a calibration as a new balance and marks the minute adjusted", () => {
    const { end, buckets } = replayOccupancy({
      start: 4,
      fromMinute: t0,
      events: [{ ts: s(30), kind: "set", value: 10 }, cross(40, 1)],
      existingMinutes: [],
      allowNegative: false,
    });
    expect(end).toBe(11);
    expect(buckets[0]).toMatchObject({ adjusted: true, occStart: 4, occEnd: 11, occMax: 11 });
    expect(buckets[0]!.integral).toBeCloseTo(4 * 30 + 10 * 10 + 11 * 20);
  });

  it("rewrites existing later minutes with the carried balance", () => {
    const { buckets } = replayOccupancy({
      start: 0,
      fromMinute: t0,
      events: [cross(5, 1)],
      existingMinutes: [t0 + 5 * 60_000],
      allowNegative: false,
    });
    expect(buckets.map((b) => b.minute)).toEqual([t0, t0 + 5 * 60_000]);
    expect(buckets[1]).toMatchObject({ occStart: 1, occEnd: 1, entries: 0 });
    expect(buckets[1]!.integral).toBeCloseTo(60);
  });

  it("gives the same buckets whatever order the events arrive in", () => {
    const event = fc.record({
      ts: fc.integer({ min: 0, max: 600_000 }).map((ms) => t0 + ms),
      delta: fc.constantFrom<1 | -1>(1, -1),
    });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 60 }), fc.boolean(), (raw, allowNegative) => {
        // Distinct times: ties between an IN and an OUT are ordered by the ledger's ids.
        const unique = [...new Map(raw.map((e) => [e.ts, e])).values()];
        const events = unique.map((e) => ({ ts: e.ts, kind: "crossing" as const, delta: e.delta }));
        const a = replayOccupancy({
          start: 0,
          fromMinute: t0,
          events,
          existingMinutes: [],
          allowNegative,
        });
        const shuffled = [...events].reverse();
        const b = replayOccupancy({
          start: 0,
          fromMinute: t0,
          events: shuffled,
          existingMinutes: [],
          allowNegative,
        });
        expect(b).toEqual(a);
        const net = events.reduce((sum, e) => sum + e.delta, 0);
        if (allowNegative) expect(a.end).toBe(net);
        else expect(a.end).toBeGreaterThanOrEqual(Math.max(0, net));
      }),
    );
  });
});
