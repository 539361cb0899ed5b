import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { type Bucket, bucketBoundaries } from "./local-buckets";
import { MINUTE_MS } from "./minute";
import { type LedgerEvent, type MinuteBucket, replayOccupancy } from "./occupancy-replay";
import { type RollupBucket, type RollupOptions, rollup, rollupParts } from "./rollup";

const at = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;

const minute = (iso: string, m: Partial<MinuteBucket>): MinuteBucket => ({
  minute: at(iso),
  entries: 0,
  exits: 0,
  occStart: 0,
  occEnd: 0,
  occMin: 0,
  occMax: 0,
  occMaxAtMs: 0,
  integral: 0,
  clamps: 0,
  adjusted: false,
  ...m,
});

/** Covered ms of [a, b) given sorted disjoint intervals. */
const coveredBy =
  (intervals: readonly (readonly [number, number])[]) =>
  (a: number, b: number): number =>
    intervals.reduce((sum, [s, e]) => sum + Math.max(0, Math.min(b, e) - Math.max(a, s)), 0);

// Start 2 at 10:00Z; three in at 10:05:30 (→ 5), four out at 10:40:15 (→ 1).
const HAND: MinuteBucket[] = [
  minute("2026-06-01T10:05:00Z", {
    entries: 3,
    occStart: 2,
    occEnd: 5,
    occMin: 2,
    occMax: 5,
    occMaxAtMs: 30_000,
    integral: 2 * 30 + 5 * 30,
  }),
  minute("2026-06-01T10:40:00Z", {
    exits: 4,
    occStart: 5,
    occEnd: 1,
    occMin: 1,
    occMax: 5,
    occMaxAtMs: 0,
    integral: 5 * 15 + 1 * 45,
  }),
];
const TEN = { start: at("2026-06-01T10:00:00Z"), end: at("2026-06-01T11:00:00Z") };
// 10:00–10:05 at 2, 10:05, 10:06–10:40 at 5, 10:40, 10:41–11:00 at 1.
const HAND_INTEGRAL = 5 * 60 * 2 + 210 + 34 * 60 * 5 + 120 + 19 * 60 * 1;

