import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { type Bucket, bucketBoundaries, formatBucket, type Unit } from "./local-buckets";

const at = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;
const starts = (buckets: Bucket[], unit: Unit, tz: string) =>
  buckets.map((b) => formatBucket(b, unit, tz).start);
const durationsH = (buckets: Bucket[]) => buckets.map((b) => (b.end - b.start) / HOUR);
const expectContiguous = (buckets: Bucket[]) => {
  for (let i = 1; i < buckets.length; i++) expect(buckets[i]!.start).toBe(buckets[i - 1]!.end);
};

describe("bucketBoundaries: Europe/Berlin DST", () => {
  const tz = "Europe/Berlin";

  it("2026-03-29 is one 23-hour day of 23 hour buckets, 02:00 missing", () => {
    const from = at("2026-03-28T23:00:00Z");
    const to = at("2026-03-29T22:00:00Z");
    expect(bucketBoundaries(from, to, "day", tz)).toEqual([{ start: from, end: to }]);
    const hours = bucketBoundaries(from, to, "hour", tz);
    expect(hours).toHaveLength(23);
    expectContiguous(hours);
    expect(durationsH(hours).every((h) => h === 1)).toBe(true);
    expect(starts(hours, "hour", tz).slice(0, 4)).toEqual([
      "2026-03-29T00:00:00+01:00",
      "2026-03-29T01:00:00+01:00",
      "2026-03-29T03:00:00+02:00",
      "2026-03-29T04:00:00+02:00",
    ]);
    expect(formatBucket(hours[22]!, "hour", tz)).toEqual({
      start: "2026-03-29T23:00:00+02:00",
      end: "2026-03-30T00:00:00+02:00",
    });
    expect(bucketBoundaries(from, to, "quarter", tz)).toHaveLength(92);
  });

  it("2026-10-25 is one 25-hour day with two 02:00 hours, +02:00 then +01:00", () => {
    const from = at("2026-10-24T22:00:00Z");
    const to = at("2026-10-25T23:00:00Z");
    const days = bucketBoundaries(from, to, "day", tz);
    expect(days).toEqual([{ start: from, end: to }]);
    expect(formatBucket(days[0]!, "day", tz)).toEqual({
      start: "2026-10-25T00:00:00+02:00",
      end: "2026-10-26T00:00:00+01:00",
      date: "2026-10-25",
    });
    const hours = bucketBoundaries(from, to, "hour", tz);
    expect(hours).toHaveLength(25);
    expectContiguous(hours);
    expect(starts(hours, "hour", tz).slice(1, 5)).toEqual([
      "2026-10-25T01:00:00+02:00",
      "2026-10-25T02:00:00+02:00",
      "2026-10-25T02:00:00+01:00",
      "2026-10-25T03:00:00+01:00",
    ]);
    expect(formatBucket(hours[2]!, "hour", tz)).toEqual({
      start: "2026-10-25T02:00:00+02:00",
      end: "2026-10-25T02:00:00+01:00",
    });
    expect(bucketBoundaries(from, to, "quarter", tz)).toHaveLength(100);
    expect(bucketBoundaries(from, to, "minute", tz)).toHaveLength(1500);
  });

  it("March is 743 hours, October 745; month buckets across DST", () => {
    const march = bucketBoundaries(
      at("2026-02-28T23:00:00Z"),
      at("2026-03-31T22:00:00Z"),
      "month",
      tz,
    );
    expect(march).toHaveLength(1);
    expect((march[0]!.end - march[0]!.start) / HOUR).toBe(743);
    expect(formatBucket(march[0]!, "month", tz)).toEqual({
      start: "2026-03-01T00:00:00+01:00",
      end: "2026-04-01T00:00:00+02:00",
      month: "2026-03",
    });
    expect(bucketBoundaries(march[0]!.start, march[0]!.end, "hour", tz)).toHaveLength(743);
    expect(bucketBoundaries(march[0]!.start, march[0]!.end, "day", tz)).toHaveLength(31);
    const year = bucketBoundaries(
      at("2026-01-15T12:00:00Z"),
      at("2026-12-15T12:00:00Z"),
      "month",
      tz,
    );
    expect(year.map((b) => formatBucket(b, "month", tz).month)).toEqual(
      Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, "0")}`),
    );
    expect((year[9]!.end - year[9]!.start) / HOUR).toBe(745);
  });
});

describe("bucketBoundaries: America/New_York DST", () => {
  const tz = "America/New_York";

  it("2026-03-08 has 23 hours, 02:00 missing", () => {
    const hours = bucketBoundaries(
      at("2026-03-08T05:00:00Z"),
      at("2026-03-09T04:00:00Z"),
      "hour",
      tz,
    );
    expect(hours).toHaveLength(23);
    expect(starts(hours, "hour", tz).slice(0, 4)).toEqual([
      "2026-03-08T00:00:00-05:00",
      "2026-03-08T01:00:00-05:00",
      "2026-03-08T03:00:00-04:00",
      "2026-03-08T04:00:00-04:00",
    ]);
    const days = bucketBoundaries(
      at("2026-03-07T05:00:00Z"),
      at("2026-03-10T04:00:00Z"),
      "day",
      tz,
    );
    expect(days.map((d) => formatBucket(d, "day", tz).date)).toEqual([
      "2026-03-07",
      "2026-03-08",
      "2026-03-09",
    ]);
    expect(durationsH(days)).toEqual([24, 23, 24]);
  });

  it("2026-11-01 has 25 hours, two 01:00 hours -04:00 then -05:00", () => {
    const hours = bucketBoundaries(
      at("2026-11-01T04:00:00Z"),
      at("2026-11-02T05:00:00Z"),
      "hour",
      tz,
    );
    expect(hours).toHaveLength(25);
    expect(starts(hours, "hour", tz).slice(0, 4)).toEqual([
      "2026-11-01T00:00:00-04:00",
      "2026-11-01T01:00:00-04:00",
      "2026-11-01T01:00:00-05:00",
      "2026-11-01T02:00:00-05:00",
    ]);
    const day = bucketBoundaries(at("2026-11-01T12:00:00Z"), at("2026-11-01T13:00:00Z"), "day", tz);
    expect(formatBucket(day[0]!, "day", tz)).toEqual({
      start: "2026-11-01T00:00:00-04:00",
      end: "2026-11-02T00:00:00-05:00",
      date: "2026-11-01",
    });
  });
});

describe("bucketBoundaries: +05:30 and +05:45 zones", () => {
  it("Asia/Kolkata hours start at local :00 = UTC :30; days at 18:30Z", () => {
    const tz = "Asia/Kolkata";
    const hours = bucketBoundaries(
      at("2026-06-01T00:00:00Z"),
      at("2026-06-01T02:00:00Z"),
      "hour",
      tz,
    );
    expect(hours).toEqual([
      { start: at("2026-05-31T23:30:00Z"), end: at("2026-06-01T00:30:00Z") },
      { start: at("2026-06-01T00:30:00Z"), end: at("2026-06-01T01:30:00Z") },
      { start: at("2026-06-01T01:30:00Z"), end: at("2026-06-01T02:30:00Z") },
    ]);
    expect(formatBucket(hours[0]!, "hour", tz)).toEqual({
      start: "2026-06-01T05:00:00+05:30",
      end: "2026-06-01T06:00:00+05:30",
    });
    const days = bucketBoundaries(
      at("2026-06-01T00:00:00Z"),
      at("2026-06-01T20:00:00Z"),
      "day",
      tz,
    );
    expect(days).toEqual([
      { start: at("2026-05-31T18:30:00Z"), end: at("2026-06-01T18:30:00Z") },
      { start: at("2026-06-01T18:30:00Z"), end: at("2026-06-02T18:30:00Z") },
    ]);
    expect(formatBucket(days[1]!, "day", tz)).toEqual({
      start: "2026-06-02T00:00:00+05:30",
      end: "2026-06-03T00:00:00+05:30",
      date: "2026-06-02",
    });
  });

  it("Asia/Kathmandu hours start at UTC :15, quarters at local :00/:15/:30/:45, days at 18:15Z", () => {
    const tz = "Asia/Kathmandu";
    const hours = bucketBoundaries(
      at("2026-06-01T00:00:00Z"),
      at("2026-06-01T01:00:00Z"),
      "hour",
      tz,
    );
    expect(hours).toEqual([
      { start: at("2026-05-31T23:15:00Z"), end: at("2026-06-01T00:15:00Z") },
      { start: at("2026-06-01T00:15:00Z"), end: at("2026-06-01T01:15:00Z") },
    ]);
    expect(starts(hours, "hour", tz)).toEqual([
      "2026-06-01T05:00:00+05:45",
      "2026-06-01T06:00:00+05:45",
    ]);
    const quarters = bucketBoundaries(
      at("2026-06-01T00:00:00Z"),
      at("2026-06-01T01:00:00Z"),
      "quarter",
      tz,
    );
    expect(starts(quarters, "quarter", tz)).toEqual([
      "2026-06-01T05:45:00+05:45",
      "2026-06-01T06:00:00+05:45",
      "2026-06-01T06:15:00+05:45",
      "2026-06-01T06:30:00+05:45",
    ]);
    const day = bucketBoundaries(at("2026-06-01T18:15:00Z"), at("2026-06-01T18:16:00Z"), "day", tz);
    expect(day).toEqual([{ start: at("2026-06-01T18:15:00Z"), end: at("2026-06-02T18:15:00Z") }]);
    expect(formatBucket(day[0]!, "day", tz).date).toBe("2026-06-02");
  });
});

describe("bucketBoundaries: alignment and edge cases", () => {
  it("aligns outward: from rounds down, to rounds up to whole local buckets", () => {
    const hours = bucketBoundaries(
      at("2026-06-01T10:20:00Z"),
      at("2026-06-01T12:00:01Z"),
      "hour",
      "Europe/Berlin",
    );
    expect(hours.map((b) => [b.start, b.end])).toEqual([
      [at("2026-06-01T10:00:00Z"), at("2026-06-01T11:00:00Z")],
      [at("2026-06-01T11:00:00Z"), at("2026-06-01T12:00:00Z")],
      [at("2026-06-01T12:00:00Z"), at("2026-06-01T13:00:00Z")],
    ]);
    // `to` on a boundary is exclusive.
    expect(
      bucketBoundaries(at("2026-06-01T10:00:00Z"), at("2026-06-01T11:00:00Z"), "hour", "UTC"),
    ).toHaveLength(1);
    expect(
      bucketBoundaries(at("2026-06-01T11:00:00Z"), at("2026-06-01T11:00:00Z"), "hour", "UTC"),
    ).toEqual([]);
    // From inside the repeated Berlin hour: the bucket is the +01:00 one.
    const inRepeat = bucketBoundaries(
      at("2026-10-25T01:30:00Z"),
      at("2026-10-25T01:31:00Z"),
      "hour",
      "Europe/Berlin",
    );
    expect(inRepeat).toEqual([
      { start: at("2026-10-25T01:00:00Z"), end: at("2026-10-25T02:00:00Z") },
    ]);
  });

  it("formats UTC with +00:00 and never prints millis", () => {
    expect(
      formatBucket(
        { start: at("2026-01-01T00:00:00Z"), end: at("2026-01-02T00:00:00Z") },
        "day",
        "UTC",
      ),
    ).toEqual({
      start: "2026-01-01T00:00:00+00:00",
      end: "2026-01-02T00:00:00+00:00",
      date: "2026-01-01",
    });
  });

  it("splits an hour at a half-hour offset change (Australia/Lord_Howe)", () => {
    const tz = "Australia/Lord_Howe";
    // 2026-04-05 02:00 +11:00 → 01:30 +10:30 (15:00Z): 01:00–02:00 +11, then 01:30–02:00 +10:30.
    const fall = bucketBoundaries(
      at("2026-04-04T14:00:00Z"),
      at("2026-04-04T16:00:00Z"),
      "hour",
      tz,
    );
    expect(fall.map((b) => formatBucket(b, "hour", tz))).toEqual([
      { start: "2026-04-05T01:00:00+11:00", end: "2026-04-05T01:30:00+10:30" },
      { start: "2026-04-05T01:30:00+10:30", end: "2026-04-05T02:00:00+10:30" },
      { start: "2026-04-05T02:00:00+10:30", end: "2026-04-05T03:00:00+10:30" },
    ]);
    // 2026-10-04 02:00 +10:30 → 02:30 +11:00 (15:30Z): the 02 hour lasts 30 minutes.
    const spring = bucketBoundaries(
      at("2026-10-03T14:30:00Z"),
      at("2026-10-03T16:00:00Z"),
      "hour",
      tz,
    );
    expect(spring.map((b) => formatBucket(b, "hour", tz))).toEqual([
      { start: "2026-10-04T01:00:00+10:30", end: "2026-10-04T02:30:00+11:00" },
      { start: "2026-10-04T02:30:00+11:00", end: "2026-10-04T03:00:00+11:00" },
    ]);
  });

  it("starts a day without a midnight at its first instant (America/Santiago)", () => {
    const tz = "America/Santiago";
    const days = bucketBoundaries(
      at("2026-09-06T12:00:00Z"),
      at("2026-09-06T13:00:00Z"),
      "day",
      tz,
    );
    expect(formatBucket(days[0]!, "day", tz)).toEqual({
      start: "2026-09-06T01:00:00-03:00",
      end: "2026-09-07T00:00:00-03:00",
      date: "2026-09-06",
    });
  });

  it("rejects unknown zones", () => {
    expect(() => bucketBoundaries(0, HOUR, "hour", "Mars/Olympus")).toThrow(/time zone/);
  });

  it("property: buckets are contiguous, cover the range and start on local boundaries", () => {
    const zones = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu", "UTC"];
    const step: Record<Unit, number> = { minute: 1, quarter: 15, hour: 60, day: 0, month: 0 };
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.constantFrom<Unit>("minute", "quarter", "hour", "day", "month"),
        fc.integer({ min: at("2025-01-01T00:00:00Z"), max: at("2027-12-31T00:00:00Z") }),
        fc.integer({ min: 1, max: 3 * HOUR }),
        (tz, unit, from, len) => {
          const to = from + (unit === "month" ? len * 200 : unit === "day" ? len * 24 : len);
          const buckets = bucketBoundaries(from, to, unit, tz);
          expect(buckets[0]!.start).toBeLessThanOrEqual(from);
          expect(buckets[0]!.end).toBeGreaterThan(from);
          expect(buckets.at(-1)!.end).toBeGreaterThanOrEqual(to);
          expect(buckets.at(-1)!.start).toBeLessThan(to);
          expectContiguous(buckets);
          for (const b of buckets) {
            const local = DateTime.fromMillis(b.start, { zone: tz });
            expect(local.second).toBe(0);
            if (step[unit] > 0) expect(local.minute % step[unit]).toBe(0);
            else expect(local.hour * 60 + local.minute).toBe(0);
            if (unit === "month") expect(local.day).toBe(1);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
