import { describe, expect, it } from "vitest";
import { parseRange, type RangeInput } from "./range";

const at = (iso: string) => Date.parse(iso);
const berlin = (from: string, to: string | undefined, unit: RangeInput["unit"] = "hour") =>
  parseRange({ from, to, unit, timeZone: "Europe/Berlin" });

describe("parseRange", () => {
  it("reads local dates as midnight in the facility's zone", () => {
    expect(berlin("2026-10-25", "2026-10-26")).toEqual({
      ok: true,
      fromMs: at("2026-10-24T22:00:00Z"),
      toMs: at("2026-10-25T23:00:00Z"),
    });
    expect(
      parseRange({
        from: "2026-06-01",
        to: "2026-06-02",
        unit: "hour",
        timeZone: "Asia/Kathmandu",
      }),
    ).toEqual({ ok: true, fromMs: at("2026-05-31T18:15:00Z"), toMs: at("2026-06-01T18:15:00Z") });
  });

  it("reads instants with Z or an offset, whatever the facility's zone", () => {
    expect(berlin("2026-10-25T02:00:00+01:00", "2026-10-25T03:00:00Z")).toEqual({
      ok: true,
      fromMs: at("2026-10-25T01:00:00Z"),
      toMs: at("2026-10-25T03:00:00Z"),
    });
    expect(berlin("2026-10-25T02:00:00.250+0530", "2026-10-25T02:00Z")).toEqual({
      ok: true,
      fromMs: at("2026-10-24T20:30:00.250Z"),
      toMs: at("2026-10-25T02:00:00Z"),
    });
    expect(berlin("2026-10-25", "2026-10-25T12:00:00+02:00")).toMatchObject({ ok: true });
  });

  it("defaults `to` to now when given, and needs it otherwise", () => {
    const nowMs = at("2026-10-25T10:00:00Z");
    expect(
      parseRange({ from: "2026-10-25", unit: "minute", timeZone: "Europe/Berlin", nowMs }),
    ).toEqual({ ok: true, fromMs: at("2026-10-24T22:00:00Z"), toMs: nowMs });
    expect(berlin("2026-10-25", undefined)).toMatchObject({ ok: false, field: "to" });
  });

  it("rejects from ≥ to with a half-open hint", () => {
    for (const [from, to] of [
      ["2026-10-25", "2026-10-25"],
      ["2026-10-26", "2026-10-25"],
      ["2026-10-25T00:00:00+02:00", "2026-10-25"],
    ] as const) {
      const r = berlin(from, to);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.field).toBe("range");
        expect(r.reason).toMatch(/before/);
        expect(r.hint).toMatch(/half-open/);
      }
    }
  });

  it("limits the range per unit, in local calendar terms", () => {
    const cases = [
      ["minute", "2026-10-24", "2026-10-26", "2026-10-26T00:00:01+01:00"], // 49 h, two local days
      ["quarter", "2026-03-01", "2026-04-01", "2026-04-02"],
      ["hour", "2026-01-01", "2026-04-04", "2026-04-05"],
      ["day", "2024-01-01", "2027-01-01", "2027-01-02"],
      ["month", "2006-01-01", "2026-01-01", "2026-02-01"],
    ] as const;
    for (const [unit, from, okTo, badTo] of cases) {
      expect(berlin(from, okTo, unit)).toMatchObject({ ok: true });
      const r = berlin(from, badTo, unit);
      expect(r).toMatchObject({ ok: false, field: "range" });
      if (!r.ok) {
        expect(r.reason).toContain(`too large for ${unit}`);
        expect(r.hint).toMatch(unit === "month" ? /Shorten/ : /unit=/);
      }
    }
    const r = berlin("2026-01-01", "2026-01-04", "minute");
    expect(!r.ok && r.hint).toBe("Shorten the range to at most 2 days, or use unit=quarter.");
  });

  it("rejects garbage with the accepted forms as a hint", () => {
    const bad = [
      "",
      "yesterday",
      "2026-13-01",
      "2026-02-30",
      "2026-10-25T25:00:00Z",
      "2026-10-25T02:00:00+1",
      "1761350400000",
      "2026/10/25",
      "2026-10-25T02:00:00Zjunk",
    ];
    for (const from of bad) {
      const r = berlin(from, "2026-10-26");
      expect(r, from).toMatchObject({ ok: false, field: "from" });
      if (!r.ok) expect(r.hint).toMatch(/YYYY|2026-10-25/);
    }
    expect(berlin("2026-10-24", "soon")).toMatchObject({ ok: false, field: "to" });
  });

  it("explains a local time without offset and a `+` lost in a query string", () => {
    const noOffset = berlin("2026-10-25T02:30:00", "2026-10-26");
    expect(noOffset).toMatchObject({ ok: false, field: "from" });
    if (!noOffset.ok) expect(noOffset.reason).toMatch(/without an offset/);
    const lostPlus = berlin("2026-10-25T02:00:00 01:00", "2026-10-26");
    expect(lostPlus).toMatchObject({ ok: false, field: "from" });
    if (!lostPlus.ok) expect(lostPlus.hint).toMatch(/%2B/);
  });

  it("rejects an unknown time zone", () => {
    expect(
      parseRange({
        from: "2026-10-25",
        to: "2026-10-26",
        unit: "day",
        timeZone: "Europe/Atlantis",
      }),
    ).toMatchObject({ ok: false, field: "tz" });
  });
});