describe("rollup: hand-computed", () => {
  it("the hand minutes are what the replay produces", () => {
    const events: LedgerEvent[] = [
      ...[1, 2, 3].map(() => ({
        ts: at("2026-06-01T10:05:30Z"),
        kind: "crossing" as const,
        delta: 1 as const,
      })),
      ...[1, 2, 3, 4].map(() => ({
        ts: at("2026-06-01T10:40:15Z"),
        kind: "crossing" as const,
        delta: -1 as const,
      })),
    ];
    const replay = replayOccupancy({
      start: 2,
      fromMinute: TEN.start,
      events,
      existingMinutes: [],
      allowNegative: false,
    });
    expect(replay.buckets).toEqual(HAND);
  });

  it("sums, carries through empty minutes, min/max with when, average = integral ÷ duration", () => {
    const [b] = rollup(HAND, 2, [TEN], { capacity: 5 });
    expect(HAND_INTEGRAL).toBe(12_270);
    expect(b).toEqual({
      start: TEN.start,
      end: TEN.end,
      entries: 3,
      exits: 4,
      net: -1,
      occupancyStart: 2,
      occupancyEnd: 1,
      occupancyMin: 1,
      occupancyMinAt: at("2026-06-01T10:40:00Z"),
      occupancyMax: 5,
      occupancyMaxAt: at("2026-06-01T10:05:30Z"),
      occupancyAvg: 12_270 / 3600,
      integral: 12_270,
      coveredIntegral: 12_270,
      coveredSeconds: 3600,
      durationSeconds: 3600,
      // 10:05 and 10:40 (max 5) and the 34 carried minutes at 5 between them.
      minutesAtOrOverCapacity: 36,
      clamps: 0,
      adjusted: false,
      hasData: true,
    } satisfies RollupBucket);
  });

  it("counts minutes at or over capacity, null without one", () => {
    const over = (capacity: number | null) =>
      rollup(HAND, 2, [TEN], { capacity })[0]!.minutesAtOrOverCapacity;
    expect(over(null)).toBeNull();
    expect(over(6)).toBe(0);
    expect(over(2)).toBe(60 - 19);
    expect(over(0)).toBe(60);
  });

  it("averages over covered time only (partial coverage), null when nothing is covered", () => {
    const half = rollup(HAND, 2, [TEN], {
      capacity: null,
      covered: coveredBy([[TEN.start, at("2026-06-01T10:30:00Z")]]),
    })[0]!;
    expect(half.integral).toBe(12_270); // the whole hour, carried stretches included
    expect(half.coveredSeconds).toBe(1800);
    expect(half.coveredIntegral).toBe(600 + 210 + 24 * 60 * 5);
    expect(half.occupancyAvg).toBeCloseTo(8010 / 1800, 12);

    // Half of the 10:05 minute covered: its integral is taken pro rata.
    const partMinute = rollup(HAND, 2, [TEN], {
      capacity: null,
      covered: coveredBy([[TEN.start, at("2026-06-01T10:05:30Z")]]),
    })[0]!;
    expect(partMinute.coveredSeconds).toBe(330);
    expect(partMinute.occupancyAvg).toBeCloseTo((600 + 105) / 330, 12);

    const none = rollup(HAND, 2, [TEN], { capacity: null, covered: () => 0 })[0]!;
    expect(none.occupancyAvg).toBeNull();
    expect(none.coveredSeconds).toBe(0);
    expect(none.integral).toBe(12_270);
  });

  it("fills every bucket: gaps carry the occupancy with explicit zeros and hasData false", () => {
    const hours = [0, 1, 2].map((h) => ({
      start: TEN.start + h * HOUR,
      end: TEN.start + (h + 1) * HOUR,
    }));
    const set = minute("2026-06-01T11:10:00Z", {
      occStart: 1,
      occEnd: 7,
      occMin: 1,
      occMax: 7,
      occMaxAtMs: 20_000,
      integral: 1 * 20 + 7 * 40,
      adjusted: true,
    });
    const out = rollup([...HAND, set], 2, hours, { capacity: 7 });
    expect(out.map((b) => [b.adjusted, b.hasData])).toEqual([
      [false, true],
      [true, true],
      [false, false],
    ]);
    expect(out[1]).toMatchObject({
      occupancyStart: 1,
      occupancyEnd: 7,
      occupancyMin: 1,
      occupancyMinAt: at("2026-06-01T11:00:00Z"),
      occupancyMax: 7,
      occupancyMaxAt: at("2026-06-01T11:10:20Z"),
      integral: 10 * 60 * 1 + 300 + 49 * 60 * 7,
      minutesAtOrOverCapacity: 50,
    });
    expect(out[2]).toEqual({
      start: hours[2]!.start,
      end: hours[2]!.end,
      entries: 0,
      exits: 0,
      net: 0,
      occupancyStart: 7,
      occupancyEnd: 7,
      occupancyMin: 7,
      occupancyMinAt: hours[2]!.start,
      occupancyMax: 7,
      occupancyMaxAt: hours[2]!.start,
      occupancyAvg: 7,
      integral: 7 * 3600,
      coveredIntegral: 7 * 3600,
      coveredSeconds: 3600,
      durationSeconds: 3600,
      minutesAtOrOverCapacity: 60,
      clamps: 0,
      adjusted: false,
      hasData: false,
    } satisfies RollupBucket);
  });

  it("reports the first instant of a tied max or min", () => {
    // Occupancy 5 held from the bucket start: a later minute reaching 5 again is not the max's time.
    const again = minute("2026-06-01T10:20:00Z", {
      entries: 1,
      exits: 1,
      occStart: 5,
      occEnd: 5,
      occMin: 4,
      occMax: 5,
      occMaxAtMs: 0,
      integral: 295,
    });
    const later = minute("2026-06-01T10:30:00Z", {
      exits: 1,
      occStart: 5,
      occEnd: 4,
      occMin: 4,
      occMax: 5,
      integral: 270,
    });
    const [b] = rollup([again, later], 5, [TEN], { capacity: null });
    expect(b).toMatchObject({
      occupancyMax: 5,
      occupancyMaxAt: TEN.start,
      occupancyMin: 4,
      occupancyMinAt: at("2026-06-01T10:20:00Z"),
      clamps: 0,
    });
  });

  it("a 25-hour Berlin day lasts 90,000 s", () => {
    const day = bucketBoundaries(
      at("2026-10-25T10:00:00Z"),
      at("2026-10-25T10:01:00Z"),
      "day",
      "Europe/Berlin",
    );
    const [b] = rollup([], 1, day, { capacity: null });
    expect(b).toMatchObject({
      durationSeconds: 90_000,
      integral: 90_000,
      occupancyAvg: 1,
      hasData: false,
    });
  });

  it("ignores minutes before the first bucket (startOccupancy accounts for them)", () => {
    const before = minute("2026-06-01T09:59:00Z", { occEnd: 100, occMax: 100, entries: 100 });
    expect(rollup([before, ...HAND], 2, [TEN], { capacity: null })).toEqual(
      rollup(HAND, 2, [TEN], { capacity: null }),
    );
  });

  it("rolls sparse parts up like sparse minutes (missing parts carried)", () => {
    const hours = bucketBoundaries(TEN.start - 5 * HOUR, TEN.end + 5 * HOUR, "hour", "UTC");
    const day = [{ start: hours[0]!.start, end: hours.at(-1)!.end }];
    const opts: RollupOptions = {
      capacity: 3,
      covered: coveredBy([[TEN.start - HOUR, TEN.end + 30 * MINUTE_MS]]),
    };
    const parts = rollup(HAND, 2, hours, opts).filter((p) => p.hasData);
    expect(parts).toHaveLength(1);
    expect(rollupParts(parts, 2, day, opts)).toEqual(rollup(HAND, 2, day, opts));
  });

  it("throws on misuse: unaligned buckets, unsorted minutes, straddling input", () => {
    const opts = { capacity: null };
    expect(() => rollup([], 0, [{ start: TEN.start + 1, end: TEN.end }], opts)).toThrow(
      /whole minutes/,
    );
    expect(() => rollup([...HAND].reverse(), 0, [TEN], opts)).toThrow(/sorted/);
    expect(() => rollup([], 0, [TEN, TEN], opts)).toThrow(/sorted/);
    const hour = rollup(HAND, 2, [TEN], opts);
    const halves = [
      { start: TEN.start, end: TEN.start + 30 * MINUTE_MS },
      { start: TEN.start + 30 * MINUTE_MS, end: TEN.end },
    ];
    expect(() => rollupParts(hour, 2, halves, opts)).toThrow(/straddles/);
    expect(() => rollupParts(hour, 2, [TEN], { capacity: 3 })).toThrow(/capacity/);
  });
});

