import { describe, expect, it } from "vitest";
import {
  isWorkingAt,
  lastClosingAtOrBefore,
  normaliseDay,
  type Schedule,
  workingMsBetween,
} from "./schedule";

const weekdays9to5: Schedule = {
  weekly: {
    mon: [{ start: "09:00", end: "17:00" }],
    tue: [{ start: "09:00", end: "17:00" }],
    wed: [{ start: "09:00", end: "17:00" }],
    thu: [{ start: "09:00", end: "17:00" }],
    fri: [{ start: "09:00", end: "17:00" }],
    sat: [],
    sun: [{ start: "22:00", end: "24:00" }],
  },
  closedDates: ["2026-12-25"],
};
const berlin = "Europe/Berlin";
const H = 3_600_000;

describe("working hours", () => {
  it("follows local time in the facility's zone", () => {
    // Tuesday 2026-11-24 08:30 UTC is 09:30 in Berlin.
    expect(isWorkingAt(weekdays9to5, berlin, Date.parse("2026-11-24T08:30:00Z"))).toBe(true);
    expect(isWorkingAt(weekdays9to5, berlin, Date.parse("2026-11-24T07:30:00Z"))).toBe(false);
    expect(isWorkingAt(weekdays9to5, "UTC", Date.parse("2026-11-24T08:30:00Z"))).toBe(false);
    // The end is exclusive; Saturday is closed; a closed date is closed.
    expect(isWorkingAt(weekdays9to5, berlin, Date.parse("2026-11-24T16:00:00Z"))).toBe(false);
    expect(isWorkingAt(weekdays9to5, berlin, Date.parse("2026-11-28T10:00:00Z"))).toBe(false);
    expect(isWorkingAt(weekdays9to5, berlin, Date.parse("2026-12-25T10:00:00Z"))).toBe(false);
    expect(isWorkingAt(null, berlin, Date.parse("2026-12-25T10:00:00Z"))).toBe(true);
  });

  it("keeps 09:00 at 09:00 local across a daylight-saving change", () => {
    // Monday 2026-10-26, the day after Berlin falls back to UTC+1: 09:00 local is 08:00 UTC.
    expect(isWorkingAt(weekdays9to5, berlin, Date.parse("2026-10-26T08:00:00Z"))).toBe(true);
    // Friday 2026-10-23 (UTC+2): 09:00 local is 07:00 UTC.
    expect(isWorkingAt(weekdays9to5, berlin, Date.parse("2026-10-23T07:00:00Z"))).toBe(true);
  });

  it("measures working time in a span, including an interval up to midnight", () => {
    const from = Date.parse("2026-11-23T06:00:00Z"); // Monday 07:00 Berlin
    const to = Date.parse("2026-11-24T06:00:00Z"); // Tuesday 07:00 Berlin
    expect(workingMsBetween(weekdays9to5, berlin, from, to)).toBe(8 * H);
    // Sunday 21:00 to Monday 10:00 Berlin: 22:00–24:00 Sunday and 09:00–10:00 Monday.
    const sun = Date.parse("2026-11-22T20:00:00Z");
    expect(workingMsBetween(weekdays9to5, berlin, sun, sun + 13 * H)).toBe(3 * H);
    expect(workingMsBetween(null, berlin, from, to)).toBe(24 * H);
  });

  it("finds the last closing time", () => {
    const now = Date.parse("2026-11-24T18:00:00Z"); // Tuesday 19:00 Berlin
    expect(lastClosingAtOrBefore(weekdays9to5, berlin, now)).toBe(
      Date.parse("2026-11-24T16:00:00Z"),
    );
    const morning = Date.parse("2026-11-24T07:00:00Z"); // Tuesday 08:00: Monday's close
    expect(lastClosingAtOrBefore(weekdays9to5, berlin, morning)).toBe(
      Date.parse("2026-11-23T16:00:00Z"),
    );
    expect(lastClosingAtOrBefore(null, berlin, now)).toBeNull();
  });

  it("merges overlapping intervals", () => {
    expect(
      normaliseDay([
        { start: "13:00", end: "18:00" },
        { start: "08:00", end: "12:00" },
        { start: "11:00", end: "13:00" },
      ]),
    ).toEqual([{ start: "08:00", end: "18:00" }]);
  });
});