/** Straight per-minute recomputation, sharing nothing with `rollup`. */
function bruteForce(
  minutes: readonly MinuteBucket[],
  start: number,
  buckets: readonly Bucket[],
  opts: RollupOptions,
): RollupBucket[] {
  const byMinute = new Map(minutes.map((m) => [m.minute, m]));
  const cov = opts.covered ?? ((a: number, b: number) => b - a);
  let occ = start;
  return buckets.map((b) => {
    const r: RollupBucket = {
      start: b.start,
      end: b.end,
      entries: 0,
      exits: 0,
      net: 0,
      occupancyStart: occ,
      occupancyEnd: occ,
      occupancyMin: Number.POSITIVE_INFINITY,
      occupancyMinAt: 0,
      occupancyMax: Number.NEGATIVE_INFINITY,
      occupancyMaxAt: 0,
      occupancyAvg: null,
      integral: 0,
      coveredIntegral: 0,
      coveredSeconds: 0,
      durationSeconds: (b.end - b.start) / 1000,
      minutesAtOrOverCapacity: opts.capacity === null ? null : 0,
      clamps: 0,
      adjusted: false,
      hasData: false,
    };
    let coveredMs = 0;
    for (let t = b.start; t < b.end; t += MINUTE_MS) {
      const m = byMinute.get(t) ?? {
        minute: t,
        entries: 0,
        exits: 0,
        occMaxAtMs: 0,
        clamps: 0,
        adjusted: false,
        occStart: occ,
        occEnd: occ,
        occMin: occ,
        occMax: occ,
        integral: occ * 60,
      };
      const stored = byMinute.has(t);
      const c = cov(t, t + MINUTE_MS);
      coveredMs += c;
      r.coveredIntegral += (m.integral * c) / MINUTE_MS;
      r.integral += m.integral;
      r.entries += m.entries;
      r.exits += m.exits;
      r.clamps += m.clamps;
      if (m.occMin < r.occupancyMin) [r.occupancyMin, r.occupancyMinAt] = [m.occMin, t];
      if (m.occMax > r.occupancyMax)
        [r.occupancyMax, r.occupancyMaxAt] = [m.occMax, t + m.occMaxAtMs];
      if (r.minutesAtOrOverCapacity !== null && m.occMax >= opts.capacity!)
        r.minutesAtOrOverCapacity++;
      r.adjusted ||= m.adjusted;
      r.hasData ||= stored;
      occ = m.occEnd;
    }
    r.net = r.entries - r.exits;
    r.occupancyEnd = occ;
    r.coveredSeconds = coveredMs / 1000;
    r.occupancyAvg = coveredMs > 0 ? r.coveredIntegral / (coveredMs / 1000) : null;
    return r;
  });
}

const FLOATS = ["integral", "coveredIntegral", "occupancyAvg"] as const;

function expectSame(actual: RollupBucket[], expected: RollupBucket[], label: string): void {
  expect(actual.length, label).toBe(expected.length);
  actual.forEach((a, i) => {
    const e = expected[i]!;
    for (const key of Object.keys(e) as (keyof RollupBucket)[]) {
      const [x, y] = [a[key], e[key]];
      if (
        (FLOATS as readonly string[]).includes(key) &&
        typeof x === "number" &&
        typeof y === "number"
      ) {
        expect(Math.abs(x - y), `${label} #${i} ${key}: ${x} vs ${y}`).toBeLessThanOrEqual(
          1e-9 * Math.max(1, Math.abs(y)),
        );
      } else {
        expect(x, `${label} #${i} ${key}`).toEqual(y);
      }
    }
  });
}

describe("rollup: properties", () => {
  const zones = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu", "UTC"];
  const anchors = [
    "2026-03-08",
    "2026-03-29",
    "2026-10-25",
    "2026-11-01",
    "2026-06-15",
    "2026-12-31",
  ];
  const unit = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
  const scenario = fc.record({
    zone: fc.constantFrom(...zones),
    anchor: fc.constantFrom(...anchors),
    shift: fc.integer({ min: -1, max: 1 }),
    days: fc.integer({ min: 1, max: 3 }),
    start: fc.integer({ min: 0, max: 20 }),
    allowNegative: fc.boolean(),
    events: fc.array(
      fc.record({
        u: unit,
        kind: fc.constantFrom("in", "in", "out", "out", "out", "set"),
        value: fc.integer({ min: 0, max: 12 }),
      }),
      { maxLength: 120 },
    ),
    existing: fc.array(unit, { maxLength: 10 }),
    coverage: fc.option(fc.array(fc.tuple(unit, unit), { maxLength: 4 }), { nil: undefined }),
    capacity: fc.option(fc.integer({ min: 0, max: 15 }), { nil: null }),
    keep: fc.double({ min: 0, max: 1, noNaN: true }),
  });

  it("minutes → quarters → hours → days = minutes → hours → days = minutes → days = brute force", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const first = DateTime.fromISO(s.anchor, { zone: s.zone }).plus({ days: s.shift });
        const from = first.toMillis();
        const to = first.plus({ days: s.days }).toMillis();
        const ts = (u: number) => from + Math.floor(u * (to - from));
        const events: LedgerEvent[] = s.events.map((e) =>
          e.kind === "set"
            ? { ts: ts(e.u), kind: "set", value: e.value }
            : { ts: ts(e.u), kind: "crossing", delta: e.kind === "in" ? 1 : -1 },
        );
        const { buckets: minutes } = replayOccupancy({
          start: s.start,
          fromMinute: from,
          events,
          existingMinutes: s.existing.map((u) => Math.floor(ts(u) / MINUTE_MS) * MINUTE_MS),
          allowNegative: s.allowNegative,
        });
        const intervals = (s.coverage ?? [])
          .map(([a, b]) => [ts(Math.min(a, b)), ts(Math.max(a, b))] as const)
          .sort((x, y) => x[0] - y[0]);
        const merged: [number, number][] = [];
        for (const [a, b] of intervals) {
          const last = merged.at(-1);
          if (last && a <= last[1]) last[1] = Math.max(last[1], b);
          else merged.push([a, b]);
        }
        const opts: RollupOptions = {
          capacity: s.capacity,
          covered: s.coverage === undefined ? undefined : coveredBy(merged),
        };

        const days = bucketBoundaries(from, to, "day", s.zone);
        const hours = bucketBoundaries(from, to, "hour", s.zone);
        const quarters = bucketBoundaries(from, to, "quarter", s.zone);
        expect(days).toHaveLength(s.days);
        expect(hours[0]!.start).toBe(from);
        expect(hours.at(-1)!.end).toBe(to);

        // Drop some parts without data: the coarser rollup must carry through the hole.
        const sparse = (parts: RollupBucket[]) =>
          parts.filter((p, i) => p.hasData || (i * 7919) % 100 < s.keep * 100);

        const direct = rollup(minutes, s.start, days, opts);
        const hourly = rollup(minutes, s.start, hours, opts);
        const viaHours = rollupParts(sparse(hourly), s.start, days, opts);
        const quarterly = rollup(minutes, s.start, quarters, opts);
        const viaQuarters = rollupParts(
          sparse(rollupParts(sparse(quarterly), s.start, hours, opts)),
          s.start,
          days,
          opts,
        );

        expectSame(direct, bruteForce(minutes, s.start, days, opts), "days vs brute force");
        expectSame(hourly, bruteForce(minutes, s.start, hours, opts), "hours vs brute force");
        expectSame(viaHours, direct, "hours → days");
        expectSame(viaQuarters, direct, "quarters → hours → days");
        // Totals are conserved whatever the bucketing.
        const total = (bs: RollupBucket[], k: "entries" | "exits") =>
          bs.reduce((n, b) => n + b[k], 0);
        expect(total(quarterly, "entries")).toBe(total(direct, "entries"));
        expect(total(hourly, "exits")).toBe(total(direct, "exits"));
      }),
      { numRuns: 200 },
    );
  });
});
